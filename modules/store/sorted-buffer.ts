/**
 * An ordered map from byte keys to values (or `undefined` = tombstone), used by the memory
 * store and by branch write buffers. Keys are held as latin1 strings so JS string order is
 * unsigned byte order; the sorted key list is rebuilt lazily only when a new key was added.
 */
import { bytesToKeyString, keyStringToBytes } from "./bytes";

export class SortedBuffer<V> {
  private readonly map = new Map<string, V>();
  private sorted: string[] | null = [];

  get size(): number {
    return this.map.size;
  }

  getStr(k: string): V | undefined {
    return this.map.get(k);
  }

  hasStr(k: string): boolean {
    return this.map.has(k);
  }

  setStr(k: string, v: V): void {
    if (!this.map.has(k)) this.sorted = null;
    this.map.set(k, v);
  }

  deleteStr(k: string): void {
    if (this.map.delete(k)) this.sorted = null;
  }

  /** Every entry, in insertion order (not key order). */
  forEachStr(fn: (k: string, v: V) => void): void {
    this.map.forEach((v, k) => fn(k, v));
  }

  clear(): void {
    this.map.clear();
    this.sorted = [];
  }

  /** All keys in ascending byte order (shared array: do not mutate). */
  sortedKeys(): readonly string[] {
    if (this.sorted === null) {
      // Default sort compares UTF-16 code units, which for latin1 strings is byte order.
      this.sorted = Array.from(this.map.keys()).sort();
    }
    return this.sorted;
  }

  /**
   * A snapshot of the entries whose keys lie in [start, end), ascending (or descending when
   * `reverse`). Bounds are byte keys; copying up front makes iteration immune to mutation.
   */
  snapshot(start?: Uint8Array, end?: Uint8Array, reverse = false): Array<[string, V]> {
    const keys = this.sortedKeys();
    const lo = start === undefined ? 0 : lowerBound(keys, bytesToKeyString(start));
    const hi = end === undefined ? keys.length : lowerBound(keys, bytesToKeyString(end));
    const out: Array<[string, V]> = [];
    if (reverse) {
      for (let i = hi - 1; i >= lo; i--) out.push([keys[i], this.map.get(keys[i]) as V]);
    } else {
      for (let i = lo; i < hi; i++) out.push([keys[i], this.map.get(keys[i]) as V]);
    }
    return out;
  }

  entries(): Array<[Uint8Array, V]> {
    return this.sortedKeys().map((k) => [keyStringToBytes(k), this.map.get(k) as V]);
  }
}

/** First index i with keys[i] >= k. */
export function lowerBound(keys: readonly string[], k: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
