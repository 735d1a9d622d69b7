/**
 * The main-thread handle of the tx indexer thread (tx-index-worker.cjs), as CometBFT runs its
 * IndexerService beside consensus: `saveBlock` only writes the block and its results, then
 * `notify`s; the worker indexes txs and event attributes into a separate SQLite file. Queries that
 * read the index first `waitFor` the latest saved height, so a client still finds a tx as soon as
 * the block holding it is committed.
 */
import { join } from "node:path";
import { Worker } from "node:worker_threads";

type WorkerMessage = { indexed: number } | { closed: true } | { failed: string };

export class TxIndexer {
  private readonly worker: Worker;
  private indexedHeight = -1;
  private waiters: Array<{ height: number; resolve: () => void }> = [];
  private closed: Promise<void> | undefined;
  private exited = false;

  constructor(
    blockStorePath: string,
    indexPath: string,
    private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {
    this.worker = new Worker(join(__dirname, "tx-index-worker.cjs"), { workerData: { blockStorePath, indexPath } });
    this.worker.unref();
    this.worker.on("message", (message: WorkerMessage) => {
      if ("indexed" in message) {
        this.indexedHeight = message.indexed;
        this.release();
      } else if ("failed" in message) {
        this.log(`tx index: ${message.failed}; tx and tx_search miss that height until the next block retries it`);
        this.release(true);
      }
    });
    this.worker.on("error", (error) => {
      this.log(`tx index thread failed: ${error.stack ?? error.message}; tx and tx_search stop seeing new blocks`);
      this.exited = true;
      this.release(true);
    });
    this.worker.on("exit", () => {
      this.exited = true;
      this.release(true);
    });
  }

  /** Highest height whose txs are searchable (-1 until the thread reports in). */
  get height(): number {
    return this.indexedHeight;
  }

  /** A block up to `height` is durably saved in the block store. */
  notify(height: number): void {
    if (!this.exited) this.worker.postMessage({ height });
  }

  /**
   * Resolves once `height` is indexed, or after `timeoutMs` (the caller then reads what is there),
   * or at once when the thread has exited (a height it failed to index also releases the waiters).
   */
  waitFor(height: number, timeoutMs = 10_000): Promise<void> {
    if (this.indexedHeight >= height || this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve();
      }, timeoutMs);
      timer.unref();
      const waiter = {
        height,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.push(waiter);
    });
  }

  private release(all = false): void {
    const ready = this.waiters.filter((w) => all || w.height <= this.indexedHeight);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }

  /** Lets the thread finish the height it is writing, then closes its connections. */
  close(): Promise<void> {
    this.closed ??= this.exited
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          this.worker.once("exit", () => resolve());
          this.worker.postMessage({ close: true });
        });
    return this.closed;
  }
}
