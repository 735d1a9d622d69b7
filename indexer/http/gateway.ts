/**
 * The JSON gateway: `POST /depin.indexer.v1.IndexerService/<Method>` with a JSON body (the proto3
 * JSON mapping, through ts-proto's generated fromJSON/toJSON) calls the same handler the gRPC
 * server calls for that method, so the explorer sees exactly the public gRPC API. Routes are
 * derived from IndexerServiceDefinition: a method added to the proto and to the gRPC server's
 * `unary` map is served here with no change. StreamEvents is served as Server-Sent Events (sse.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { IndexerServiceDefinition } from "../../generated/depin/indexer/v1/query";
import { ApiError } from "../api/errors";
import { badRequest, fromApiError, HttpError } from "./errors";

export const SERVICE_PATH = `/${IndexerServiceDefinition.fullName}/`;
/** Largest request body accepted. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface JsonCodec {
  fromJSON(object: unknown): unknown;
  toJSON(message: unknown): unknown;
  fromPartial(object: unknown): unknown;
}

export interface GatewayMethod {
  readonly key: string;
  readonly name: string;
  readonly requestType: JsonCodec;
  readonly responseType: JsonCodec;
  readonly responseStream: boolean;
}

/** Methods by their proto name ("GetDevice"). */
export const GATEWAY_METHODS: ReadonlyMap<string, GatewayMethod> = new Map(
  Object.entries(IndexerServiceDefinition.methods as unknown as Record<string, Omit<GatewayMethod, "key">>).map(([key, m]) => [m.name, { ...m, key }]),
);

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Reads the body up to MAX_BODY_BYTES (413 beyond). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new HttpError(413, "resource_exhausted", `body: larger than ${MAX_BODY_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, "resource_exhausted", `body: larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Finds NaN produced by fromJSON from a non-numeric value; returns the field path. */
function nanField(value: unknown, path: string): string | undefined {
  if (typeof value === "number") return Number.isNaN(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, x] of value.entries()) {
      const f = nanField(x, `${path}[${i}]`);
      if (f) return f;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [k, x] of Object.entries(value)) {
      const f = nanField(x, path ? `${path}.${snake(k)}` : snake(k));
      if (f) return f;
    }
  }
  return undefined;
}

/** JSON text -> request message, with a 400 naming what is wrong. */
export function parseRequest(method: GatewayMethod, text: string): unknown {
  let json: unknown;
  try {
    json = text.trim() === "" ? {} : JSON.parse(text);
  } catch (error) {
    throw badRequest(`body: not valid JSON (${(error as Error).message})`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw badRequest(`body: must be a JSON object (the ${method.name} request message)`);
  const known = Object.keys(method.requestType.fromPartial({}) as object);
  const allowed = new Set([...known, ...known.map(snake)]);
  for (const key of Object.keys(json)) {
    if (!allowed.has(key)) throw badRequest(`body: unknown field "${key}" for ${method.name} (fields: ${known.map(snake).join(", ") || "none"})`);
  }
  let message: unknown;
  try {
    message = method.requestType.fromJSON(json);
  } catch (error) {
    throw badRequest(`body: ${(error as Error).message}`);
  }
  const bad = nanField(message, "");
  if (bad) throw badRequest(`${bad}: must be a number`);
  return message;
}

/** Bodies above this size are gzipped for clients that accept it (map data compresses ~8x). */
const GZIP_MIN_BYTES = 512;

export function sendJson(res: ServerResponse, httpStatus: number, body: unknown, acceptEncoding = ""): void {
  let data = Buffer.from(JSON.stringify(body));
  const headers: Record<string, string | number> = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", vary: "accept-encoding" };
  if (data.length >= GZIP_MIN_BYTES && /\bgzip\b/.test(acceptEncoding)) {
    data = gzipSync(data, { level: 6 });
    headers["content-encoding"] = "gzip";
  }
  headers["content-length"] = data.length;
  res.writeHead(httpStatus, headers);
  res.end(data);
}

export function sendError(res: ServerResponse, error: unknown, onInternal?: (e: unknown) => void): void {
  let e: HttpError;
  if (error instanceof HttpError) e = error;
  else if (error instanceof ApiError) e = fromApiError(error);
  else {
    onInternal?.(error);
    e = new HttpError(500, "internal", "internal error");
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, e.httpStatus, { code: e.code, message: e.message });
}

export type UnaryImpl = Readonly<Record<string, (req: unknown) => Promise<unknown>>>;

/** One unary call: POST with a JSON body, answered with the response message's JSON. */
export async function handleUnary(req: IncomingMessage, res: ServerResponse, method: GatewayMethod, impl: UnaryImpl): Promise<void> {
  if (req.method !== "POST") throw new HttpError(405, "unimplemented", `${method.name}: use POST with a JSON body`);
  const type = String(req.headers["content-type"] ?? "");
  if (type && !/^application\/json\b/i.test(type)) throw new HttpError(415, "invalid_argument", `content-type: expected application/json, got ${type}`);
  const fn = impl[method.key];
  if (!fn) throw new HttpError(501, "unimplemented", `${method.name} is not served by this indexer`);
  const request = parseRequest(method, await readBody(req));
  const response = await fn(request);
  sendJson(res, 200, method.responseType.toJSON(method.responseType.fromPartial(response)), String(req.headers["accept-encoding"] ?? ""));
}
