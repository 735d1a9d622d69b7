import { createApp, type FieldnetApp } from "../app";
import { buildGenesisAppState } from "../genesis";
import { defineNetwork } from "../network-config";
import type { AbciApplication } from "../abci";
import { TestChain } from "./test-chain";
import { accountFromMnemonic, msgSend, signTx, testMnemonic, type TestAccount } from "./test-accounts";

const config = defineNetwork({
  chainId: "test-chain-spec-1",
  bech32Prefix: "depin",
  denom: "ufield",
  minGasPrice: "0.025",
  devAccounts: { count: 0, balance: "0" },
});

const opened: FieldnetApp[] = [];
afterEach(async () => {
  for (const app of opened.splice(0)) await app.close();
});

async function setup(wrap: (app: FieldnetApp) => AbciApplication = (app) => app): Promise<{ chain: TestChain; alice: TestAccount; bob: TestAccount }> {
  const alice = await accountFromMnemonic(testMnemonic(1, "test chain"), "depin");
  const bob = await accountFromMnemonic(testMnemonic(2, "test chain"), "depin");
  const app = createApp(config, { home: ":memory:" });
  opened.push(app);
  const appState = buildGenesisAppState(config, [
    { address: alice.address, amount: "1000000000" },
    { address: bob.address, amount: "1000000000" },
  ]);
  const chain = await TestChain.start(wrap(app), { chainId: config.chainId, appState });
  await chain.deliver();
  return { chain, alice, bob };
}

function send(from: TestAccount, to: TestAccount, accountNumber: bigint, sequence: bigint): Promise<Uint8Array> {
  return signTx(from, [msgSend(from.address, to.address, "1")], { chainId: config.chainId, accountNumber, sequence });
}

describe("TestChain's mempool", () => {
  it("rechecks txs checked for a later block after a commit, so the account's next tx is accepted", async () => {
    const { chain, alice, bob } = await setup();
    const first = await send(alice, bob, 0n, 0n);
    const second = await send(alice, bob, 0n, 1n);
    expect((await chain.checkTx(first)).code).toBe(0);
    expect((await chain.checkTx(second)).code).toBe(0);
    await chain.deliver([first]);
    expect(chain.pendingTxs).toBe(1);
    // Without the recheck the check state would start from the committed sequence (1) again.
    expect((await chain.checkTx(await send(alice, bob, 0n, 2n))).code).toBe(0);
    expect(chain.pendingTxs).toBe(2);
  });

  it("checks txs sent while a block executes in arrival order, behind the block's recheck of the mempool", async () => {
    const { chain, alice, bob } = await setup();
    const first = await send(alice, bob, 0n, 0n);
    const second = await send(alice, bob, 0n, 1n);
    expect((await chain.checkTx(first)).code).toBe(0);
    expect((await chain.checkTx(second)).code).toBe(0);
    const later = await Promise.all(Array.from({ length: 20 }, (_, i) => send(alice, bob, 0n, BigInt(i + 2))));
    // Sent together, their signature checks on the worker while the block below runs (some may
    // finish only after its commit). Each CheckTx must still come after the previous sequence's,
    // and after the block's recheck of `second` (sequence 1), which stays in the mempool.
    const checks = later.map((tx) => chain.checkTx(tx));
    const block = await chain.deliver([first]);
    expect(block.txResults[0].code).toBe(0);
    expect((await Promise.all(checks)).map((check) => check.code)).toEqual(later.map(() => 0));
    expect(chain.pendingTxs).toBe(21);
    expect((await chain.deliver([second, ...later])).txResults.map((result) => result.code)).toEqual([second, ...later].map(() => 0));
  });

  it("sends no CheckTx between a block's Commit and the end of its recheck, even when signature checks finish there", async () => {
    // The real app, with one tx's signature checks reported done only once the block has committed
    // (before its recheck): the one timing this test needs and cannot otherwise cause.
    let committed!: () => void;
    const blockCommitted = new Promise<void>((resolve) => (committed = resolve));
    let real!: FieldnetApp;
    let hold = false;
    const { chain, alice, bob } = await setup((app) => {
      real = app;
      return new Proxy(app, {
        get(target, property) {
          if (property === "preverifyTx") return (tx: Uint8Array) => (hold ? target.preverifyTx(tx).then(() => blockCommitted) : target.preverifyTx(tx));
          if (property === "commit") {
            return async () => {
              const response = await target.commit();
              committed();
              await new Promise((resolve) => setImmediate(resolve));
              return response;
            };
          }
          const value = Reflect.get(target, property) as unknown;
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    });
    const first = await send(alice, bob, 0n, 0n);
    const second = await send(alice, bob, 0n, 1n);
    expect((await chain.checkTx(first)).code).toBe(0);
    expect((await chain.checkTx(second)).code).toBe(0);
    const third = await send(alice, bob, 0n, 2n);
    hold = true;
    const checking = chain.checkTx(third);
    await real.preverifyTx(third); // the checks themselves are done; TestChain hears of it at the commit
    // `second` stays in the mempool: its recheck must run before the third tx's CheckTx.
    await chain.deliver([first]);
    expect((await checking).code).toBe(0);
    expect(chain.pendingTxs).toBe(2);
  });

  it("forgets a remembered tx once a block spent its sequence", async () => {
    const { chain, alice, bob } = await setup();
    const mine = await send(bob, alice, 1n, 0n);
    const checking = chain.checkTx(mine);
    const block = await chain.deliver([await send(alice, bob, 0n, 0n)]);
    expect(block.txResults[0].code).toBe(0);
    expect((await checking).code).toBe(0);
    expect(chain.pendingTxs).toBe(1);
    // The same sequence, spent by a tx that went straight into a block: the remembered one is dropped.
    const rival = await signTx(bob, [msgSend(bob.address, alice.address, "2")], { chainId: config.chainId, accountNumber: 1n, sequence: 0n });
    await chain.deliver([rival]);
    expect(chain.pendingTxs).toBe(0);
  });
});
