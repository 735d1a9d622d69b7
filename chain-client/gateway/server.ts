/**
 * The gateway's HTTP JSON API (node:http).
 *
 *   POST /v1/proofs          body: one proof (ProofJson) or {"proofs": [ProofJson, ...]}
 *       202 all queued | 207 some refused | 400/422 all refused | 429 queue full (Retry-After) | 413 too big
 *       {"results": [{"deviceId","sequence","status":"queued"|"duplicate"|"refused","reason"?,"error"?}]}
 *       A "queued" or "duplicate" answer means the proof is on disk and will reach the chain.
 *   GET  /v1/proofs/<deviceId>/<sequence>   the proof's state: queued|inflight|accepted|rejected|failed (+ reason, units, txHash, height)
 *   GET  /v1/status          queue counts, rejected-by-reason, broadcaster stats
 *   GET  /healthz
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Proof } from "../../generated/depin/proofs/v1/types";
import type { DoorCheck } from "./admission";
import type { ProofQueue } from "./queue";

export interface ServerOptions {
  readonly queue: ProofQueue;
  readonly door: DoorCheck;
  /** Pending proofs (queued + in flight) above which POSTs get 429. */
  readonly maxQueue: number;
  readonly maxBodyBytes?: number;
  readonly maxProofsPerRequest?: number;
  readonly onQueued: () => void;
  readonly status: () => unknown;
}

export interface ProofResult {
  readonly deviceId?: string;
  readonly sequence?: string;
  readonly status: "queued" | "duplicate" | "refused";
  readonly reason?: string;
  readonly error?: string;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage, max: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function createGatewayServer(o: ServerOptions): Server {
  const maxBody = o.maxBodyBytes ?? 4 * 1024 * 1024;
  const maxProofs = o.maxProofsPerRequest ?? 1000;

  async function postProofs(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pending = o.queue.pendingCount();
    if (pending >= o.maxQueue) {
      req.resume();
      send(res, 429, { error: `the gateway queue is full (${pending} proofs waiting for the chain); retry after the Retry-After seconds`, reason: "QUEUE_FULL" }, { "Retry-After": "1" });
      return;
    }
    const text = await readBody(req, maxBody);
    if (text === undefined) return send(res, 413, { error: `body larger than ${maxBody} bytes: send fewer proofs per request`, reason: "TOO_LARGE" });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      return send(res, 400, { error: `body is not JSON: ${(error as Error).message}`, reason: "MALFORMED" });
    }
    const items: unknown[] = typeof body === "object" && body !== null && Array.isArray((body as { proofs?: unknown }).proofs) ? (body as { proofs: unknown[] }).proofs : [body];
    if (items.length === 0) return send(res, 400, { error: "no proofs in the body", reason: "MALFORMED" });
    if (items.length > maxProofs) return send(res, 413, { error: `at most ${maxProofs} proofs per request`, reason: "TOO_LARGE" });
    if (pending + items.length > o.maxQueue && pending > 0) {
      send(res, 429, { error: `the gateway queue is nearly full (${pending} waiting); retry after the Retry-After seconds`, reason: "QUEUE_FULL" }, { "Retry-After": "1" });
      return;
    }

    const checks = await Promise.all(items.map((item) => o.door.check(item)));
    const results: ProofResult[] = new Array(items.length);
    const good: Proof[] = [];
    const goodIndex: number[] = [];
    checks.forEach((c, i) => {
      if (c.ok) {
        good.push(c.proof);
        goodIndex.push(i);
      } else {
        results[i] = { deviceId: c.deviceId, sequence: c.sequence, status: "refused", reason: c.reason, error: c.error };
      }
    });
    if (good.length > 0) {
      const outcomes = o.queue.enqueue(good); // committed (fsync) before we answer
      outcomes.forEach((outcome, j) => {
        const p = good[j];
        const base = { deviceId: p.deviceId, sequence: p.sequence.toString() };
        results[goodIndex[j]] =
          outcome === "conflict"
            ? { ...base, status: "refused", reason: "SEQUENCE_CONFLICT", error: `a different proof with sequence ${p.sequence} of this device was already accepted by the gateway: use a new sequence` }
            : { ...base, status: outcome };
      });
      o.onQueued();
    }
    const refused = results.filter((r) => r.status === "refused").length;
    const status = refused === 0 ? 202 : refused === results.length ? (results.every((r) => r.reason === "MALFORMED") ? 400 : 422) : 207;
    send(res, status, { results });
  }

  return createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://gateway");
    const run = async (): Promise<void> => {
      if (req.method === "POST" && url.pathname === "/v1/proofs") return postProofs(req, res);
      const m = /^\/v1\/proofs\/([0-9a-f]{40})\/([0-9]{1,20})$/.exec(url.pathname);
      if (req.method === "GET" && m) {
        const record = o.queue.record(m[1], m[2]);
        return record ? send(res, 200, record) : send(res, 404, { error: `the gateway has no proof ${m[2]} of device ${m[1]}`, reason: "NOT_FOUND" });
      }
      if (req.method === "GET" && url.pathname === "/v1/status") return send(res, 200, o.status());
      if (req.method === "GET" && url.pathname === "/healthz") return send(res, 200, { ok: true });
      send(res, 404, { error: `no route ${req.method} ${url.pathname}: see POST /v1/proofs, GET /v1/proofs/<deviceId>/<sequence>, GET /v1/status`, reason: "NOT_FOUND" });
    };
    run().catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: (error as Error).message, reason: "INTERNAL" });
      else res.destroy();
    });
  });
}
