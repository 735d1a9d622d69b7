/**
 * Async iterators over every page of a paginated query (the SDK's PageRequest/PageResponse with
 * next_key). `for await (const device of client.depin.registry.allDevicesByOwner(owner)) ...`
 */
import { PageRequest, type PageResponse } from "cosmjs-types/cosmos/base/query/v1beta1/pagination";

export interface PageOptions {
  /** Items per page (default 100). */
  readonly pageSize?: number;
  readonly reverse?: boolean;
}

export function pageRequest(key: Uint8Array | undefined, options: PageOptions = {}): PageRequest {
  return PageRequest.fromPartial({ key: key ?? new Uint8Array(), limit: BigInt(options.pageSize ?? 100), reverse: options.reverse ?? false });
}

/** Walks pages until next_key is empty; `fetch` gets the PageRequest for each page. */
export async function* paginate<T>(
  fetch: (page: PageRequest) => Promise<{ items: readonly T[]; pagination: PageResponse | undefined }>,
  options: PageOptions = {},
): AsyncGenerator<T, void, undefined> {
  let key: Uint8Array | undefined;
  for (;;) {
    const { items, pagination } = await fetch(pageRequest(key, options));
    yield* items;
    const next = pagination?.nextKey;
    if (!next || next.length === 0 || items.length === 0) return;
    key = next;
  }
}

/** Collects an async iterable into an array (convenience for small result sets). */
export async function collect<T>(iterable: AsyncIterable<T>, max = Number.MAX_SAFE_INTEGER): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) {
    out.push(item);
    if (out.length >= max) break;
  }
  return out;
}
