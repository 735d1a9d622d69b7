/**
 * Raw state reads over ABCI, as the Cosmos SDK serves them: path "/store/<module>/key", data = a
 * key inside that module's store. The answer is the key's value at the height asked for (empty when
 * absent) and, with prove=true, a Merkle proof of that value (or of the key's absence) against the
 * height's app hash, in proof_ops as one op of type "fieldnet:trie" (depin.store.v1.TrieProof).
 *
 * The SDK answers with two ICS23 ops (the module's IAVL tree, then the multistore); this chain has
 * one trie over all modules' prefixed keys, so one op proves the key straight to the app hash.
 */
import type { ProofOps } from "cosmjs-types/tendermint/crypto/proof";
import { TrieProof } from "../../generated/depin/store/v1/proof";
import { TRIE_PROOF_OP_TYPE, type MerkleProof } from "../store/merkle-proof";

export { TRIE_PROOF_OP_TYPE };
import { concatBytes } from "../store/bytes";
import type { CommitStore } from "../store/types";
import { registeredStoreKey, registeredStoreNames } from "./context";
import { ErrInvalidHeight, ErrUnknownRequest } from "./sdk-errors";

export const STORE_QUERY_PREFIX = "/store/";

export interface StoreQueryAnswer {
  readonly value: Uint8Array;
  readonly proofOps?: ProofOps;
}

export function isStoreQueryPath(path: string): boolean {
  return path.startsWith(STORE_QUERY_PREFIX);
}

/** The full state key of "/store/<module>/key" + data, or a typed error naming what is served. */
function stateKey(path: string, data: Uint8Array): Uint8Array {
  const parts = path.slice(STORE_QUERY_PREFIX.length).split("/");
  if (parts.length !== 2 || parts[1] !== "key") {
    throw ErrUnknownRequest.wrap(`store query path "${path}": only "/store/<module>/key" is served (data = the key)`);
  }
  const store = registeredStoreKey(parts[0]);
  if (!store) throw ErrUnknownRequest.wrap(`no store named "${parts[0]}"; stores: ${registeredStoreNames().join(", ")}`);
  return concatBytes(store.prefix, data);
}

export function answerStoreQuery(store: CommitStore, path: string, data: Uint8Array, height: number, prove: boolean): StoreQueryAnswer {
  const key = stateKey(path, data);
  const value = height === store.lastCommit.height ? store.latest.get(key) : store.getAt(height, key);
  if (!prove) return { value: value ?? new Uint8Array() };
  let proof: MerkleProof;
  try {
    proof = store.prove(key, height);
  } catch (error) {
    if (error instanceof RangeError) throw ErrInvalidHeight.wrap(`height ${height} is pruned from this node's state: no proof can be made there`);
    throw error;
  }
  return { value: value ?? new Uint8Array(), proofOps: { ops: [{ type: TRIE_PROOF_OP_TYPE, key, data: TrieProof.encode(toTrieProof(proof)).finish() }] } };
}

function toTrieProof(proof: MerkleProof): TrieProof {
  return {
    radixBits: proof.radixBits,
    steps: proof.steps.map((step) => ({ bitmap: step.bitmap, siblings: [...step.siblings] })),
    leaf: proof.leaf ? { keyHash: proof.leaf.keyHash, valueHash: proof.leaf.valueHash } : undefined,
  };
}
