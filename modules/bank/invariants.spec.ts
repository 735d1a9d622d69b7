import { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { QueryAccountRequest, QueryAccountResponse } from "cosmjs-types/cosmos/auth/v1beta1/query";
import { createApp } from "../app/app";
import { buildGenesisAppState } from "../app/genesis";
import { defineNetwork } from "../app/network-config";
import { TestChain } from "../app/testing/test-chain";
import { accountFromMnemonic, msgSend, signTx, testMnemonic, type TestAccount } from "../app/testing/test-accounts";

const config = defineNetwork({
  chainId: "supply-invariant-1",
  bech32Prefix: "depin",
  denom: "ufield",
  minGasPrice: "0.025",
  devAccounts: { count: 0, balance: "0" },
});

/** A small seeded generator: the run is random but repeatable. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function sequenceOf(chain: TestChain, address: string): Promise<bigint> {
  const response = await chain.query("/cosmos.auth.v1beta1.Query/Account", QueryAccountRequest.encode({ address }).finish());
  return BaseAccount.decode(QueryAccountResponse.decode(response.value).account!.value).sequence;
}

describe("bank supply invariant", () => {
  it("holds (sum of balances == supply) after a randomized run of many sends, including failing ones", async () => {
    const accounts: TestAccount[] = [];
    for (let i = 0; i < 8; i++) accounts.push(await accountFromMnemonic(testMnemonic(i, "supply"), "depin"));
    const app = createApp(config, { home: ":memory:" });
    const chain = await TestChain.start(app, {
      chainId: config.chainId,
      appState: buildGenesisAppState(config, accounts.map((a, i) => ({ address: a.address, amount: String(1_000_000 * (i + 1)) }))),
    });
    await chain.deliver();
    const sequences = accounts.map(() => 0n);
    const random = prng(42);
    let delivered = 0;
    let failedInBlock = 0;
    for (let block = 0; block < 12; block++) {
      const txs: Uint8Array[] = [];
      for (let i = 0; i < 15; i++) {
        const from = Math.floor(random() * accounts.length);
        const to = Math.floor(random() * accounts.length);
        // Some sends exceed the balance and fail inside the block (fee still charged).
        const amount = String(Math.floor(random() * 3_000_000) + 1);
        txs.push(await signTx(accounts[from], [msgSend(accounts[from].address, accounts[to].address, amount)], {
          chainId: config.chainId,
          accountNumber: BigInt(from),
          sequence: sequences[from],
          fee: { amount: [{ denom: "ufield", amount: "5000" }], gas: 200_000n },
        }));
        sequences[from] += 1n;
      }
      const result = await chain.deliver(txs);
      delivered += result.txResults.filter((r) => r.code === 0).length;
      failedInBlock += result.txResults.filter((r) => r.code === 5).length;
      // A sender that cannot pay the fee fails in the ante (sdk/5) and keeps its sequence, so its
      // later txs in the block fail with sdk/32: count what the chain actually consumed.
      expect(result.txResults.filter((r) => r.code !== 0 && r.code !== 5 && r.code !== 32)).toEqual([]);
      sequences.fill(0n);
      for (let i = 0; i < accounts.length; i++) sequences[i] = (await sequenceOf(chain, accounts[i].address));
      expect(app.checkInvariants()).toEqual([]);
    }
    await app.close();
    expect(delivered).toBeGreaterThan(50);
    expect(failedInBlock).toBeGreaterThan(0);
  });
});
