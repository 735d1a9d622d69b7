/**
 * The CometBFT-compatible RPC server: JSON-RPC 2.0 over HTTP POST at `/` (single or batch),
 * the URI form over GET (`/status`, `/block?height=5`), and JSON-RPC over WebSocket at
 * `/websocket` with subscribe / unsubscribe / unsubscribe_all.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { parseQuery, QuerySyntaxError, type Query } from "../store/query";
import { internalError, invalidParams, RpcError, RPC_INTERNAL_ERROR, RPC_INVALID_REQUEST, RPC_METHOD_NOT_FOUND, RPC_PARSE_ERROR, type JsonRpcErrorObject } from "./errors";
import { METHODS, type RpcContext } from "./methods";
import { parseParams, type ParamSource } from "./params";
import { type BlockMessage, blockMessages, matchingMessages } from "./subscriptions";

export interface RpcServerOptions {
  readonly host: string;
  readonly port: number;
  /** Max body of one HTTP request (CometBFT's max_body_bytes default 1 MB; txs are up to 1 MiB base64). */
  readonly maxBodyBytes?: number;
  /** Max subscriptions per WebSocket client (CometBFT default 5; a devnet is generous). */
  readonly maxSubscriptionsPerClient?: number;
  /**
   * Max calls in one JSON-RPC batch, as CometBFT's rpc.max_request_batch_size (default 10; 0 = no
   * limit): a larger batch is refused as a whole, so a client tested here does not break on CometBFT.
   */
  readonly maxRequestBatchSize?: number;
  /** Called for unexpected handler failures (bugs), which clients see as -32603. */
  readonly onError?: (error: unknown) => void;
}

interface JsonRpcResponse {
  jsonrpc: "2.0";
  id: unknown;
  result?: unknown;
  error?: JsonRpcErrorObject;
}

const WS_ONLY = new Set(["subscribe", "unsubscribe", "unsubscribe_all"]);

export class RpcServer {
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly clients = new Map<WebSocket, Map<string, { id: unknown; query: Query }>>();
  private readonly offBlock: () => void;
  private readonly maxBody: number;
  private readonly maxSubs: number;
  private readonly maxBatch: number;
  private readonly onError: (error: unknown) => void;

