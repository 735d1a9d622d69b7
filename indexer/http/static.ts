/**
 * Serves the explorer's production build (explorer/dist, made by `npm run build:explorer`): files
 * by path, index.html for "/", long caching for hashed assets. Paths are resolved inside the build
 * directory only; a missing build is a 503 that says how to make it.
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { HttpError } from "./errors";

export const DEFAULT_EXPLORER_DIR = resolve(__dirname, "..", "..", "explorer", "dist");

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

export function serveStatic(req: IncomingMessage, res: ServerResponse, root: string): void {
  if (req.method !== "GET" && req.method !== "HEAD") throw new HttpError(405, "unimplemented", `${req.method}: the explorer's files are served to GET and HEAD only`);
  if (!existsSync(join(root, "index.html"))) throw new HttpError(503, "unavailable", `the explorer is not built (no ${join(root, "index.html")}): run npm run build:explorer`);
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
  } catch {
    throw new HttpError(400, "invalid_argument", "path: malformed percent-encoding");
  }
  if (path.includes("\0")) throw new HttpError(400, "invalid_argument", "path: contains NUL");
  const rel = normalize(path).replace(/^([/\\])+/, "");
  const file = resolve(root, rel === "" ? "index.html" : rel);
  if (file !== root && !file.startsWith(root + sep)) throw new HttpError(404, "not_found", `${path} not found`);
  let target = file;
  if (!existsSync(target) || statSync(target).isDirectory()) {
    // Client-side routes (#/device/..., /device/...) get the page; missing assets are 404.
    if (extname(path) !== "") throw new HttpError(404, "not_found", `${path} not found`);
    target = join(root, "index.html");
  }
  const size = statSync(target).size;
  const hashed = target.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    "content-type": TYPES[extname(target)] ?? "application/octet-stream",
    "content-length": size,
    "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
    "x-content-type-options": "nosniff",
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  createReadStream(target).on("error", () => res.destroy()).pipe(res);
}
