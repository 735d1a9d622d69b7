/**
 * The storage commitment: a binary sha256 Merkle tree over fixed-size chunks.
 *
 *   leaf(i)    = sha256(0x00 || chunk_i)        (domain-separated from inner nodes, so a node can
 *   node(l, r) = sha256(0x01 || l || r)          never be passed off as a leaf or vice versa)
 *
 * A level of odd width promotes its last node unchanged to the next level (no duplication, so two
 * different chunk counts can never share a root shape by repeating a leaf). The path for leaf i
 * lists the sibling hashes from the leaf upwards, skipping levels where i has no sibling; its
 * length is therefore fixed by (i, chunkCount), and a path of any other length is wrong.
 * Devices and tools build trees with MerkleTree; the chain only runs rootFromPath.
 */
import { sha256 } from "../../modules/plugin";

const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

export function leafHash(chunk: Uint8Array): Uint8Array {
  return sha256(LEAF, chunk);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(NODE, left, right);
}

/**
 * The root implied by a leaf at `index` of a `count`-leaf tree and its path, or undefined when the
 * path has the wrong length or the index is out of range. O(log count).
 */
export function rootFromPath(leaf: Uint8Array, index: bigint, count: bigint, path: readonly Uint8Array[]): Uint8Array | undefined {
  if (index < 0n || index >= count) return undefined;
  let node = leaf;
  let i = index;
  let width = count;
  let used = 0;
  while (width > 1n) {
    const hasSibling = i % 2n === 1n || i + 1n < width;
    if (hasSibling) {
      const sibling = path[used++];
      if (sibling === undefined || sibling.length !== 32) return undefined;
      node = i % 2n === 1n ? nodeHash(sibling, node) : nodeHash(node, sibling);
    }
    i /= 2n;
    width = (width + 1n) / 2n;
  }
  return used === path.length ? node : undefined;
}

/** A whole tree in memory (device side, tests, benchmarks). */
export class MerkleTree {
  readonly levels: Uint8Array[][];

  constructor(chunks: readonly Uint8Array[]) {
    if (chunks.length === 0) throw new RangeError("a tree needs at least one chunk");
    const levels: Uint8Array[][] = [chunks.map(leafHash)];
    while (levels[levels.length - 1]!.length > 1) {
      const level = levels[levels.length - 1]!;
      const next: Uint8Array[] = [];
      for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? nodeHash(level[i]!, level[i + 1]!) : level[i]!);
      levels.push(next);
    }
    this.levels = levels;
  }

  get root(): Uint8Array {
    return this.levels[this.levels.length - 1]![0]!;
  }

  path(index: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    let i = index;
    for (const level of this.levels.slice(0, -1)) {
      const sibling = i % 2 === 1 ? i - 1 : i + 1;
      if (sibling < level.length) out.push(level[sibling]!);
      i = Math.floor(i / 2);
    }
    return out;
  }
}
