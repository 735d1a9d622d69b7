/**
 * Bad input gets a specific code and loses nothing: each malformed or invalid tx is refused with
 * its SDK code, and the sender's balance and sequence are unchanged afterwards. Client side is
 * unmodified cosmjs (@cosmjs/stargate, proto-signing, tendermint-rpc).
 */
import { DirectSecp256k1HdWallet, Registry } from "@cosmjs/proto-signing";
import { defaultRegistryTypes, GasPrice, SigningStargateClient, StargateClient } from "@cosmjs/stargate";
import { connectComet, type CometClient } from "@cosmjs/tendermint-rpc";
import { MsgSend } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import type { ConformanceTarget } from "./target";

interface Snapshot {
  readonly balance: string;
  readonly sequence: number;
}

export function rejectionsSuite(getTarget: () => ConformanceTarget, senderIndex: number): void {
  let target: ConformanceTarget;
  let client: SigningStargateClient;
  let reader: StargateClient;
  let comet: CometClient;
  let sender: string;
  let recipient: string;
  const fee = { amount: [{ denom: "ufield", amount: "10000" }], gas: "200000" };

  const snapshot = async (): Promise<Snapshot> => ({
    balance: (await reader.getBalance(sender, target.denom)).amount,
    sequence: (await reader.getSequence(sender)).sequence,
  });

  const send = (amount: string) => ({
    typeUrl: "/cosmos.bank.v1beta1.MsgSend",
    value: { fromAddress: sender, toAddress: recipient, amount: [{ denom: target.denom, amount }] },
  });

  async function expectRejected(tx: Uint8Array, codespace: string, code: number, logPattern: RegExp): Promise<void> {
    const before = await snapshot();
    const result = await comet.broadcastTxSync({ tx });
    expect({ codespace: result.codespace, code: result.code }).toEqual({ codespace, code });
    expect(result.log).toMatch(logPattern);
    expect(await snapshot()).toEqual(before);
  }

  async function signed(messages: ReturnType<typeof send>[], overrides: { sequence?: number; chainId?: string; fee?: typeof fee; memo?: string } = {}): Promise<Uint8Array> {
    const { accountNumber, sequence } = await reader.getSequence(sender);
    const raw = await client.sign(sender, messages, overrides.fee ?? fee, overrides.memo ?? "", {
      accountNumber,
      sequence: overrides.sequence ?? sequence,
      chainId: overrides.chainId ?? target.chainId,
    });
    return TxRaw.encode(raw).finish();
  }

  beforeAll(async () => {
    target = getTarget();
    fee.amount[0].denom = target.denom;
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(target.mnemonics[senderIndex], { prefix: target.prefix });
    const other = await DirectSecp256k1HdWallet.fromMnemonic(target.mnemonics[senderIndex + 1], { prefix: target.prefix });
    sender = (await wallet.getAccounts())[0].address;
    recipient = (await other.getAccounts())[0].address;
    // A registry that also knows a message type the chain does not.
    const registry = new Registry([...defaultRegistryTypes, ["/fieldnet.test.v1.MsgUnknown", MsgSend]]);
    client = await SigningStargateClient.connectWithSigner(target.rpcUrl, wallet, {
      registry,
      gasPrice: GasPrice.fromString(`${target.minGasPrice}${target.denom}`),
      broadcastPollIntervalMs: 200,
    });
    reader = await StargateClient.connect(target.readRpcUrl);
    comet = await connectComet(target.rpcUrl);
  });

  afterAll(() => {
    client?.disconnect();
    reader?.disconnect();
    comet?.disconnect();
  });

  it("wrong sequence → sdk/32", async () => {
    const { sequence } = await reader.getSequence(sender);
    await expectRejected(await signed([send("1")], { sequence: sequence + 3 }), "sdk", 32, /account sequence mismatch, expected \d+, got \d+/);
  });

  it("insufficient funds → sdk/5", async () => {
    await expectRejected(await signed([send("999999999999999999999")]), "sdk", 5, /insufficient funds/);
  });

  it("insufficient fee → sdk/13", async () => {
    const cheap = { amount: [{ denom: target.denom, amount: "1" }], gas: "200000" };
    await expectRejected(await signed([send("1")], { fee: cheap }), "sdk", 13, /insufficient fees; got: 1\w+ required: \d+/);
  });

  it("bad signature → sdk/4", async () => {
    const raw = TxRaw.decode(await signed([send("1")]));
    raw.signatures[0] = Uint8Array.from(raw.signatures[0], (byte, i) => (i === 10 ? byte ^ 0xff : byte));
    await expectRejected(TxRaw.encode(raw).finish(), "sdk", 4, /signature verification failed/);
  });

  it("wrong chain-id → sdk/4 naming the chain-id", async () => {
    await expectRejected(await signed([send("1")], { chainId: "some-other-chain" }), "sdk", 4, /chain-id \(/);
  });

  it("unknown message type → sdk/2", async () => {
    const unknown = { ...send("1"), typeUrl: "/fieldnet.test.v1.MsgUnknown" };
    await expectRejected(await signed([unknown]), "sdk", 2, /unable to resolve type URL \/fieldnet.test.v1.MsgUnknown/);
  });

  it("random bytes → sdk/2", async () => {
    const random = Uint8Array.from({ length: 200 }, (_, i) => (i * 7919 + 13) % 256);
    await expectRejected(random, "sdk", 2, /tx parse error/);
  });

  it("truncated protobuf → sdk/2", async () => {
    const tx = await signed([send("1")]);
    await expectRejected(tx.subarray(0, tx.length - 9), "sdk", 2, /tx parse error/);
  });

  it("oversize tx → refused by the mempool before the app, as CometBFT does", async () => {
    const before = await snapshot();
    const tx = await signed([send("1")], { memo: "x".repeat(1024 * 1024 + 16) });
    await expect(comet.broadcastTxSync({ tx })).rejects.toThrow(/tx too large/i);
    expect(await snapshot()).toEqual(before);
  });

  it("memo over the limit → sdk/12", async () => {
    await expectRejected(await signed([send("1")], { memo: "m".repeat(300) }), "sdk", 12, /memo too large/);
  });

  it("keeps producing blocks and accepting valid txs afterwards, with state intact", async () => {
    const before = await snapshot();
    const height = await reader.getHeight();
    const result = await client.sendTokens(sender, recipient, [{ denom: target.denom, amount: "1" }], "auto");
    expect(result.code).toBe(0);
    expect(result.height).toBeGreaterThan(height);
    const after = await snapshot();
    expect(after.sequence).toBe(before.sequence + 1);
  });
}
