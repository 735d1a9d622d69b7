/**
 * A load generator's HTTP/1.1 client: one keep-alive TCP connection per sender, one request in
 * flight on it, request bytes rendered before the clock starts. node:http's client costs ~200 µs of
 * CPU per request on the 2-core dev VM, and the load generator shares those cores with the chain
 * under test; this costs a fraction of that. The requests are ordinary HTTP/1.1 POSTs to the
 * JSON-RPC endpoint, parsed by the devnet's node:http server like any client's.
 */
import { connect, type Socket } from "node:net";

const HEADER_END = Buffer.from("\r\n\r\n");

/** A complete POST request (headers and body) for `url`. */
export function renderPost(url: string, body: string): Buffer {
  const { host, pathname } = new URL(url);
  const payload = Buffer.from(body, "utf8");
  const head = `POST ${pathname || "/"} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\nConnection: keep-alive\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), payload]);
}

export class RawHttpConnection {
  private pending: { resolve: (body: string) => void; reject: (error: Error) => void } | undefined;
  private received: Buffer = Buffer.alloc(0);

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (error) => this.fail(error));
    socket.on("close", () => this.fail(new Error("connection closed by the server")));
  }

  static open(url: string): Promise<RawHttpConnection> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port) }, () => resolve(new RawHttpConnection(socket)));
      socket.once("error", reject);
    });
  }

  /** Sends a request from `renderPost` and resolves to the response body (status 200 only). */
  send(request: Buffer): Promise<string> {
    if (this.pending) return Promise.reject(new Error("one request at a time per connection"));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.removeAllListeners("close");
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    const response = parseResponse(this.received);
    if (!response) return;
    this.received = Buffer.alloc(0);
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) return;
    if (response.status !== 200) pending.reject(new Error(`HTTP ${response.status}: ${response.body}`));
    else pending.resolve(response.body);
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
  }
}

/** A whole response in `bytes` (Content-Length or chunked body), or undefined while incomplete. */
export function parseResponse(bytes: Buffer): { status: number; body: string } | undefined {
  const headerEnd = bytes.indexOf(HEADER_END);
  if (headerEnd < 0) return undefined;
  const head = bytes.toString("latin1", 0, headerEnd);
  const status = Number(head.slice(9, 12));
  const start = headerEnd + HEADER_END.length;
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  if (length) {
    const end = start + Number(length[1]);
    return bytes.length < end ? undefined : { status, body: bytes.toString("utf8", start, end) };
  }
  if (!/\r\ntransfer-encoding: *chunked/i.test(head)) throw new Error("response has neither Content-Length nor chunked encoding");
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = bytes.indexOf("\r\n", at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(bytes.toString("latin1", at, lineEnd), 16);
    const dataEnd = lineEnd + 2 + size;
    if (bytes.length < dataEnd + 2) return undefined;
    if (size === 0) return { status, body: Buffer.concat(parts).toString("utf8") };
    parts.push(bytes.subarray(lineEnd + 2, dataEnd));
    at = dataEnd + 2;
  }
}
