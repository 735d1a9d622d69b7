import { createApp, type FieldnetApp } from "../app";
import { buildGenesisAppState } from "../genesis";
import { defineNetwork } from "../network-config";
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

async function setup(): Promise<{ chain: TestChain; alice: TestAccount; bob: TestAccount }> {
  const alice = await accountFromMnemonic(testMnemonic(1, "test chain"), "depin");
  const bob = await accountFromMnemonic(testMnemonic(2, "test chain"), "depin");
  const app = createApp(config, { home: ":memory:" });
  opened.push(app);
  const appState = buildGenesisAppState(config, [
    { address: alice.address, amount: "1000000000" },
    { address: bob.address, amount: "1000000000" },
  ]);
  const chain = await TestChain.start(app, { chainId: config.chainId, appState });
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
