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
 * ("The commitment"); this is a client-side implementation of the check, so the client needs no
 * code from the chain's modules.
 */
import { sha256 } from "@cosmjs/crypto";
import { toUtf8 } from "@cosmjs/encoding";
import type { CometClient } from "@cosmjs/tendermint-rpc";
import { TrieProof } from "../../generated/depin/store/v1/proof";
import { FieldnetProofError, FieldnetQueryError } from "../errors";

export const TRIE_PROOF_OP_TYPE = "fieldnet:trie";

const LEAF_TAG = 0x00;
const INTERNAL_TAG = 0x01;
const HASH_LENGTH = 32;
const EMPTY_TRIE_ROOT = sha256(new Uint8Array());

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

/** Digit `depth` of a key hash, most significant bits first (`bits` = 1, 2 or 4). */
function pathDigit(keyHash: Uint8Array, depth: number, bits: number): number {
  const bit = depth * bits;
  return (keyHash[bit >>> 3] >>> (8 - bits - (bit & 7))) & ((1 << bits) - 1);
}

function hashOf(...parts: Uint8Array[]): Uint8Array {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const buffer = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    buffer.set(part, offset);
    offset += part.length;
  }
  return sha256(buffer);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function bitCount(bitmap: number): number {
  let count = 0;
  for (let rest = bitmap; rest !== 0; rest &= rest - 1) count++;
  return count;
}

function internalNodeHash(bitmap: number, childHashes: readonly Uint8Array[]): Uint8Array {
  return hashOf(new Uint8Array([INTERNAL_TAG, bitmap >>> 8, bitmap & 0xff]), ...childHashes);
}

/**
 * True when `proof` shows that the state with Merkle root `appHash` maps `stateKey` (the module's
 * prefix, then the key) to `value`, or, with `value` undefined, holds no `stateKey`.
 */
export function verifyTrieProof(appHash: Uint8Array, stateKey: Uint8Array, value: Uint8Array | undefined, proof: TrieProof): boolean {
  const bits = proof.radixBits;
  if (bits !== 1 && bits !== 2 && bits !== 4) return false;
  if (proof.steps.length > 256 / bits) return false;
  const keyHash = sha256(stateKey);
  const levels = proof.steps.length;
  let node: Uint8Array;
  let depth = levels;
  if (proof.leaf) {
    const { keyHash: leafKeyHash, valueHash } = proof.leaf;
    if (leafKeyHash.length !== HASH_LENGTH || valueHash.length !== HASH_LENGTH) return false;
    const ownLeaf = sameBytes(leafKeyHash, keyHash);
    if (value === undefined) {
      // Absence: another key's leaf sits where this key's path ends, so the two hashes must share
      // every digit of that path.
      if (ownLeaf) return false;
      for (let d = 0; d < levels; d++) if (pathDigit(leafKeyHash, d, bits) !== pathDigit(keyHash, d, bits)) return false;
    } else if (!ownLeaf || !sameBytes(sha256(value), valueHash)) {
      return false;
    }
    node = hashOf(new Uint8Array([LEAF_TAG]), leafKeyHash, valueHash);
  } else {
    // Without a leaf the path ends at an empty slot of the last node (or the whole trie is empty).
    if (value !== undefined) return false;
    if (levels === 0) return sameBytes(appHash, EMPTY_TRIE_ROOT);
    const last = proof.steps[levels - 1];
    if ((last.bitmap & (1 << pathDigit(keyHash, levels - 1, bits))) !== 0) return false;
    if (last.siblings.length === 0 || last.siblings.length !== bitCount(last.bitmap)) return false;
    node = internalNodeHash(last.bitmap, last.siblings);
    depth = levels - 1;
  }
  while (depth > 0) {
    depth--;
    const { bitmap, siblings } = proof.steps[depth];
    const digit = pathDigit(keyHash, depth, bits);
    if (bitmap >= 1 << (1 << bits) || (bitmap & (1 << digit)) === 0) return false;
    if (siblings.length !== bitCount(bitmap) - 1 || siblings.some((h) => h.length !== HASH_LENGTH)) return false;
    const position = bitCount(bitmap & ((1 << digit) - 1));
    node = internalNodeHash(bitmap, [...siblings.slice(0, position), node, ...siblings.slice(position)]);
  }
  return sameBytes(node, appHash);
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
  const stateKey = new Uint8Array([...toUtf8(store), 0, ...key]);
  if (!sameBytes(op.key, stateKey)) {
    throw new FieldnetProofError(`the proof of ${path} is for another state key than ${store}'s prefix followed by the key asked for`, "BAD_PROOF");
  }
  // An empty answer is an absent key, or (rarely) a key stored with an empty value: either must verify.
  const value = response.value.length > 0 || !verifyTrieProof(appHash, stateKey, undefined, proof) ? response.value : undefined;
  if (value !== undefined && !verifyTrieProof(appHash, stateKey, value, proof)) {
    throw new FieldnetProofError(`the proof of ${path} at height ${height} does not match the app hash of block ${height + 1}: the node's answer cannot be trusted`, "BAD_PROOF");
  }
  return { key, value, height, appHash };
}
