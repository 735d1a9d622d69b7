/**
 * StreamEvents: pages through the event log after the client's cursor, then waits for new blocks.
 * Blocks commit atomically, so a page never shows half a block; a client resuming after the last
 * cursor it received gets every later event exactly once. Backpressure: when grpc-js's buffer is
 * full (write() returns false) we wait for 'drain' before reading more from the store.
 */
import { once } from "node:events";
import { status, type ServerWritableStream } from "@grpc/grpc-js";
import type { StreamEventsRequest, StreamEventsResponse } from "../../generated/depin/indexer/v1/query";
import type { Ingester } from "../ingest/ingester";
import type { EventRow, IndexerQueries } from "../store/queries";
import { toEvent } from "./convert";
import { ApiError, invalid } from "./errors";
import * as v from "./validate";

const PAGE = 500;
const MAX_IDX = 2 ** 31 - 1;

export type EventMatcher = (row: EventRow) => boolean;

export function buildMatcher(req: StreamEventsRequest): EventMatcher {
  req.kinds.forEach((k, i) => {
    if (!/^[A-Za-z0-9_.]+\*?$/.test(k)) throw invalid(`kinds[${i}]`, "an event type, or a prefix ending in *");
  });
  const exact = new Set(req.kinds.filter((k) => !k.endsWith("*")));
  const prefixes = req.kinds.filter((k) => k.endsWith("*")).map((k) => k.slice(0, -1));
  const networkType = v.networkType(req.networkType);
  const owner = v.address(req.owner);
  const deviceId = v.deviceId(req.deviceId, "device_id", false);
  return (row) => {
    if (req.kinds.length > 0 && !exact.has(row.kind) && !prefixes.some((p) => row.kind.startsWith(p))) return false;
    if (networkType && row.network_type !== networkType) return false;
    if (deviceId && row.device_id !== deviceId && !row.attributes_json.includes(`"${deviceId}"`)) return false;
    // The other party of a transfer (recipient, from_owner) counts as touched too.
    if (owner && row.owner !== owner && !row.attributes_json.includes(`"${owner}"`)) return false;
    return true;
  };
}

export async function streamEvents(call: ServerWritableStream<StreamEventsRequest, StreamEventsResponse>, queries: IndexerQueries, ingester: Ingester, onOpen: (delta: number) => void): Promise<void> {
  const req = call.request;
  const match = buildMatcher(req);
  if (req.fromNow && req.after) throw invalid("from_now", "give after or from_now, not both");
  let height = req.fromNow ? ingester.checkpoint.height : Number(req.after?.height ?? 0n);
  let idx = req.fromNow ? MAX_IDX : req.after ? req.after.index : -1;
  if (height < 0) throw invalid("after.height", "must be >= 0");

  let done = false;
  let wake: (() => void) | undefined;
  const finish = () => {
    done = true;
    wake?.();
  };
  const onApplied = () => wake?.();
  const onReset = () => {
    if (done) return;
    finish();
    call.emit("error", Object.assign(new Error("chain reset: the index is being rebuilt; restart the stream"), { code: status.ABORTED, details: "chain reset: the index is being rebuilt; restart the stream" }));
  };
  call.on("cancelled", finish);
  call.on("close", finish);
  ingester.on("applied", onApplied);
  ingester.on("reset", onReset);
  onOpen(1);
  try {
    while (!done) {
      const indexedAtQuery = ingester.checkpoint.height;
      const rows = await queries.eventsAfter(height, idx, PAGE);
      for (const row of rows) {
        if (done) return;
        height = Number(row.height);
        idx = Number(row.idx);
        if (!match(row)) continue;
        if (!call.write({ event: toEvent(row) })) {
          await Promise.race([once(call, "drain"), new Promise<void>((r) => (wake = r))]);
          wake = undefined;
        }
      }
      if (rows.length === PAGE) continue;
      // Caught up with what was committed when we queried: skip past it and wait for the next block.
      if (height < indexedAtQuery) {
        height = indexedAtQuery;
        idx = MAX_IDX;
      }
      if (ingester.checkpoint.height > indexedAtQuery) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (done) resolve();
      });
      wake = undefined;
    }
  } finally {
    onOpen(-1);
    ingester.off("applied", onApplied);
    ingester.off("reset", onReset);
  }
}

export { ApiError };
