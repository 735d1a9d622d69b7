/**
 * An LRUCache (lru-cache) built on first use. lru-cache allocates its slot arrays for `max` entries
 * up front, through `Array.from({ length: max })`: ~60 ms for 500k entries on the dev VM. An app
 * holds several such caches (signature caches sized for a full mempool of proofs), and every app
 * instance paid for all of them at start-up, also for caches its network never touches, which cost
 * `npm run devnet` about a fifth of its time to first block.
 */
import { LRUCache } from "lru-cache";

export class LazyLruCache<K extends {}, V extends {}> {
  private cache: LRUCache<K, V> | undefined;

  constructor(private readonly options: LRUCache.Options<K, V, unknown>) {}

  /** Whether the cache has been built: on the first `set`; lookups before that find nothing. */
  get built(): boolean {
    return this.cache !== undefined;
  }

  get(key: K): V | undefined {
    return this.cache?.get(key);
  }

  has(key: K): boolean {
    return this.cache?.has(key) ?? false;
  }

  set(key: K, value: V): this {
    (this.cache ??= new LRUCache<K, V>(this.options)).set(key, value);
    return this;
  }

  delete(key: K): boolean {
    return this.cache?.delete(key) ?? false;
  }

  clear(): void {
    this.cache?.clear();
  }

  get size(): number {
    return this.cache?.size ?? 0;
  }
}
