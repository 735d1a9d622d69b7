/**
 * Batch update and lookup of the sparse Merkle trie (see merkle-node.ts for the format).
 *
 * Shape invariant (what makes the root history-independent): the node at path p is
 *   - absent if no key hash starts with p,
 *   - a leaf if exactly one does,
 *   - an internal node (children at p+digit) if two or more do.
 * So the tree, and hence the root, is a function of the key/value set alone. An update only
 * visits the paths of changed keys: O(changed keys x depth) node reads and writes, never
 * O(state). Unchanged subtrees keep their stored node (and its version).
 */
import {
  type ChildRef,
  type InternalNode,
  type LeafNode,
  type TrieNode,
  childAt,
  digitAt,
  expandChildren,
  makeInternal,
  makeLeaf,
  nodeKey,
  nodeKeyAtPath,
  sha256,
} from "./merkle-node";

/** Where the updater reads existing nodes from (cache + engine). */
export interface NodeReader {
  /** Load the node stored under `key`, whose parent recorded `ref`. Throws if missing. */
  read(key: Buffer, ref: ChildRef): TrieNode;
}

/** One change to apply; `keyHash` = sha256(key); value undefined = delete. */
export interface TrieChange {
  readonly keyHash: Buffer;
  readonly key: Uint8Array;
  readonly value: Uint8Array | undefined;
  /**
   * True when the caller knows the key is in the tree being updated (for instance it read the
   * value in this block). Then the leaf met on the key's path is the key's own (shape
   * invariant), and a lone update or delete there needs no read of that leaf.
   */
  readonly exists?: boolean;
}

/** A ref returned by the updater; carries the leaf body when it was just (re)written. */
interface NewRef extends ChildRef {
  readonly leafNode?: LeafNode;
}

export interface PendingNode {
  readonly key: Buffer;
  readonly node: TrieNode;
}

export function compareBuffers(a: Buffer, b: Buffer): number {
  return Buffer.compare(a, b);
}

/**
 * Applies one sorted batch of changes as `version`. Collects new nodes (`writes`) and the
 * storage keys of nodes this version replaced (`stale`, for pruning).
 */
export class TrieUpdater {
  readonly writes = new Map<string, PendingNode>();
  readonly stale: Buffer[] = [];
  private readonly radix: number;
  private readonly maxDepth: number;

  constructor(
    private readonly reader: NodeReader,
    private readonly bits: number,
    private readonly version: number,
    /** false: compute hashes only (recomputeRoot), keep nothing. */
    private readonly persist = true,
  ) {
    this.radix = 1 << bits;
    this.maxDepth = 256 / bits;
  }

  /** `changes` must be sorted by keyHash with unique keys. Returns the new root (null = empty). */
  apply(root: ChildRef | null, changes: readonly TrieChange[]): ChildRef | null {
    if (changes.length === 0) return root;
    const out = this.update(root, 0, changes, 0, changes.length);
    return out === null ? null : { hash: out.hash, version: out.version, leaf: out.leaf };
  }

  /** Build a tree from scratch from leaves sorted by keyHash (all inserts). */
  buildFromLeaves(leaves: LeafNode[]): ChildRef | null {
    return this.build(0, leaves, 0, leaves.length);
  }

  private update(ref: ChildRef | null, depth: number, items: readonly TrieChange[], lo: number, hi: number): NewRef | null {
    if (ref === null) {
      const leaves: LeafNode[] = [];
      for (let i = lo; i < hi; i++) {
        const it = items[i];
        if (it.value !== undefined) leaves.push(makeLeaf(it.keyHash, it.key, it.value));
      }
      return this.build(depth, leaves, 0, leaves.length);
    }
    const path = items[lo].keyHash;
    if (ref.leaf) return this.updateLeaf(ref, depth, items, lo, hi);

    const node = this.readInternal(ref, path, depth);
    const children = expandChildren(node, this.radix);
    let changed = false;
    let i = lo;
    while (i < hi) {
      const d = digitAt(items[i].keyHash, depth, this.bits);
      let j = i + 1;
      while (j < hi && digitAt(items[j].keyHash, depth, this.bits) === d) j++;
      const old = children[d];
      const next = this.update(old ?? null, depth + 1, items, i, j);
      if (next !== (old ?? null)) {
        children[d] = next ?? undefined;
        changed = true;
      }
      i = j;
    }
    if (!changed) return ref;
    this.markStale(ref, path, depth);
    return this.finishInternal(depth, path, children);
  }

  /** The subtree is a single existing leaf L: merge it with the changes under this path. */
  private updateLeaf(ref: ChildRef, depth: number, items: readonly TrieChange[], lo: number, hi: number): NewRef | null {
    if (hi - lo === 1 && items[lo].exists === true) return this.replaceOwnLeaf(ref, depth, items[lo]);
    const existing = this.readLeaf(nodeKey(ref.version, items[lo].keyHash, depth, this.bits), ref);
    const leaves: LeafNode[] = [];
    let changed = false;
    let replaced = false;
    for (let i = lo; i < hi; i++) {
      const it = items[i];
      if (!replaced && existing.hasKeyHash(it.keyHash)) {
        replaced = true;
        if (it.value === undefined) {
          changed = true;
          continue;
        }
        // Same key: an identical leaf hash means an identical value (no rewrite needed).
        const leaf = makeLeaf(it.keyHash, it.key, it.value);
        if (leaf.hash.equals(ref.hash)) {
          leaves.push(existing);
          continue;
        }
        changed = true;
        leaves.push(leaf);
        continue;
      }
      if (it.value === undefined) continue; // deleting an absent key: no-op
      changed = true;
      leaves.push(makeLeaf(it.keyHash, it.key, it.value));
    }
    if (!changed) return ref;
    if (!replaced) {
      leaves.push(existing);
      leaves.sort((a, b) => compareBuffers(a.keyHash, b.keyHash));
    }
    this.markStale(ref, existing.keyHash, depth);
    return this.build(depth, leaves, 0, leaves.length);
  }

