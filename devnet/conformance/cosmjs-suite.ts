/**
 * The cosmjs conformance suite: an unmodified @cosmjs/stargate client (nothing imported from this
 * repo on the client side) against a running chain. One suite, several targets (see target.ts).
 */
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { GasPrice, SigningStargateClient, StargateClient, calculateFee, assertIsDeliverTxSuccess } from "@cosmjs/stargate";
import type { ConformanceTarget } from "./target";

export interface SuiteAccounts {
  /** Index into target.mnemonics of the sender; the next index is the recipient. */
  readonly sender: number;
}

export function cosmjsConformanceSuite(getTarget: () => ConformanceTarget, accounts: SuiteAccounts): void {
  let target: ConformanceTarget;
  let client: SigningStargateClient;
  let reader: StargateClient;
  let sender: string;
  let recipient: string;

  beforeAll(async () => {
    target = getTarget();
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(target.mnemonics[accounts.sender], { prefix: target.prefix });
    const other = await DirectSecp256k1HdWallet.fromMnemonic(target.mnemonics[accounts.sender + 1], { prefix: target.prefix });
    sender = (await wallet.getAccounts())[0].address;
    recipient = (await other.getAccounts())[0].address;
    client = await SigningStargateClient.connectWithSigner(target.rpcUrl, wallet, {
      gasPrice: GasPrice.fromString(`${target.minGasPrice}${target.denom}`),
      broadcastPollIntervalMs: 200,
    });
    reader = await StargateClient.connect(target.readRpcUrl);
  });

  afterAll(async () => {
    client?.disconnect();
    reader?.disconnect();
  });

  it("reports the chain id and a height", async () => {
    expect(await client.getChainId()).toBe(target.chainId);
    expect(await client.getHeight()).toBeGreaterThan(0);
  });

  it("sends tokens with an \"auto\" fee (simulate), and every read API sees the result", async () => {
    const before = BigInt((await reader.getBalance(recipient, target.denom)).amount);
    const sequenceBefore = await client.getSequence(sender);
    const result = await client.sendTokens(sender, recipient, [{ denom: target.denom, amount: "12345" }], "auto", "conformance");
    assertIsDeliverTxSuccess(result);
    expect(result.gasUsed).toBeGreaterThan(0n);
    expect(result.gasWanted).toBeGreaterThanOrEqual(result.gasUsed);

    // Reads may go to another node: wait until it has the block, and until its app has committed it
    // (CometBFT reports a block's height before that node's Commit of it returns, so a query can
    // still answer from the state before the block for a moment).
    const balance = async () => BigInt((await reader.getBalance(recipient, target.denom)).amount);
    for (let i = 0; i < 50 && (await reader.getHeight()) < result.height; i++) await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 50 && (await balance()) === before; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await balance()).toBe(before + 12345n);

    const account = await reader.getAccount(sender);
    expect(account?.address).toBe(sender);
    expect(account?.pubkey).not.toBeNull();
    const sequence = await reader.getSequence(sender);
    expect(sequence.sequence).toBe(sequenceBefore.sequence + 1);
    expect(sequence.accountNumber).toBe(sequenceBefore.accountNumber);

    const tx = await reader.getTx(result.transactionHash);
    expect(tx?.height).toBe(result.height);
    expect(tx?.code).toBe(0);

    const found = await reader.searchTx(`message.sender='${sender}'`);
    expect(found.map((t) => t.hash)).toContain(result.transactionHash);
    const byHeight = await reader.searchTx(`tx.height=${result.height}`);
    expect(byHeight.map((t) => t.hash)).toContain(result.transactionHash);

    const block = await reader.getBlock(result.height);
    expect(block.header.height).toBe(result.height);
    expect(block.header.chainId).toBe(target.chainId);
    expect(block.txs.length).toBeGreaterThan(0);
    const latest = await reader.getBlock();
    expect(latest.header.height).toBeGreaterThanOrEqual(result.height);
  });

  it("simulates gas for a send and accepts an explicit fee computed from it", async () => {
    const message = {
      typeUrl: "/cosmos.bank.v1beta1.MsgSend",
      value: { fromAddress: sender, toAddress: recipient, amount: [{ denom: target.denom, amount: "7" }] },
    };
    const gas = await client.simulate(sender, [message], "");
    expect(gas).toBeGreaterThan(0);
    const fee = calculateFee(Math.ceil(gas * 1.3), GasPrice.fromString(`${target.minGasPrice}${target.denom}`));
    const result = await client.signAndBroadcast(sender, [message], fee);
    assertIsDeliverTxSuccess(result);
  });

  it("returns null for an account that does not exist", async () => {
    const wallet = await DirectSecp256k1HdWallet.generate(12, { prefix: target.prefix });
    const [fresh] = await wallet.getAccounts();
    expect(await reader.getAccount(fresh.address)).toBeNull();
    expect((await reader.getBalance(fresh.address, target.denom)).amount).toBe("0");
  });

  it("lists all balances of an account", async () => {
    const balances = await reader.getAllBalances(sender);
    expect(balances.find((b) => b.denom === target.denom)).toBeDefined();
  });
}
