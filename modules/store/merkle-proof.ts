/**
 * Inclusion / exclusion proofs for the sparse Merkle trie.
 *
 * A proof walks the key's path (digits of sha256(key)) from the root. Each step is one
 * internal node: its bitmap and the hashes of its other children. The walk ends either
 *   - at a leaf (`leaf` set): inclusion if leaf.keyHash = sha256(key), otherwise exclusion
 *     (the canonical shape puts any key with this path prefix exactly there), or
 *   - at an internal node whose bitmap lacks the key's digit (exclusion; last step), or
 *   - immediately, for the empty tree (exclusion; root = EMPTY_ROOT).
 */
import { asBuffer } from "./bytes";
import {
  type ChildRef,
  EMPTY_ROOT,
  HASH_LEN,
  childAt,
  digitAt,
  internalHash,
  leafHash,
  nodeKey,
  popcount16,
  sha256,
} from "./merkle-node";
import type { NodeReader } from "./merkle-tree";

/** abci_query proof_ops type of a TrieProof (depin.store.v1) carrying a MerkleProof. */
export const TRIE_PROOF_OP_TYPE = "fieldnet:trie";

export interface ProofStep {
  readonly bitmap: number;
  /** Hashes of the node's present children other than the one on the key's path, digit order. */
  readonly siblings: readonly Uint8Array[];
}

export interface MerkleProof {
  readonly radixBits: number;
  readonly steps: readonly ProofStep[];
  readonly leaf?: { readonly keyHash: Uint8Array; readonly valueHash: Uint8Array };
}

export function proveKey(reader: NodeReader, bits: number, root: ChildRef | null, key: Uint8Array): MerkleProof {
  const kh = sha256(key);
  const steps: ProofStep[] = [];
  let ref: ChildRef | undefined = root ?? undefined;
  for (let depth = 0; ref !== undefined; depth++) {
    const node = reader.read(nodeKey(ref.version, kh, depth, bits), ref);
    if (node.kind === "leaf") {
      return { radixBits: bits, steps, leaf: { keyHash: Buffer.from(node.keyHash), valueHash: Buffer.from(node.valueHash) } };
    }
    const digit = digitAt(kh, depth, bits);
    const siblings: Uint8Array[] = [];
    for (let d = 0; d < 1 << bits; d++) {
      const c = d === digit ? undefined : childAt(node, d);
      if (c !== undefined) siblings.push(Buffer.from(c.hash));
    }
    steps.push({ bitmap: node.bitmap, siblings });
    ref = childAt(node, digit);
  }
  return { radixBits: bits, steps };
}

/**
 * Check that `proof` shows `key` maps to `value` (or, with `value` undefined, is absent) in
 * the tree whose root hash is `root`.
 */
export function verifyProof(root: Uint8Array, key: Uint8Array, value: Uint8Array | undefined, proof: MerkleProof): boolean {
  const bits = proof.radixBits;
  if (![1, 2, 4].includes(bits) || proof.steps.length > 256 / bits) return false;
  const kh = sha256(key);
  const steps = proof.steps;
  let h: Buffer;
  let i = steps.length - 1;
  if (proof.leaf !== undefined) {
    const lk = asBuffer(proof.leaf.keyHash);
    const same = lk.equals(kh);
    if (value !== undefined) {
      if (!same || !sha256(value).equals(asBuffer(proof.leaf.valueHash))) return false;
    } else {
      if (same) return false;
      for (let d = 0; d < steps.length; d++) if (digitAt(lk, d, bits) !== digitAt(kh, d, bits)) return false;
    }
    h = leafHash(lk, proof.leaf.valueHash);
  } else {
    if (value !== undefined) return false;
    if (steps.length === 0) return EMPTY_ROOT.equals(asBuffer(root));
    const last = steps[i];
    const digit = digitAt(kh, i, bits);
    if ((last.bitmap & (1 << digit)) !== 0) return false;
    if (last.siblings.length !== popcount16(last.bitmap) || last.siblings.length === 0) return false;
    h = internalHash(last.bitmap, Buffer.concat(last.siblings.map(asBuffer)));
    i--;
  }
  for (; i >= 0; i--) {
    const { bitmap, siblings } = steps[i];
    const digit = digitAt(kh, i, bits);
    if ((bitmap & (1 << digit)) === 0 || bitmap >= 1 << (1 << bits)) return false;
    if (siblings.length !== popcount16(bitmap) - 1) return false;
    const pos = popcount16(bitmap & ((1 << digit) - 1));
    const all = siblings.map(asBuffer);
    all.splice(pos, 0, h);
    if (all.some((x) => x.length !== HASH_LEN)) return false;
    h = internalHash(bitmap, Buffer.concat(all));
  }
  return h.equals(asBuffer(root));
}
