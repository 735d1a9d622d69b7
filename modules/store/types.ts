import type { MerkleProof } from "./merkle-proof";

/**
 * The store seam: everything in modules/ reads and writes state through these interfaces only.
 * Keys and values are raw bytes; iteration is always in unsigned byte order of the keys.
 */

/** A half-open key range [start, end). Either bound may be omitted. */
export interface KeyRange {
  readonly start?: Uint8Array;
  readonly end?: Uint8Array;
  readonly reverse?: boolean;
}

export type KVEntry = readonly [key: Uint8Array, value: Uint8Array];

export interface ReadonlyKVStore {
  get(key: Uint8Array): Uint8Array | undefined;
  has(key: Uint8Array): boolean;
  /** Entries in byte order of their keys (descending when range.reverse). */
  iterate(range?: KeyRange): IterableIterator<KVEntry>;
}

export interface KVStore extends ReadonlyKVStore {
  set(key: Uint8Array, value: Uint8Array): void;
  delete(key: Uint8Array): void;
}

/**
 * A write-buffering branch over a parent store (the SDK's CacheKVStore). Reads fall through to
 * the parent; `write()` applies the buffered changes to the parent; dropping it discards them.
 */
export interface BranchStore extends KVStore {
  write(): void;
  /** Buffered changes, sorted by key; `undefined` value = delete. */
  changes(): Array<readonly [Uint8Array, Uint8Array | undefined]>;
  branch(): BranchStore;
}

export interface CommitInfo {
  /** 0 before the first commit (genesis not yet committed). */
  readonly height: number;
  /** 32 bytes. */
  readonly appHash: Uint8Array;
}

/**
 * The persistent, versioned, Merkle-committed store. One `CommitStore` per app instance.
 * Usage per block: `branch()` the latest state, execute, then `stage(height, branch.changes())`
 * to compute the next app hash (FinalizeBlock), then `commit()` to persist that height
 * atomically (Commit).
 */
export interface CommitStore {
  readonly lastCommit: CommitInfo;
  /** The latest committed state (read-only view). */
  readonly latest: ReadonlyKVStore;
  /** A branch over the latest committed state (plus nothing staged). */
  branch(): BranchStore;
  /**
   * Compute the app hash that results from applying `changes` on top of the last commit, as
   * version `height` (must be lastCommit.height + 1; the first commit may be at any height >= 1, a
   * chain's initial_height). Does not persist. Calling stage again for
   * the same height replaces the staged version.
   */
  stage(height: number, changes: Array<readonly [Uint8Array, Uint8Array | undefined]>): Uint8Array;
  /** Persist the staged version atomically (one engine transaction); returns the new commit. */
  commit(): CommitInfo;
  /**
   * Lowest height whose state can still be read (getAt, prove): the first commit (a chain's initial
   * height) or the oldest one pruning kept; 0 before the first commit.
   */
  readonly oldestHeight: number;
  /** Read a key as of an earlier committed height (undefined if absent or height pruned). */
  getAt(height: number, key: Uint8Array): Uint8Array | undefined;
  /**
   * Merkle proof of `key`'s value or absence against the app hash of `height` (default: the last
   * commit); throws RangeError for a height not committed or pruned.
   */
  prove(key: Uint8Array, height?: number): MerkleProof;
  close(): void;
}
