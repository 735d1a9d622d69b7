/**
 * The ABCI socket server CometBFT v0.38 connects to (`proxy_app = "tcp://..."` or `unix://...`).
 * It serves the same transport-free app object the embedded engine drives. CometBFT opens four
 * connections (query, snapshot, mempool, consensus); each is an AbciConnection, independent of the
 * others, and a bad frame on one closes that one only.
 */
import { createServer, type Server, type Socket } from "node:net";
import { existsSync, unlinkSync } from "node:fs";
import type { AbciApplication } from "../../modules/app/abci";
import { AbciConnection, type AbciLogger } from "./abci-connection";

export type { AbciLogger } from "./abci-connection";

/** Blocks are at most 100 MiB in CometBFT (types.MaxBlockSizeBytes); allow that plus overhead. */
export const DEFAULT_MAX_FRAME_BYTES = 104_857_600 + 1_048_576;

export class AbciAddressError extends Error {
  override readonly name = "AbciAddressError";
}

export type ListenAddress = { readonly kind: "tcp"; readonly host: string; readonly port: number } | { readonly kind: "unix"; readonly path: string };

/** "tcp://127.0.0.1:26658", "127.0.0.1:26658" or "unix:///tmp/app.sock" (CometBFT's proxy_app forms). */
export function parseListenAddress(address: string): ListenAddress {
  if (address.startsWith("unix://")) {
    const path = address.slice("unix://".length);
    if (!path) throw new AbciAddressError(`no socket path in "${address}"`);
    return { kind: "unix", path };
  }
  const rest = address.startsWith("tcp://") ? address.slice("tcp://".length) : address;
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(rest);
  if (!m) throw new AbciAddressError(`expected tcp://host:port or unix:///path, got "${address}"`);
  const port = Number(m[2]);
  if (port > 65535) throw new AbciAddressError(`port out of range in "${address}"`);
  return { kind: "tcp", host: m[1].replace(/^\[|\]$/g, ""), port };
}

export interface AbciServerOptions {
  readonly app: AbciApplication;
  /** See parseListenAddress; port 0 picks a free port (read it back from `address`). */
  readonly address: string;
  readonly maxFrameBytes?: number;
  readonly logger?: AbciLogger;
}

export const stderrLogger: AbciLogger = {
  info: (message) => process.stderr.write(`[abci] ${message}\n`),
  error: (message) => process.stderr.write(`[abci] ERROR ${message}\n`),
};

export class AbciServer {
  private readonly connections = new Set<AbciConnection>();
  private nextId = 1;

  private constructor(
    private readonly server: Server,
    private readonly listen: ListenAddress,
  ) {}

  static async start(options: AbciServerOptions): Promise<AbciServer> {
    const listen = parseListenAddress(options.address);
    const logger = options.logger ?? stderrLogger;
    const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    const server = createServer();
    const abci = new AbciServer(server, listen);
    server.on("connection", (socket: Socket) => {
      const connection = new AbciConnection(abci.nextId++, socket, options.app, logger, maxFrameBytes, (c) => abci.connections.delete(c));
      abci.connections.add(connection);
    });
    // A stale socket file from a killed process would make listen fail with EADDRINUSE.
    if (listen.kind === "unix" && existsSync(listen.path)) unlinkSync(listen.path);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      const done = () => {
        server.off("error", reject);
        resolve();
      };
      if (listen.kind === "unix") server.listen(listen.path, done);
      else server.listen(listen.port, listen.host, done);
    });
    return abci;
  }

  /** The bound address in proxy_app form (the real port when 0 was asked for). */
  get address(): string {
    if (this.listen.kind === "unix") return `unix://${this.listen.path}`;
    const bound = this.server.address();
    const port = bound && typeof bound === "object" ? bound.port : this.listen.port;
    const host = this.listen.host.includes(":") ? `[${this.listen.host}]` : this.listen.host;
    return `tcp://${host}:${port}`;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Stops accepting, drops every connection. Does not close the app (its owner does). */
  async close(): Promise<void> {
    for (const connection of [...this.connections]) connection.close("server shutting down");
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
