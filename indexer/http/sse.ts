/**
 * StreamEvents over Server-Sent Events: `GET /depin.indexer.v1.IndexerService/StreamEvents?request=<JSON>`
 * (the StreamEventsRequest in proto3 JSON, optional). Each event is `id: <height>:<index>` plus
 * `data: <StreamEventsResponse JSON>`; a browser EventSource that reconnects sends the last id as
 * Last-Event-ID and resumes right after it (no gaps, no duplicates). The gRPC server's own
 * streamEvents() runs behind an adapter that looks like a grpc-js writable call, so both
 * transports share one implementation (paging, backpressure, reset -> ABORTED).
 * A chain reset ends the stream with `event: error` and `{"code":"aborted",...}`.
 */
import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServerWritableStream } from "@grpc/grpc-js";
import { StreamEventsRequest, StreamEventsResponse } from "../../generated/depin/indexer/v1/query";
import type { Ingester } from "../ingest/ingester";
import type { IndexerQueries } from "../store/queries";
import { ApiError } from "../api/errors";
import { buildMatcher, streamEvents } from "../api/stream";
import { badRequest, codeName, HttpError } from "./errors";
import { parseRequest, type GatewayMethod } from "./gateway";

const HEARTBEAT_MS = 15_000;

/** Parses "height:index" (an SSE id we sent). */
export function parseEventId(id: string): { height: bigint; index: number } {
  const m = /^(\d{1,15}):(\d{1,10})$/.exec(id);
  if (!m || Number(m[2]) > 2 ** 31 - 1) throw badRequest(`last-event-id: expected "<height>:<index>", got "${id.slice(0, 40)}"`);
  return { height: BigInt(m[1]), index: Number(m[2]) };
}

class SseCall extends EventEmitter {
  cancelled = false;
  destroyed = false;

  constructor(readonly request: StreamEventsRequest, private readonly res: ServerResponse) {
    super();
    res.on("drain", () => this.emit("drain"));
    res.on("close", () => {
      this.cancelled = true;
      this.destroyed = true;
      this.emit("cancelled");
      this.emit("close");
    });
    // streamEvents reports a chain reset as an "error" event carrying a gRPC status.
    this.on("error", (e: { code?: number; details?: string; message?: string }) => {
      if (this.destroyed) return;
      const body = JSON.stringify({ code: codeName(e.code ?? 2), message: e.details ?? e.message ?? "stream failed" });
      res.end(`event: error\ndata: ${body}\n\n`);
    });
  }

  write(message: StreamEventsResponse): boolean {
    if (this.destroyed) return true;
    const c = message.event?.cursor;
    const id = c ? `id: ${c.height}:${c.index}\n` : "";
    return this.res.write(`${id}data: ${JSON.stringify(StreamEventsResponse.toJSON(message))}\n\n`);
  }

  end(): void {
    if (!this.destroyed) this.res.end();
  }
}

export async function handleStream(req: IncomingMessage, res: ServerResponse, method: GatewayMethod, queries: IndexerQueries, ingester: Ingester, onInternal: (e: unknown) => void): Promise<void> {
  if (req.method !== "GET") throw new HttpError(405, "unimplemented", `${method.name}: use GET (Server-Sent Events) with ?request=<JSON>`);
  const url = new URL(req.url ?? "/", "http://localhost");
  const request = parseRequest(method, url.searchParams.get("request") ?? "") as StreamEventsRequest;
  const lastId = req.headers["last-event-id"];
  if (typeof lastId === "string" && lastId !== "") {
    request.after = parseEventId(lastId);
    request.fromNow = false;
  }
  // Validate before the 200 goes out, so a bad request is a plain 400 with a JSON body.
  buildMatcher(request);
  if (request.fromNow && request.after) throw badRequest("from_now: give after or from_now, not both");
  if (request.after && request.after.height < 0n) throw badRequest("after.height: must be >= 0");

  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive", "x-accel-buffering": "no" });
  res.write(": stream open\n\n");
  const heartbeat = setInterval(() => res.write(": ping\n\n"), HEARTBEAT_MS);
  res.on("close", () => clearInterval(heartbeat));
  const call = new SseCall(request, res);
  try {
    await streamEvents(call as unknown as ServerWritableStream<StreamEventsRequest, StreamEventsResponse>, queries, ingester, () => undefined);
    call.end();
  } catch (error) {
    if (!(error instanceof ApiError)) onInternal(error);
    call.emit("error", error instanceof ApiError ? { code: error.code, details: error.message } : { code: 13, details: "internal error" });
  } finally {
    clearInterval(heartbeat);
  }
}
