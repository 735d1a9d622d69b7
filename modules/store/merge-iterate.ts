/**
 * Ordered merge of a write buffer's entries over a parent store's iteration: the one rule both a
 * branch (CacheKVStore) and the commit store's not-yet-applied changes (StateOverlay) follow.
 */
import { bytesToKeyString, keyStringToBytes } from "./bytes";
import type { KVEntry } from "./types";

/** `null` = a delete that hides the parent's entry. */
export type BufferedSlot = Uint8Array | null;

/**
 * Yields `own` (sorted in the iteration's direction, keys as latin1 strings) merged with
 * `parent`: on equal keys the buffered slot wins, tombstones are skipped. The parent is pulled
 * lazily and released (`return()`) when the consumer stops early, closing e.g. an SQLite statement.
 */
export function* mergeBuffered(
  own: ReadonlyArray<readonly [string, BufferedSlot]>,
  parent: Iterator<KVEntry>,
  reverse: boolean,
): IterableIterator<KVEntry> {
  try {
    let p = parent.next();
    let i = 0;
    while (i < own.length || !p.done) {
      if (i < own.length) {
        const [bk, bv] = own[i];
        if (!p.done) {
          const pk = bytesToKeyString(p.value[0]);
          const cmp = pk < bk ? -1 : pk > bk ? 1 : 0;
          const parentFirst = reverse ? cmp > 0 : cmp < 0;
          if (parentFirst) {
            yield p.value;
            p = parent.next();
            continue;
          }
          if (cmp === 0) p = parent.next();
        }
        i++;
        if (bv !== null) yield [keyStringToBytes(bk), bv];
      } else {
        yield p.value as KVEntry;
        p = parent.next();
      }
    }
  } finally {
    parent.return?.();
  }
}
