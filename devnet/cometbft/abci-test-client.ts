/**
 * A minimal ABCI socket client for tests: writes Request frames, collects Response frames in the
 * order they arrive. Not used by CometBFT (it has its own client); only our specs.
 */
import { connect, type Socket } from "node:net";
import { Response, type Request } from "cosmjs-types/tendermint/abci/types";
import { encodeRequestFrame } from "./codec";
import { FrameReader } from "./framing";

export class AbciTestClient {
  readonly responses: Response[] = [];
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    const reader = new FrameReader(1 << 30);
    socket.on("data", (chunk: Buffer) => {
      for (const bytes of reader.push(chunk)) this.responses.push(Response.decode(bytes));
      this.wake();
    });
    socket.on("close", () => {
      this.closed = true;
      this.wake();
    });
    socket.on("error", () => undefined);
  }

  static connect(address: string): Promise<AbciTestClient> {
    return new Promise((resolve, reject) => {
      const target = address.startsWith("unix://") ? { path: address.slice(7) } : (() => {
        const m = /^tcp:\/\/(.+):(\d+)$/.exec(address)!;
        return { host: m[1], port: Number(m[2]) };
      })();
      const socket = connect(target, () => resolve(new AbciTestClient(socket)));
      socket.once("error", reject);
    });
  }

  send(...requests: Request[]): void {
    this.socket.write(Buffer.concat(requests.map(encodeRequestFrame)));
  }

  writeRaw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  async waitFor(count: number, timeoutMs = 5000): Promise<Response[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.responses.length < count) {
      if (this.closed) throw new Error(`connection closed after ${this.responses.length}/${count} responses`);
      if (Date.now() > deadline) throw new Error(`timeout: ${this.responses.length}/${count} responses`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.responses.slice(0, count);
  }

  async waitClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error("connection still open");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
