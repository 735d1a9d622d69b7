/**
 * The gateway sends each refill of signed txs (consecutive sequences of one account) as ONE
 * JSON-RPC batch of broadcast_tx_sync calls (chain-client/broadcast.ts broadcastSyncMany). That is
 * only correct if the node runs a batch's calls in order, so each tx meets CheckTx after the one
 * before it. This suite checks it on every target, real CometBFT included; and that the door's
 * device lookups, batched 10 at a time by cosmjs's HttpBatchClient, are all answered.
 */
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { SigningStargateClient, StargateClient } from "@cosmjs/stargate";
import { Comet38Client, HttpBatchClient } from "@cosmjs/tendermint-rpc";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { broadcastSyncMany } from "../../chain-client/broadcast";
import type { ConformanceTarget } from "./target";

export function batchBroadcastSuite(getTarget: () => ConformanceTarget, senderIndex: number): void {
  let target: ConformanceTarget;
  let client: SigningStargateClient;
  let reader: StargateClient;
  let sender: string;
  let recipient: string;

  async function sendTxs(amounts: readonly string[], firstSequence: number): Promise<Uint8Array[]> {
    const { accountNumber } = await reader.getSequence(sender);
    const fee = { amount: [{ denom: target.denom, amount: "10000" }], gas: "200000" };
    const txs: Uint8Array[] = [];
    for (const [i, amount] of amounts.entries()) {
      const msg = { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: sender, toAddress: recipient, amount: [{ denom: target.denom, amount }] } };
      const raw = await client.sign(sender, [msg], fee, "", { accountNumber, sequence: firstSequence + i, chainId: target.chainId });
      txs.push(TxRaw.encode(raw).finish());
    }
    return txs;
  }

  async function waitForSequence(sequence: number): Promise<void> {
    for (let i = 0; i < 100 && (await reader.getSequence(sender)).sequence < sequence; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await reader.getSequence(sender)).sequence).toBe(sequence);
  }

  beforeAll(async () => {
    target = getTarget();
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(target.mnemonics[senderIndex], { prefix: target.prefix });
    const other = await DirectSecp256k1HdWallet.fromMnemonic(target.mnemonics[senderIndex + 1], { prefix: target.prefix });
    sender = (await wallet.getAccounts())[0].address;
    recipient = (await other.getAccounts())[0].address;
    client = await SigningStargateClient.connectWithSigner(target.rpcUrl, wallet);
    reader = await StargateClient.connect(target.readRpcUrl);
  });

  afterAll(() => {
    client?.disconnect();
    reader?.disconnect();
  });

  it("runs a batch's broadcast_tx_sync calls in order: consecutive sequences all pass CheckTx and commit", async () => {
    const { sequence } = await reader.getSequence(sender);
    const before = BigInt((await reader.getBalance(recipient, target.denom)).amount);
    const txs = await sendTxs(["1", "2", "3", "4", "5", "6"], sequence);
    const results = await broadcastSyncMany(target.rpcUrl, txs);
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0]);
    await waitForSequence(sequence + 6);
    expect(BigInt((await reader.getBalance(recipient, target.denom)).amount)).toBe(before + 21n);
  });

  it("a refused tx in the middle: those before it pass, those after it meet the sequence gap (sdk/32)", async () => {
    const { sequence } = await reader.getSequence(sender);
    const balance = BigInt((await reader.getBalance(sender, target.denom)).amount);
    const txs = await sendTxs(["7", (balance * 2n).toString(), "8", "9"], sequence);
    const results = await broadcastSyncMany(target.rpcUrl, txs);
    expect(results.map((r) => `${r.codespace}/${r.code}`)).toEqual(["/0", "sdk/5", "sdk/32", "sdk/32"]);
    await waitForSequence(sequence + 1);
  });

  it("refuses a batch of more than 10 calls as a whole (CometBFT's default max_request_batch_size): nothing is admitted", async () => {
    const { sequence } = await reader.getSequence(sender);
    const txs = await sendTxs(Array.from({ length: 11 }, () => "1"), sequence);
    const results = await broadcastSyncMany(target.rpcUrl, txs);
    expect(results.map((r) => r.code)).toEqual(Array(11).fill(-1));
    expect(results[0].log).toMatch(/batch request exceeds maximum \(10\) allowed number of requests/);
    // Nothing reached the mempool: the first of the 11 still goes through on its own.
    const again = await broadcastSyncMany(target.rpcUrl, txs.slice(0, 1));
    expect(again.map((r) => r.code)).toEqual([0]);
    await waitForSequence(sequence + 1);
  });

  it("answers every query of a JSON-RPC batch of 10 (the gateway door's device lookups through cosmjs's HttpBatchClient)", async () => {
    // 10 is CometBFT's default max_request_batch_size: the gateway's batch size must stay within it.
    const batched = StargateClient.create(Comet38Client.create(new HttpBatchClient(target.readRpcUrl, { batchSizeLimit: 10, dispatchInterval: 5 })));
    try {
      const expected = (await reader.getBalance(sender, target.denom)).amount;
      const answers = await Promise.all(Array.from({ length: 10 }, () => batched.getBalance(sender, target.denom)));
      expect(answers.map((a) => a.amount)).toEqual(Array(10).fill(expected));
    } finally {
      batched.disconnect();
    }
  });
}
