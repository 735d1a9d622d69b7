/**
 * One ABCI socket connection from CometBFT. Requests are answered strictly in arrival order. Each
 * request runs only after the previous one on this connection has finished, except CheckTx: the
 * app already finishes CheckTx calls in arrival order (BaseApp.checkQueue) and starting them early
 * lets its signature pre-verification overlap across a burst of async CheckTx. Connections never
 * wait on each other.
 *
 * Responses are buffered and written when a Flush is answered or nothing else is queued: CometBFT's
 * client only waits for responses after sending a Flush, and one write per batch saves syscalls.
 */
import type { Socket } from "node:net";
import type { Response } from "cosmjs-types/tendermint/abci/types";
import type { AbciApplication } from "../../modules/app/abci";
import { CodecError, decodeRequest, encodeResponseFrame, type RequestMethod } from "./codec";
import { dispatch } from "./dispatch";
import { FrameReader, FramingError } from "./framing";

export interface AbciLogger {
  info(message: string): void;
  error(message: string): void;
}

interface Slot {
  readonly method: RequestMethod;
  readonly result: Promise<Response>;
}

/** Methods that reveal which of CometBFT's four connections this is (for log lines only). */
const CONNECTION_KIND: Partial<Record<RequestMethod, string>> = {
  info: "query",
  query: "query",
  checkTx: "mempool",
  initChain: "consensus",
  prepareProposal: "consensus",
  processProposal: "consensus",
  finalizeBlock: "consensus",
  commit: "consensus",
  extendVote: "consensus",
  verifyVoteExtension: "consensus",
  listSnapshots: "snapshot",
  offerSnapshot: "snapshot",
  loadSnapshotChunk: "snapshot",
  applySnapshotChunk: "snapshot",
};

export class AbciConnection {
  private readonly reader: FrameReader;
  private readonly slots: Slot[] = [];
  private readonly output: Buffer[] = [];
  /** Settles when the last queued non-CheckTx request (or anything before it) is done. */
  private tail: Promise<unknown> = Promise.resolve();
  private draining = false;
  private closed = false;
  private kind = "unknown";
  /** Requests answered so far (tests and diagnostics). */
  answered = 0;

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly app: AbciApplication,
    private readonly logger: AbciLogger,
    maxFrameBytes: number,
    private readonly onClose: (connection: AbciConnection) => void,
  ) {
    this.reader = new FrameReader(maxFrameBytes);
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("error", (error) => this.close(`socket error: ${error.message}`));
    socket.on("close", () => this.close("peer closed the connection"));
  }

  get label(): string {
    return `abci conn #${this.id} (${this.kind})`;
  }

  /** Closes this connection only, logging why; the server keeps serving the others. */
  close(reason: string, isError = false): void {
    if (this.closed) return;
    this.closed = true;
    (isError ? this.logger.error : this.logger.info).call(this.logger, `${this.label} closed: ${reason}`);
    this.socket.destroy();
    this.onClose(this);
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    let frames: Buffer[];
    try {
      frames = this.reader.push(chunk);
    } catch (error) {
      if (error instanceof FramingError) return this.close(`bad frame: ${error.message}`, true);
      throw error;
    }
    for (const bytes of frames) {
      let decoded;
      try {
        decoded = decodeRequest(bytes);
      } catch (error) {
        if (error instanceof CodecError) return this.close(`bad request: ${error.message}`, true);
        throw error;
      }
      this.enqueue(decoded.method, decoded.request);
    }
  }

  private enqueue(method: RequestMethod, request: Parameters<typeof dispatch>[2]): void {
    if (this.kind === "unknown" && CONNECTION_KIND[method]) this.kind = CONNECTION_KIND[method]!;
    const run = () => dispatch(this.app, method, request);
    const result = method === "checkTx" ? run() : this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    this.slots.push({ method, result });
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.slots.length > 0 && !this.closed) {
        const slot = this.slots[0];
        let response: Response;
        try {
          response = await slot.result;
        } catch (error) {
          // CometBFT halts on an exception; that is right for a failing FinalizeBlock or Commit,
          // which must never be skipped. Log it here too: the node's log says only "exception".
          const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
          this.logger.error(`${this.label}: ${slot.method} failed: ${message}`);
          response = { exception: { error: `${slot.method}: ${error instanceof Error ? error.message : String(error)}` } };
        }
        this.slots.shift();
        this.output.push(encodeResponseFrame(response));
        this.answered++;
        if (slot.method === "flush" || this.slots.length === 0) this.write();
      }
    } finally {
      this.draining = false;
    }
  }

  private write(): void {
    if (this.output.length === 0 || this.closed) return;
    const bytes = this.output.length === 1 ? this.output[0] : Buffer.concat(this.output);
    this.output.length = 0;
    this.socket.write(bytes);
  }
}
