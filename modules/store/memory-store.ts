/**
 * A simple sorted in-memory KVStore, mainly for tests and as a parent for branches.
 * Iteration snapshots the range when it starts, so mutating the store while iterating is safe
 * (the iteration does not see the mutation).
 */
import { bytesToKeyString, copyBytes, keyStringToBytes } from "./bytes";
import { SortedBuffer } from "./sorted-buffer";
import type { KVEntry, KVStore, KeyRange } from "./types";

export class MemoryKVStore implements KVStore {
  private readonly data = new SortedBuffer<Uint8Array>();

  constructor(entries?: Iterable<readonly [Uint8Array, Uint8Array]>) {
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }

  get size(): number {
    return this.data.size;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.data.getStr(bytesToKeyString(key));
  }

  has(key: Uint8Array): boolean {
    return this.data.hasStr(bytesToKeyString(key));
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.data.setStr(bytesToKeyString(key), copyBytes(value));
  }

  delete(key: Uint8Array): void {
    this.data.deleteStr(bytesToKeyString(key));
  }

  *iterate(range: KeyRange = {}): IterableIterator<KVEntry> {
    const snap = this.data.snapshot(range.start, range.end, range.reverse === true);
    for (const [k, v] of snap) yield [keyStringToBytes(k), v];
  }
}