  private constructor(private readonly ctx: RpcContext, options: RpcServerOptions) {
    this.maxBody = options.maxBodyBytes ?? 4 * 1024 * 1024;
    this.maxSubs = options.maxSubscriptionsPerClient ?? 100;
    this.maxBatch = options.maxRequestBatchSize ?? 10;
    this.onError = options.onError ?? (() => undefined);
    this.server = createServer((req, res) => void this.handleHttp(req, res));
    this.server.keepAliveTimeout = 5000;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.maxBody });
    this.server.on("upgrade", (req, socket, head) => {
      if ((req.url ?? "").split("?")[0] !== "/websocket") {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.handleWs(ws));
    });
    this.offBlock = ctx.engine.onBlock((committed) => this.publish(blockMessages(committed)));
  }

  static async listen(ctx: RpcContext, options: RpcServerOptions): Promise<RpcServer> {
    const rpc = new RpcServer(ctx, options);
    await new Promise<void>((resolve, reject) => {
      rpc.server.once("error", reject);
      rpc.server.listen(options.port, options.host, () => {
        rpc.server.off("error", reject);
        resolve();
      });
    });
    return rpc;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.offBlock();
    for (const ws of this.clients.keys()) ws.terminate();
    this.clients.clear();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Access-Control-Allow-Headers", "Content-Type");
    try {
      if (req.method === "OPTIONS") {
        res.writeHead(204).end();
        return;
      }
      if (req.method === "POST") {
        const body = await this.readBody(req);
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch (error) {
          this.send(res, 500, rpcError(null, new RpcError(RPC_PARSE_ERROR, `error unmarshaling request: ${(error as Error).message}`)));
          return;
        }
        if (Array.isArray(parsed)) {
          if (parsed.length === 0) {
            this.send(res, 500, rpcError(null, new RpcError(RPC_INVALID_REQUEST, "empty batch request")));
            return;
          }
          if (this.maxBatch > 0 && parsed.length > this.maxBatch) {
            // CometBFT answers one error object (not an array) with status 200.
            this.send(res, 200, rpcError(null, new RpcError(RPC_INVALID_REQUEST, `batch request exceeds maximum (${this.maxBatch}) allowed number of requests`)));
            return;
          }
          const responses = await Promise.all(parsed.map((r) => this.dispatchJson(r, false)));
          this.send(res, 200, responses);
          return;
        }
        this.send(res, 200, await this.dispatchJson(parsed, false));
        return;
      }
      if (req.method === "GET") {
        const url = new URL(req.url ?? "/", "http://localhost");
        const method = url.pathname.replace(/^\/+/, "");
        if (method === "") {
          this.sendIndex(res);
          return;
        }
        const params = Object.fromEntries(url.searchParams.entries());
        this.send(res, 200, await this.call(-1, method, params, "uri", false));
        return;
      }
      res.writeHead(405).end();
    } catch (error) {
      this.onError(error);
      if (!res.headersSent) this.send(res, 500, rpcError(null, internalError(String(error))));
    }
  }

  private readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > this.maxBody) {
          reject(new RpcError(RPC_INVALID_REQUEST, `request body too large (max ${this.maxBody} bytes)`));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      req.on("error", reject);
    });
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body, null, 2);
    // With the length known, node:http sends the body as is (writeHead alone would make it chunked).
    res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
    res.end(text);
  }

  private sendIndex(res: ServerResponse): void {
    const names = Object.keys(METHODS).sort();
    const html =
      "<html><body><br>Available endpoints:<br>" +
      names.map((n) => `<a href="/${n}">/${n}</a></br>`).join("") +
      "</body></html>";
    res.writeHead(200, { "Content-Type": "text/html" }).end(html);
  }

  private async dispatchJson(request: unknown, ws: boolean, socket?: WebSocket): Promise<JsonRpcResponse> {
    if (!request || typeof request !== "object" || Array.isArray(request)) {
      return rpcError(null, new RpcError(RPC_INVALID_REQUEST, "request must be a JSON object"));
    }
    const r = request as { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
    const id = r.id ?? null;
    if (r.jsonrpc !== "2.0") return rpcError(id, new RpcError(RPC_INVALID_REQUEST, `jsonrpc must be "2.0"`));
    if (typeof r.method !== "string") return rpcError(id, new RpcError(RPC_INVALID_REQUEST, "method must be a string"));
    return this.call(id, r.method, r.params, "json", ws, socket);
  }

  private async call(id: unknown, method: string, rawParams: unknown, source: ParamSource, ws: boolean, socket?: WebSocket): Promise<JsonRpcResponse> {
    try {
      if (WS_ONLY.has(method)) {
        if (!ws || !socket) throw new RpcError(RPC_METHOD_NOT_FOUND, `${method} is only available over the WebSocket at /websocket`);
        return { jsonrpc: "2.0", id, result: this.subscription(socket, id, method, rawParams) };
      }
      const def = Object.prototype.hasOwnProperty.call(METHODS, method) ? METHODS[method] : undefined;
      if (!def) throw new RpcError(RPC_METHOD_NOT_FOUND, `method "${method}" not found`);
      const params = parseParams(def.params, rawParams, source);
      return { jsonrpc: "2.0", id, result: await def.handler(this.ctx, params) };
    } catch (error) {
      if (error instanceof RpcError) return rpcError(id, error);
      this.onError(error);
      return rpcError(id, new RpcError(RPC_INTERNAL_ERROR, error instanceof Error ? error.message : String(error)));
    }
  }

  private handleWs(ws: WebSocket): void {
    this.clients.set(ws, new Map());
    ws.on("message", (data) => {
      void (async () => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(data.toString());
        } catch (error) {
          this.wsSend(ws, rpcError(null, new RpcError(RPC_PARSE_ERROR, `error unmarshaling request: ${(error as Error).message}`)));
          return;
        }
        this.wsSend(ws, await this.dispatchJson(parsed, true, ws));
      })();
    });
    ws.on("close", () => this.clients.delete(ws));
    ws.on("error", () => this.clients.delete(ws));
  }

  private subscription(ws: WebSocket, id: unknown, method: string, rawParams: unknown): unknown {
    const subs = this.clients.get(ws);
    if (!subs) throw internalError("connection closed");
    if (method === "unsubscribe_all") {
      subs.clear();
      return {};
    }
    const params = parseParams([{ name: "query", type: "string", required: true }], rawParams, "json");
    const text = params.query as string;
    if (method === "unsubscribe") {
      if (!subs.delete(text)) throw internalError("subscription not found");
      return {};
    }
    let query: Query;
    try {
      query = parseQuery(text);
    } catch (error) {
      if (error instanceof QuerySyntaxError) throw invalidParams(`query: ${error.message}`);
      throw error;
    }
    if (subs.has(text)) throw internalError("already subscribed");
    if (subs.size >= this.maxSubs) throw internalError(`max_subscriptions_per_client ${this.maxSubs} reached`);
    subs.set(text, { id, query });
    return {};
  }

  private publish(messages: readonly BlockMessage[]): void {
    for (const [ws, subs] of this.clients) {
      for (const [text, sub] of subs) {
        for (const m of matchingMessages(sub, messages)) {
          this.wsSend(ws, { jsonrpc: "2.0", id: sub.id, result: { query: text, data: m.data, events: m.events } });
        }
      }
    }
  }

  private wsSend(ws: WebSocket, message: unknown): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  }
}

function rpcError(id: unknown, error: RpcError): JsonRpcResponse {
  return { jsonrpc: "2.0", id, error: error.toJson() };
}
