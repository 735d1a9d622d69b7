/**
 * Prefix stores: a view of a parent store in which every key is transparently prefixed.
 * Iteration is confined to the prefix's key range and yields un-prefixed keys, in the same
 * byte order (prefixing preserves relative order).
 */
import { concatBytes, prefixEnd } from "./bytes";
import type { KVEntry, KVStore, KeyRange, ReadonlyKVStore } from "./types";

export { prefixEnd } from "./bytes";

class ReadonlyPrefixStore implements ReadonlyKVStore {
  // Modules build a prefix store for nearly every state access and most never iterate: the range
  // end is computed on the first iteration only.
  private endKnown = false;
  private endKey: Uint8Array | undefined;

  constructor(
    protected readonly parent: ReadonlyKVStore,
    protected readonly prefix: Uint8Array,
  ) {
    this.prefix = Uint8Array.from(prefix);
  }

  protected get end(): Uint8Array | undefined {
    if (!this.endKnown) {
      this.endKey = prefixEnd(this.prefix);
      this.endKnown = true;
    }
    return this.endKey;
  }

  protected full(key: Uint8Array): Uint8Array {
    return concatBytes(this.prefix, key);
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.parent.get(this.full(key));
  }

  has(key: Uint8Array): boolean {
    return this.parent.has(this.full(key));
  }

  *iterate(range: KeyRange = {}): IterableIterator<KVEntry> {
    const start = range.start !== undefined ? this.full(range.start) : this.prefix;
    const end = range.end !== undefined ? this.full(range.end) : this.end;
    const n = this.prefix.length;
    for (const [k, v] of this.parent.iterate({ start, end, reverse: range.reverse })) {
      yield [k.subarray(n), v];
    }
  }
}

class PrefixStore extends ReadonlyPrefixStore implements KVStore {
  constructor(
    protected override readonly parent: KVStore,
    prefix: Uint8Array,
  ) {
    super(parent, prefix);
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.parent.set(this.full(key), value);
  }

  delete(key: Uint8Array): void {
    this.parent.delete(this.full(key));
  }
}

/** A writable view of `parent` under `prefix`. */
export function prefixStore(parent: KVStore, prefix: Uint8Array): KVStore {
  return new PrefixStore(parent, prefix);
}

/** A read-only view of `parent` under `prefix`. */
export function readonlyPrefixStore(parent: ReadonlyKVStore, prefix: Uint8Array): ReadonlyKVStore {
  return new ReadonlyPrefixStore(parent, prefix);
}
