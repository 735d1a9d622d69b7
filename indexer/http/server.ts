/**
 * The explorer's HTTP server, run by the indexer process on its own port: the page (static.ts),
 * the JSON gateway to IndexerService (gateway.ts) and StreamEvents as SSE (sse.ts). Every bad
 * request gets a specific status and a JSON `{code, message}`; nothing a client sends stops the
 * indexer.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Ingester } from "../ingest/ingester";
import type { IndexerQueries } from "../store/queries";
import { HttpError } from "./errors";
import { GATEWAY_METHODS, handleUnary, sendError, SERVICE_PATH, type UnaryImpl } from "./gateway";
import { handleStream } from "./sse";
import { DEFAULT_EXPLORER_DIR, serveStatic } from "./static";

/** The explorer's HTTP server could not start (e.g. its port is taken). */
export class ExplorerServerError extends Error {
  override readonly name = "ExplorerServerError";
}

export interface ExplorerServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly unary: UnaryImpl;
  readonly queries: IndexerQueries;
  readonly ingester: Ingester;
  /** The explorer build; default explorer/dist. */
  readonly dir?: string;
  readonly onError?: (what: string, error: unknown) => void;
}

export interface RunningExplorerServer {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

export async function startExplorerServer(options: ExplorerServerOptions): Promise<RunningExplorerServer> {
  const dir = options.dir ?? DEFAULT_EXPLORER_DIR;
  const onError = options.onError ?? ((what, e) => console.warn(`[explorer] ${what} failed: ${String(e)}`));
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const handle = async () => {
      if (path.startsWith(SERVICE_PATH)) {
        const name = path.slice(SERVICE_PATH.length);
        const method = GATEWAY_METHODS.get(name);
        if (!method) throw new HttpError(404, "unimplemented", `unknown method ${JSON.stringify(name.slice(0, 64))} (methods: ${[...GATEWAY_METHODS.keys()].join(", ")})`);
        if (method.responseStream) await handleStream(req, res, method, options.queries, options.ingester, (e) => onError(name, e));
        else await handleUnary(req, res, method, options.unary);
        return;
      }
      serveStatic(req, res, dir);
    };
    handle().catch((error: unknown) => sendError(res, error, (e) => onError(path, e)));
  });
  // Malformed HTTP (bad request line, oversized headers): a 400, the socket closed, the server lives on.
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n" + JSON.stringify({ code: "invalid_argument", message: "malformed HTTP request" }));
    else socket.destroy();
  });
  server.headersTimeout = 10_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://${options.host}:${port}/`,
    stop: () =>
      new Promise<void>((resolveStop) => {
        server.close(() => resolveStop());
        // Open SSE streams would hold close() forever.
        server.closeAllConnections();
      }),
  };
}
