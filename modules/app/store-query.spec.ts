import { TrieProof } from "../../generated/depin/store/v1/proof";
import { fromBech32 } from "@cosmjs/encoding";
import { balanceKey } from "../bank/keys";
import { verifyProof } from "../store/merkle-proof";
import { type FieldnetApp, createApp } from "./app";
import { buildGenesisAppState } from "./genesis";
import { defineNetwork } from "./network-config";
import { TRIE_PROOF_OP_TYPE } from "./store-query";
import { TestChain } from "./testing/test-chain";
import { accountFromMnemonic, msgSend, signTx, testMnemonic, type TestAccount } from "./testing/test-accounts";

const config = defineNetwork({
  chainId: "store-query-spec-1",
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
  const alice = await accountFromMnemonic(testMnemonic(1), "depin");
  const bob = await accountFromMnemonic(testMnemonic(2), "depin");
  const app = createApp(config, { home: ":memory:" });
  opened.push(app);
  const appState = buildGenesisAppState(config, [{ address: alice.address, amount: "1000000000" }]);
  const chain = await TestChain.start(app, { chainId: config.chainId, appState });
  await chain.deliver();
  return { chain, alice, bob };
}

function bankKey(address: string): Uint8Array {
  return balanceKey(fromBech32(address).data, "ufield");
}

function query(chain: TestChain, path: string, data: Uint8Array, height = 0n, prove = true) {
  return chain.app.query({ path, data, height, prove });
}

/** Checks the answer's single proof op against `appHash` for the value it carries (absent when empty). */
function provenAgainst(appHash: Uint8Array, answer: Awaited<ReturnType<typeof query>>, value: Uint8Array | undefined): boolean {
  const ops = answer.proofOps?.ops ?? [];
  expect(ops.map((op) => op.type)).toEqual([TRIE_PROOF_OP_TYPE]);
  const proof = TrieProof.decode(ops[0].data);
  return verifyProof(appHash, ops[0].key, value, { radixBits: proof.radixBits, steps: proof.steps, leaf: proof.leaf });
}

describe("raw store queries (/store/<module>/key)", () => {
  it("answers a balance with a proof against the height's app hash, and the proof fails for any other value", async () => {
    const { chain, alice } = await setup();
    const block = chain.blocks[chain.blocks.length - 1];
    const answer = await query(chain, "/store/bank/key", bankKey(alice.address));
    expect(answer.code).toBe(0);
    expect(answer.height).toBe(block.height);
    expect(Buffer.from(answer.value).toString()).toBe("1000000000");
    expect(Buffer.from(answer.key)).toEqual(Buffer.from(bankKey(alice.address)));
    expect(Buffer.from(answer.proofOps!.ops[0].key)).toEqual(Buffer.concat([Buffer.from("bank\0"), bankKey(alice.address)]));
    expect(provenAgainst(block.appHash, answer, answer.value)).toBe(true);
    expect(provenAgainst(block.appHash, answer, Buffer.from("1000000001"))).toBe(false);
    expect(provenAgainst(block.appHash, answer, undefined)).toBe(false);
  });

  it("proves a key's absence, and an earlier height's value against that height's app hash", async () => {
    const { chain, alice, bob } = await setup();
    const before = chain.blocks[chain.blocks.length - 1];
    const absent = await query(chain, "/store/bank/key", bankKey(bob.address));
    expect(absent.code).toBe(0);
    expect(absent.value).toHaveLength(0);
    expect(provenAgainst(before.appHash, absent, undefined)).toBe(true);
    expect(provenAgainst(before.appHash, absent, Buffer.from("0"))).toBe(false);

    const tx = await signTx(alice, [msgSend(alice.address, bob.address, "77")], { chainId: config.chainId, accountNumber: 0n, sequence: 0n });
    const after = await chain.deliver([tx]);
    expect(after.txResults[0].code).toBe(0);
    const now = await query(chain, "/store/bank/key", bankKey(bob.address));
    expect(Buffer.from(now.value).toString()).toBe("77");
    expect(provenAgainst(after.appHash, now, now.value)).toBe(true);
    const then = await query(chain, "/store/bank/key", bankKey(bob.address), before.height);
    expect(then.height).toBe(before.height);
    expect(then.value).toHaveLength(0);
    expect(provenAgainst(before.appHash, then, undefined)).toBe(true);
    expect(provenAgainst(after.appHash, then, undefined)).toBe(false);
  });

  it("answers without a proof when none is asked for", async () => {
    const { chain, alice } = await setup();
    const answer = await query(chain, "/store/bank/key", bankKey(alice.address), 0n, false);
    expect(answer.code).toBe(0);
    expect(Buffer.from(answer.value).toString()).toBe("1000000000");
    expect(answer.proofOps).toBeUndefined();
  });

  it("names what is served when the path, the store or the height is wrong, and keeps answering", async () => {
    const { chain, alice } = await setup();
    const unknownStore = await query(chain, "/store/nosuch/key", new Uint8Array([1]));
    expect([unknownStore.codespace, unknownStore.code]).toEqual(["sdk", 6]);
    expect(unknownStore.log).toContain('no store named "nosuch"; stores: ');
    expect(unknownStore.log).toContain("bank");
    const subspace = await query(chain, "/store/bank/subspace", new Uint8Array([1]));
    expect([subspace.codespace, subspace.code]).toEqual(["sdk", 6]);
    expect(subspace.log).toContain('only "/store/<module>/key" is served');
    const future = await query(chain, "/store/bank/key", bankKey(alice.address), 99n);
    expect([future.codespace, future.code]).toEqual(["sdk", 26]);
    const grpcWithProof = await query(chain, "/cosmos.bank.v1beta1.Query/TotalSupply", new Uint8Array());
    expect([grpcWithProof.codespace, grpcWithProof.code]).toEqual(["sdk", 37]);
    expect(grpcWithProof.log).toContain('proofs are served for "/store/<module>/key" paths only');
    const fine = await query(chain, "/store/bank/key", bankKey(alice.address));
    expect(fine.code).toBe(0);
  });
});
