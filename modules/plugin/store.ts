/**
 * PluginStore: a plugin's own key/value namespace in chain state. The proofs module gives each
 * network type a prefix store; a plugin cannot see other prefixes. Keys are bytes (strings are
 * UTF-8 encoded), iteration is in unsigned byte order of the keys, so it is deterministic.
 *
 * Writes made during one plugin call are committed with the block when the call returns normally
 * (whether the verdict is accept or reject) and discarded when the call throws.
 */
import { canonicalJsonBytes, parseCanonicalJson, type JsonValue } from "./canonical-json";
import { compareBytes, concat, toHex, utf8 } from "./bytes";

export type StoreKey = Uint8Array | string;

export interface PluginStoreIterateOptions {
  /** Only keys starting with this prefix. */
  readonly prefix?: StoreKey;
  /** Inclusive lower bound (within the prefix, given as full key). */
  readonly start?: StoreKey;
  /** Exclusive upper bound (full key). */
  readonly end?: StoreKey;
  readonly reverse?: boolean;
}

export interface PluginStore {
  get(key: StoreKey): Uint8Array | undefined;
  has(key: StoreKey): boolean;
  set(key: StoreKey, value: Uint8Array | string): void;
  delete(key: StoreKey): void;
  /** Entries in byte order of keys (descending with reverse). Do not write while iterating. */
  iterate(opts?: PluginStoreIterateOptions): IterableIterator<readonly [Uint8Array, Uint8Array]>;
}

export function keyBytes(k: StoreKey): Uint8Array {
  return typeof k === "string" ? utf8(k) : k;
}

/** The smallest key greater than every key with this prefix (undefined when none exists). */
export function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  const end = Uint8Array.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]!++;
      return end.subarray(0, i + 1);
    }
  }
  return undefined;
}

/** Resolve prefix/start/end options to one byte range. */
export function iterateRange(opts: PluginStoreIterateOptions = {}): { start?: Uint8Array; end?: Uint8Array; reverse: boolean } {
  let start = opts.start !== undefined ? keyBytes(opts.start) : undefined;
  let end = opts.end !== undefined ? keyBytes(opts.end) : undefined;
  if (opts.prefix !== undefined) {
    const p = keyBytes(opts.prefix);
    if (start === undefined || compareBytes(start, p) < 0) start = p;
    const pe = prefixEnd(p);
    if (pe !== undefined && (end === undefined || compareBytes(pe, end) < 0)) end = pe;
  }
  return { start, end, reverse: opts.reverse ?? false };
}

/** Read a canonical JSON value (undefined when absent). */
export function getJson<T = JsonValue>(store: PluginStore, key: StoreKey): T | undefined {
  const v = store.get(key);
  return v === undefined ? undefined : (parseCanonicalJson(v) as T);
}

/** Write a value as canonical JSON. */
export function setJson(store: PluginStore, key: StoreKey, value: unknown): void {
  store.set(key, canonicalJsonBytes(value));
}

/** In-memory PluginStore (tests, tooling). Same ordering semantics as the chain's store. */
export class MemoryPluginStore implements PluginStore {
  private readonly map = new Map<string, readonly [Uint8Array, Uint8Array]>();

  get(key: StoreKey): Uint8Array | undefined {
    return this.map.get(toHex(keyBytes(key)))?.[1];
  }
  has(key: StoreKey): boolean {
    return this.map.has(toHex(keyBytes(key)));
  }
  set(key: StoreKey, value: Uint8Array | string): void {
    const k = Uint8Array.from(keyBytes(key));
    this.map.set(toHex(k), [k, Uint8Array.from(typeof value === "string" ? utf8(value) : value)]);
  }
  delete(key: StoreKey): void {
    this.map.delete(toHex(keyBytes(key)));
  }
  *iterate(opts?: PluginStoreIterateOptions): IterableIterator<readonly [Uint8Array, Uint8Array]> {
    const { start, end, reverse } = iterateRange(opts);
    // lowercase hex order == unsigned byte order
    const keys = [...this.map.keys()].sort();
    if (reverse) keys.reverse();
    for (const hk of keys) {
      const entry = this.map.get(hk)!;
      if (start !== undefined && compareBytes(entry[0], start) < 0) continue;
      if (end !== undefined && compareBytes(entry[0], end) >= 0) continue;
      yield entry;
    }
  }
  /** Number of entries (tests). */
  get size(): number {
    return this.map.size;
  }
}

/** The shape of the store seam's KVStore (modules/store/types.ts), declared structurally. */
export interface KVStoreLike {
  get(key: Uint8Array): Uint8Array | undefined;
  has(key: Uint8Array): boolean;
  set(key: Uint8Array, value: Uint8Array): void;
  delete(key: Uint8Array): void;
  iterate(range?: { start?: Uint8Array; end?: Uint8Array; reverse?: boolean }): IterableIterator<readonly [Uint8Array, Uint8Array]>;
}

/**
 * Adapt a (prefix-scoped) KVStore of the store seam into a PluginStore. The module passes the
 * network type's prefix store; keys here are relative to that prefix.
 */
export function pluginStoreFromKV(kv: KVStoreLike): PluginStore {
  return {
    get: (k) => kv.get(keyBytes(k)),
    has: (k) => kv.has(keyBytes(k)),
    set: (k, v) => kv.set(keyBytes(k), typeof v === "string" ? utf8(v) : v),
    delete: (k) => kv.delete(keyBytes(k)),
    iterate: (opts) => kv.iterate(iterateRange(opts)),
  };
}

/** Key builder: joins string/bytes parts with "/" (UTF-8). */
export function storeKey(...parts: Array<string | Uint8Array>): Uint8Array {
  const out: Uint8Array[] = [];
  parts.forEach((p, i) => {
    if (i > 0) out.push(utf8("/"));
    out.push(typeof p === "string" ? utf8(p) : p);
  });
  return concat(...out);
}

export class ReadOnlyStoreError extends Error {
  override readonly name = "ReadOnlyStoreError";
}

/** A read-only view (plugin queries): set/delete throw ReadOnlyStoreError. */
export function readOnlyPluginStore(store: PluginStore): PluginStore {
  return {
    get: (k) => store.get(k),
    has: (k) => store.has(k),
    iterate: (o) => store.iterate(o),
    set: () => {
      throw new ReadOnlyStoreError("plugin store is read-only here");
    },
    delete: () => {
      throw new ReadOnlyStoreError("plugin store is read-only here");
    },
  };
}
