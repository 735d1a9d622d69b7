/**
 * CacheKVStore-style write-buffering branch over a parent store.
 *
 * - Reads check the buffer first, then fall through to the parent.
 * - Deletes are buffered as tombstones and hide the parent's entry.
 * - `iterate()` merges the parent's range with the buffer in unsigned byte order (forward or
 *   reverse). The branch's own buffer is snapshotted when iteration starts, so writes to this
 *   branch during iteration are safe and not seen by that iteration. The parent is iterated
 *   lazily; its own iterator decides how it behaves under mutation (every store in this module
 *   snapshots or, for SQLite, reads one consistent statement snapshot).
 * - `write()` applies the buffer to the parent, which must be a writable KVStore; a branch
 *   over a read-only view (e.g. `CommitStore.branch()`) throws there: hand its `changes()` to
 *   `CommitStore.stage()` instead.
 * - Values passed to `set()` are copied; values returned by `get()`/`iterate()` must be treated
 *   as immutable.
 */
import { bytesToKeyString, copyBytes, keyStringToBytes } from "./bytes";
import { mergeBuffered } from "./merge-iterate";
import { SortedBuffer } from "./sorted-buffer";
import type { BranchStore, KVEntry, KVStore, KeyRange, ReadonlyKVStore } from "./types";

export type Change = readonly [key: Uint8Array, value: Uint8Array | undefined];

const TOMBSTONE = null;
type Slot = Uint8Array | typeof TOMBSTONE;

function isWritable(s: ReadonlyKVStore): s is KVStore {
  const w = s as Partial<KVStore>;
  return typeof w.set === "function" && typeof w.delete === "function";
}

/**
 * A store that can look a key up by the latin1 string a branch above it already computed, so a
 * read falling through several branches converts the key (and V8 hashes the string) once.
 */
export interface KeyStringReader {
  getByKeyString(keyString: string, key: Uint8Array): Uint8Array | undefined;
}

function readsByKeyString(s: ReadonlyKVStore): s is ReadonlyKVStore & KeyStringReader {
  return typeof (s as Partial<KeyStringReader>).getByKeyString === "function";
}

export class CacheKVStore implements BranchStore, KeyStringReader {
  private readonly buffer = new SortedBuffer<Slot>();
  private readonly parentByKeyString: KeyStringReader | undefined;

  constructor(private readonly parent: ReadonlyKVStore) {
    this.parentByKeyString = readsByKeyString(parent) ? parent : undefined;
  }

  /** Number of buffered keys (sets + deletes). */
  get pendingCount(): number {
    return this.buffer.size;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.getByKeyString(bytesToKeyString(key), key);
  }

  getByKeyString(keyString: string, key: Uint8Array): Uint8Array | undefined {
    const slot = this.buffer.getStr(keyString);
    if (slot === undefined) return this.parentByKeyString ? this.parentByKeyString.getByKeyString(keyString, key) : this.parent.get(key);
    return slot === TOMBSTONE ? undefined : slot;
  }

  has(key: Uint8Array): boolean {
    const slot = this.buffer.getStr(bytesToKeyString(key));
    if (slot === undefined) return this.parent.has(key);
    return slot !== TOMBSTONE;
  }

  set(key: Uint8Array, value: Uint8Array): void {
    if (!(value instanceof Uint8Array)) throw new TypeError("value must be a Uint8Array");
    this.buffer.setStr(bytesToKeyString(key), copyBytes(value));
  }

  delete(key: Uint8Array): void {
    this.buffer.setStr(bytesToKeyString(key), TOMBSTONE);
  }

  iterate(range: KeyRange = {}): IterableIterator<KVEntry> {
    const reverse = range.reverse === true;
    const own = this.buffer.snapshot(range.start, range.end, reverse);
    return mergeBuffered(own, this.parent.iterate(range)[Symbol.iterator](), reverse);
  }

  changes(): Change[] {
    const keys = this.buffer.sortedKeys();
    const out: Change[] = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const slot = this.buffer.getStr(keys[i]) as Slot;
      out[i] = [keyStringToBytes(keys[i]), slot === TOMBSTONE ? undefined : slot];
    }
    return out;
  }

  write(): void {
    const parent = this.parent;
    if (!isWritable(parent)) {
      throw new Error(
        "CacheKVStore.write(): parent store is read-only (a CommitStore branch); " +
          "pass branch.changes() to CommitStore.stage() instead",
      );
    }
    if (parent instanceof CacheKVStore) {
      // Branch into branch: hand over the slots as they are (values were copied when set here and
      // are immutable), with no byte-key round trip or second copy; order does not matter to a map.
      this.buffer.forEachStr((k, slot) => parent.buffer.setStr(k, slot));
    } else {
      for (const k of this.buffer.sortedKeys()) {
        const slot = this.buffer.getStr(k) as Slot;
        if (slot === TOMBSTONE) parent.delete(keyStringToBytes(k));
        else parent.set(keyStringToBytes(k), slot);
      }
    }
    this.buffer.clear();
  }

  /** Drop all buffered changes. */
  discard(): void {
    this.buffer.clear();
  }

  branch(): BranchStore {
    return new CacheKVStore(this);
  }
}

/** A branch over `parent` (writable or read-only). */
export function branchStore(parent: ReadonlyKVStore): CacheKVStore {
  return new CacheKVStore(parent);
}