  /** `ref` is `change`'s own leaf (the key exists and this is the leaf on its path). */
  private replaceOwnLeaf(ref: ChildRef, depth: number, change: TrieChange): NewRef | null {
    if (change.value === undefined) {
      this.markStale(ref, change.keyHash, depth);
      return null;
    }
    const leaf = makeLeaf(change.keyHash, change.key, change.value);
    if (leaf.hash.equals(ref.hash)) return ref;
    this.markStale(ref, change.keyHash, depth);
    return this.writeLeaf(depth, leaf);
  }

  private build(depth: number, leaves: readonly LeafNode[], lo: number, hi: number): NewRef | null {
    if (hi === lo) return null;
    if (hi - lo === 1) return this.writeLeaf(depth, leaves[lo]);
    if (depth >= this.maxDepth) throw new Error("sparse Merkle trie: duplicate key hash");
    const children: Array<ChildRef | undefined> = new Array(this.radix);
    let i = lo;
    while (i < hi) {
      const d = digitAt(leaves[i].keyHash, depth, this.bits);
      let j = i + 1;
      while (j < hi && digitAt(leaves[j].keyHash, depth, this.bits) === d) j++;
      children[d] = this.build(depth + 1, leaves, i, j) ?? undefined;
      i = j;
    }
    return this.writeInternal(depth, leaves[lo].keyHash, children);
  }

  /** Write an internal node, or collapse it when only one leaf is left below it. */
  private finishInternal(depth: number, path: Buffer, children: Array<ChildRef | undefined>): NewRef | null {
    let count = 0;
    let only = -1;
    for (let d = 0; d < children.length; d++) {
      if (children[d] !== undefined) {
        count++;
        only = d;
      }
    }
    if (count === 0) return null;
    if (count === 1) {
      const c = children[only] as NewRef;
      if (c.leaf) {
        // A lone leaf moves up to this path (canonical shape): drop/stale its deeper copy.
        const childKey = nodeKey(c.version, path, depth, this.bits, only);
        let leaf = c.leafNode;
        if (c.version === this.version) {
          this.writes.delete(childKey.toString("latin1"));
        } else {
          leaf ??= this.readLeaf(childKey, c);
          this.stale.push(childKey);
        }
        if (leaf === undefined) throw new Error("sparse Merkle trie: missing leaf body");
        return this.writeLeaf(depth, leaf);
      }
    }
    return this.writeInternal(depth, path, children);
  }

  private writeLeaf(depth: number, leaf: LeafNode): NewRef {
    if (this.persist) {
      const key = nodeKey(this.version, leaf.keyHash, depth, this.bits);
      this.writes.set(key.toString("latin1"), { key, node: leaf });
    }
    return { hash: leaf.hash, version: this.version, leaf: true, leafNode: leaf };
  }

  private writeInternal(depth: number, path: Buffer, children: Array<ChildRef | undefined>): NewRef {
    const node = makeInternal(children);
    if (this.persist) {
      const key = nodeKey(this.version, path, depth, this.bits);
      this.writes.set(key.toString("latin1"), { key, node });
    }
    return { hash: node.hash, version: this.version, leaf: false };
  }

  private markStale(ref: ChildRef, path: Buffer, depth: number): void {
    if (this.persist && ref.version !== this.version) this.stale.push(nodeKey(ref.version, path, depth, this.bits));
  }

  private readInternal(ref: ChildRef, path: Buffer, depth: number): InternalNode {
    const n = this.reader.read(nodeKey(ref.version, path, depth, this.bits), ref);
    if (n.kind !== "internal") throw new Error("sparse Merkle trie: expected internal node");
    return n;
  }

  private readLeaf(key: Buffer, ref: ChildRef): LeafNode {
    const n = this.reader.read(key, ref);
    if (n.kind !== "leaf") throw new Error("sparse Merkle trie: expected leaf node");
    return n;
  }
}

/** Look `key` up in the tree rooted at `root`. */
export function trieGet(reader: NodeReader, bits: number, root: ChildRef | null, key: Uint8Array): Uint8Array | undefined {
  const kh = sha256(key);
  let ref: ChildRef | undefined = root ?? undefined;
  for (let depth = 0; ref !== undefined; depth++) {
    const node = reader.read(nodeKey(ref.version, kh, depth, bits), ref);
    if (node.kind === "leaf") return node.keyHash.equals(kh) ? node.value : undefined;
    ref = childAt(node, digitAt(kh, depth, bits));
  }
  return undefined;
}

/** Every leaf of the tree rooted at `root` (order: by key hash). O(tree): recovery and checks only. */
export function* trieLeaves(reader: NodeReader, bits: number, root: ChildRef | null): IterableIterator<LeafNode> {
  if (root === null) return;
  const radix = 1 << bits;
  const stack: Array<{ readonly ref: ChildRef; readonly path: readonly number[] }> = [{ ref: root, path: [] }];
  while (stack.length > 0) {
    const { ref, path } = stack.pop() as { ref: ChildRef; path: readonly number[] };
    const node = reader.read(nodeKeyAtPath(ref.version, path), ref);
    if (node.kind === "leaf") {
      yield node;
      continue;
    }
    for (let digit = radix - 1; digit >= 0; digit--) {
      const child = childAt(node, digit);
      if (child !== undefined) stack.push({ ref: child, path: [...path, digit] });
    }
  }
}
