/**
 * A chain whose genesis sets initial_height (CometBFT's field): its first block is that height, and
 * a chain started from another chain's exported state at that state's height + 1 carries on with
 * the same balances, accounts (sequences included) and rewards epoch.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { QueryBalanceRequest, QueryBalanceResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { type FieldnetApp, createApp } from "./app";
import { buildGenesisAppState } from "./genesis";
import { defineNetwork } from "./network-config";
import { TestChain } from "./testing/test-chain";
import { accountFromMnemonic, msgSend, signTx, testMnemonic, type TestAccount } from "./testing/test-accounts";

const config = defineNetwork({
  chainId: "initial-height-spec-1",
  bech32Prefix: "depin",
  denom: "ufield",
  minGasPrice: "0.025",
  devAccounts: { count: 0, balance: "0" },
});

let dir: string;
const opened: FieldnetApp[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "initial-height-"));
});
afterEach(async () => {
  for (const app of opened.splice(0)) await app.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function open(home: string): FieldnetApp {
  const app = createApp(config, { home });
  opened.push(app);
  return app;
}

async function balance(chain: TestChain, address: string): Promise<string> {
  const response = await chain.query("/cosmos.bank.v1beta1.Query/Balance", QueryBalanceRequest.encode({ address, denom: "ufield" }).finish());
  expect(response.code).toBe(0);
  return QueryBalanceResponse.decode(response.value).balance!.amount;
}

function send(from: TestAccount, to: TestAccount, amount: string, sequence: bigint, accountNumber = 0n): Promise<Uint8Array> {
  return signTx(from, [msgSend(from.address, to.address, amount)], { chainId: config.chainId, accountNumber, sequence });
}

describe("initial_height", () => {
  it("starts the chain at its initial height, and a reopened app carries on from there", async () => {
    const alice = await accountFromMnemonic(testMnemonic(1), "depin");
    const bob = await accountFromMnemonic(testMnemonic(2), "depin");
    const home = join(dir, "start-at-500");
    const appState = buildGenesisAppState(config, [{ address: alice.address, amount: "1000000000" }]);
    const chain = await TestChain.start(open(home), { chainId: config.chainId, appState, initialHeight: 500n });
    const first = await chain.deliver([await send(alice, bob, "10", 0n)]);
    expect(first.height).toBe(500n);
    expect(first.txResults[0].code).toBe(0);
    expect((await chain.app.info({ version: "", blockVersion: 0n, p2pVersion: 0n, abciVersion: "" })).lastBlockHeight).toBe(500n);
    expect(await balance(chain, bob.address)).toBe("10");
    const early = await chain.query("/cosmos.bank.v1beta1.Query/Balance", QueryBalanceRequest.encode({ address: bob.address, denom: "ufield" }).finish(), 499n);
    expect(early.code).not.toBe(0);
    await opened.splice(0)[0].close();

    const reopened = open(home);
    expect((await reopened.info({ version: "", blockVersion: 0n, p2pVersion: 0n, abciVersion: "" })).lastBlockHeight).toBe(500n);
  });

  it("a chain started from an exported state at its height + 1 keeps balances, sequences and the rewards epoch", async () => {
    const alice = await accountFromMnemonic(testMnemonic(3), "depin");
    const bob = await accountFromMnemonic(testMnemonic(4), "depin");
    const appState = buildGenesisAppState(config, [{ address: alice.address, amount: "1000000000" }]);
    const old = await TestChain.start(open(":memory:"), { chainId: config.chainId, appState });
    await old.deliver([await send(alice, bob, "123", 0n)]);
    await old.deliver([await send(alice, bob, "7", 1n)]);
    await old.deliver();
    const exported = (old.app as FieldnetApp).exportGenesis();
    const lastHeight = old.lastHeight;

    const next = await TestChain.start(open(":memory:"), { chainId: config.chainId, appState: exported, initialHeight: lastHeight + 1n });
    const block = await next.deliver([await send(alice, bob, "1", 2n)]);
    expect(block.height).toBe(lastHeight + 1n);
    expect(block.txResults[0].code).toBe(0);
    expect(await balance(next, bob.address)).toBe("131");
    // A tx already used on the old chain is refused: its sequence is spent there and here.
    const replay = await next.deliver([await send(alice, bob, "7", 1n)]);
    expect([replay.txResults[0].codespace, replay.txResults[0].code]).toEqual(["sdk", 32]);
    const again = (next.app as FieldnetApp).exportGenesis() as Record<string, { currentEpochStartHeight?: string }>;
    expect(again.rewards.currentEpochStartHeight).toBe((exported as Record<string, { currentEpochStartHeight?: string }>).rewards.currentEpochStartHeight);
    expect((next.app as FieldnetApp).checkInvariants()).toEqual([]);
  });
});
