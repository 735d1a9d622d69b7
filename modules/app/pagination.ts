/**
 * Cosmos-style pagination (PageRequest/PageResponse) over a prefix of a module store, in key order.
 * Supports key-based (next_key) and offset paging, count_total and reverse, like the SDK's
 * query.Paginate. next_key is the store key (relative to the prefix) of the first item of the next
 * page.
 */
import type { PageRequest, PageResponse } from "cosmjs-types/cosmos/base/query/v1beta1/pagination";
import type { ReadonlyKVStore } from "../store/types";
import { prefixEnd } from "../store/prefix-store";
import { ErrInvalidRequest } from "./sdk-errors";

export const DEFAULT_PAGE_LIMIT = 100n;
export const MAX_PAGE_LIMIT = 1000n;

export interface Page<T> {
  readonly items: T[];
  readonly pagination: PageResponse;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Pages through the entries of `store` under `prefix`; `decode` turns one entry into an item
 * (key relative to the prefix). Filtering is not supported on purpose: indexes do that.
 */
export function paginate<T>(
  store: ReadonlyKVStore,
  prefix: Uint8Array,
  request: PageRequest | undefined,
  decode: (key: Uint8Array, value: Uint8Array) => T,
): Page<T> {
  const offset = request?.offset ?? 0n;
  const key = request?.key ?? new Uint8Array();
  if (offset > 0n && key.length > 0) throw ErrInvalidRequest.wrap("either offset or key is expected, got both");
  let limit = request?.limit ?? 0n;
  if (limit === 0n) limit = DEFAULT_PAGE_LIMIT;
  if (limit > MAX_PAGE_LIMIT) limit = MAX_PAGE_LIMIT;
  const reverse = request?.reverse ?? false;
  const countTotal = (request?.countTotal ?? false) && key.length === 0;
  const end = prefixEnd(prefix);
  const range = reverse
    ? { start: prefix, end: key.length ? concat(concat(prefix, key), new Uint8Array([0])) : end, reverse: true }
    : { start: key.length ? concat(prefix, key) : prefix, end };

  const items: T[] = [];
  let skipped = 0n;
  let total = 0n;
  let nextKey = new Uint8Array();
  for (const [fullKey, value] of store.iterate(range)) {
    total++;
    if (skipped < offset) {
      skipped++;
      continue;
    }
    if (BigInt(items.length) === limit) {
      if (nextKey.length === 0) nextKey = fullKey.slice(prefix.length);
      if (!countTotal) break;
      continue;
    }
    items.push(decode(fullKey.subarray(prefix.length), value));
  }
  return { items, pagination: { nextKey, total: countTotal ? total : 0n } };
}
