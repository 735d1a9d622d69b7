import { QueryBalanceRequest, QueryBalanceResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { QueryAccountRequest } from "cosmjs-types/cosmos/auth/v1beta1/query";
import { type FieldnetApp, createApp } from "./app";
import { type TxRunner, txHash } from "./tx/run-tx";
import { buildGenesisAppState } from "./genesis";
import { defineNetwork } from "./network-config";
import { TestChain } from "./testing/test-chain";
import { accountFromMnemonic, msgSend, signTx, testMnemonic, type TestAccount } from "./testing/test-accounts";

const config = defineNetwork({
  chainId: "app-spec-1",
  bech32Prefix: "depin",
  denom: "ufield",
  minGasPrice: "0.025",
  devAccounts: { count: 0, balance: "0" },
});

const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const app of opened.splice(0)) await app.close();
});

async function setup(): Promise<{ app: FieldnetApp; chain: TestChain; alice: TestAccount; bob: TestAccount }> {
  const alice = await accountFromMnemonic(testMnemonic(1), "depin");
  const bob = await accountFromMnemonic(testMnemonic(2), "depin");
  const app = createApp(config, { home: ":memory:" });
  opened.push(app);
  const appState = buildGenesisAppState(config, [
    { address: alice.address, amount: "1000000000" },
    { address: bob.address, amount: "0" },
  ]);
  const chain = await TestChain.start(app, { chainId: config.chainId, appState });
  await chain.deliver();
  return { app, chain, alice, bob };
}

async function balance(chain: TestChain, address: string): Promise<string> {
  const response = await chain.query(
    "/cosmos.bank.v1beta1.Query/Balance",
    QueryBalanceRequest.encode({ address, denom: "ufield" }).finish(),
  );
  expect(response.code).toBe(0);
  return QueryBalanceResponse.decode(response.value).balance!.amount;
}

describe("app tx pipeline (in-process)", () => {
  it("delivers a MsgSend, charges the fee and bumps the sequence", async () => {
    const { chain, alice, bob } = await setup();
    const tx = await signTx(alice, [msgSend(alice.address, bob.address, "1234")], { chainId: config.chainId, accountNumber: 0n, sequence: 0n });
    const { checks, block } = await chain.deliverChecked([tx]);
    expect(checks[0].code).toBe(0);
    expect(block.txResults[0].code).toBe(0);
    expect(await balance(chain, bob.address)).toBe("1234");
    expect(await balance(chain, alice.address)).toBe(String(1000000000 - 1234 - 5000));
    const types = block.txResults[0].events.map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(["coin_spent", "coin_received", "transfer", "message", "tx"]));
  });

  it("takes a tx's verified-signature entry out of the cache when FinalizeBlock runs it", async () => {
    const { app, chain, alice, bob } = await setup();
    // White-box: the cache is internal; what matters is that it does not keep spent entries.
    const verifiedTxs = (app as unknown as { runner: TxRunner }).runner.ante.verifiedTxs;
    const tx = await signTx(alice, [msgSend(alice.address, bob.address, "1")], { chainId: config.chainId, accountNumber: 0n, sequence: 0n });
    expect((await chain.checkTx(tx)).code).toBe(0);
    expect(verifiedTxs.has(txHash(tx))).toBe(true);
    const block = await chain.deliver([tx]);
    expect(block.txResults[0].code).toBe(0);
    expect(verifiedTxs.has(txHash(tx))).toBe(false);
  });

  it("rejects a wrong sequence with sdk/32 and changes nothing", async () => {
    const { chain, alice, bob } = await setup();
    const hashBefore = chain.blocks[chain.blocks.length - 1].appHash;
    const tx = await signTx(alice, [msgSend(alice.address, bob.address, "1")], { chainId: config.chainId, accountNumber: 0n, sequence: 5n });
    const check = await chain.checkTx(tx);
    expect([check.codespace, check.code]).toEqual(["sdk", 32]);
    expect(check.log).toContain("account sequence mismatch, expected 0, got 5");
    const block = await chain.deliver([]);
    expect(Buffer.from(block.appHash).equals(Buffer.from(hashBefore))).toBe(false); // block time changed
    expect(await balance(chain, bob.address)).toBe("0");
  });

  it("refuses a tx above max_tx_bytes with sdk/21 before decoding it", async () => {
    const { chain, alice, bob } = await setup();
    const tx = await signTx(alice, [msgSend(alice.address, bob.address, "1")], {
      chainId: config.chainId, accountNumber: 0n, sequence: 0n, memo: "x".repeat(1024 * 1024),
    });
    const check = await chain.checkTx(tx);
    expect([check.codespace, check.code]).toEqual(["sdk", 21]);
    expect(check.log).toMatch(/tx is \d+ bytes, limit is 1048576/);
  });

  it("answers a missing account with the NotFound wording cosmjs expects", async () => {
    const { chain } = await setup();
    const stranger = await accountFromMnemonic(testMnemonic(99), "depin");
    const response = await chain.query("/cosmos.auth.v1beta1.Query/Account", QueryAccountRequest.encode({ address: stranger.address }).finish());
    expect(response.code).not.toBe(0);
    expect(response.log).toMatch(/rpc error: code = NotFound/);
    expect(response.height).toBeGreaterThan(0n);
  });

  it("gives two app instances fed the same blocks the same app hash", async () => {
    const a = await setup();
    const appB = createApp(config, { home: ":memory:" });
    opened.push(appB);
    const chainB = await TestChain.start(appB, {
      chainId: config.chainId,
      appState: buildGenesisAppState(config, [
        { address: a.alice.address, amount: "1000000000" },
        { address: a.bob.address, amount: "0" },
      ]),
    });
    await chainB.deliver();
    const txs = [];
    for (let i = 0n; i < 5n; i++) {
      txs.push(await signTx(a.alice, [msgSend(a.alice.address, a.bob.address, "10")], { chainId: config.chainId, accountNumber: 0n, sequence: i }));
    }
    const blockA = await a.chain.deliver(txs);
    const blockB = await chainB.deliver(txs);
    expect(blockA.txResults.map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
    expect(Buffer.from(blockA.appHash).toString("hex")).toBe(Buffer.from(blockB.appHash).toString("hex"));
    expect(a.chain.blocks.map((b) => Buffer.from(b.appHash).toString("hex"))).toEqual(chainB.blocks.map((b) => Buffer.from(b.appHash).toString("hex")));
  });
});
