/**
 * Verified raw state reads: `abci_query` on "/store/<module>/key" with prove=true, and the check of
 * its "fieldnet:trie" proof against the app hash of that height, taken from the header of the next
 * block (CometBFT puts the app hash of height H in block H+1). What cosmjs's removed
 * `queryStoreVerified` did for IAVL stores, for this chain's single state trie.
 *
 * Trust: the header comes from the same RPC node, as in cosmjs; checking the header's commit
 * signatures (a light client) is the caller's part when the node is not trusted.
 *
 * The proof format (depin.store.v1.TrieProof) and the hashing rules are in modules/store/README.md
 * ("The commitment"); the check is the store's own, as the device SDK shares the chain's sign bytes.
 */
import type { CometClient } from "@cosmjs/tendermint-rpc";
import { TrieProof } from "../../generated/depin/store/v1/proof";
import { storePrefix } from "../../modules/app/context";
import { concatBytes, equalBytes } from "../../modules/store/bytes";
import { TRIE_PROOF_OP_TYPE, verifyProof } from "../../modules/store/merkle-proof";
import { FieldnetProofError, FieldnetQueryError } from "../errors";

export { TRIE_PROOF_OP_TYPE };

export interface VerifiedStoreValue {
  /** The key inside the module's store, as asked for. */
  readonly key: Uint8Array;
  /** The value at `height`; undefined when the proof shows the key is absent. */
  readonly value: Uint8Array | undefined;
  readonly height: number;
  /** The app hash the proof was checked against (header of block height+1). */
  readonly appHash: Uint8Array;
}

export interface StoreVerifiedOptions {
  /** Height to read at (default: the latest committed). */
  readonly height?: number;
  /** How long to wait for block height+1, whose header carries the app hash (default 10 s). */
  readonly headerTimeoutMs?: number;
}

/**
 * True when `proof` shows that the state with Merkle root `appHash` maps `stateKey` (the module's
 * prefix, then the key) to `value`, or, with `value` undefined, holds no `stateKey`. The chain's own
 * check (modules/store/merkle-proof.ts), so client and chain share one definition of the commitment.
 */
export function verifyTrieProof(appHash: Uint8Array, stateKey: Uint8Array, value: Uint8Array | undefined, proof: TrieProof): boolean {
  return verifyProof(appHash, stateKey, value, { radixBits: proof.radixBits, steps: proof.steps, leaf: proof.leaf });
}

async function appHashOfHeight(comet: CometClient, height: number, timeoutMs: number): Promise<Uint8Array> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const latest = (await comet.status()).syncInfo.latestBlockHeight;
    if (latest > height) return (await comet.block(height + 1)).block.header.appHash;
    if (Date.now() >= deadline) {
      throw new FieldnetProofError(
        `block ${height + 1}, whose header carries the app hash of height ${height}, did not appear within ${timeoutMs} ms; on a devnet that only makes blocks for txs (--block-time 0) send a tx or read at an earlier height`,
        "NO_HEADER",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Reads `key` from module `store` ("bank", "registry", ...) with a Merkle proof and checks the proof
 * against the app hash in the next block's header. Throws FieldnetQueryError when the chain refuses
 * the query, FieldnetProofError when the proof is missing or does not match.
 */
export async function queryStoreVerified(comet: CometClient, store: string, key: Uint8Array, options: StoreVerifiedOptions = {}): Promise<VerifiedStoreValue> {
  const path = `/store/${store}/key`;
  const response = await comet.abciQuery({ path, data: key, prove: true, height: options.height });
  if (response.code) throw new FieldnetQueryError(response.codespace ?? "", response.code, response.log ?? "", path);
  const op = response.proof?.ops.length === 1 ? response.proof.ops[0] : undefined;
  if (!op || op.type !== TRIE_PROOF_OP_TYPE) {
    throw new FieldnetProofError(`the node answered ${path} without a "${TRIE_PROOF_OP_TYPE}" proof op (got: ${response.proof?.ops.map((o) => o.type).join(", ") || "none"})`, "NO_PROOF");
  }
  const height = response.height ?? 0;
  const appHash = await appHashOfHeight(comet, height, options.headerTimeoutMs ?? 10_000);
  let proof: TrieProof;
  try {
    proof = TrieProof.decode(op.data);
  } catch (error) {
    throw new FieldnetProofError(`the proof of ${path} at height ${height} is not a TrieProof: ${(error as Error).message}`, "BAD_PROOF");
  }
  const stateKey = concatBytes(storePrefix(store), key);
  if (!equalBytes(op.key, stateKey)) {
    throw new FieldnetProofError(`the proof of ${path} is for another state key than ${store}'s prefix followed by the key asked for`, "BAD_PROOF");
  }
  // An empty answer is an absent key, or (rarely) a key stored with an empty value: either must verify.
  const value = response.value.length > 0 || !verifyTrieProof(appHash, stateKey, undefined, proof) ? response.value : undefined;
  if (value !== undefined && !verifyTrieProof(appHash, stateKey, value, proof)) {
    throw new FieldnetProofError(`the proof of ${path} at height ${height} does not match the app hash of block ${height + 1}: the node's answer cannot be trusted`, "BAD_PROOF");
  }
  return { key, value, height, appHash };
}
