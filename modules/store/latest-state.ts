/**
 * Where the commit store keeps its latest state (the `state` table every read goes to), in one of
 * two layouts fixed when the store is created:
 *
 * - `inline`: the table lives in the store's own database and `commit()` writes it in the same
 *   transaction as the trie. In-memory stores and stores created before the split use it.
 * - `thread` (default for a file): the table lives in `<path>-latest`, written by a thread of its
 *   own (`latest-state-worker.cjs`), as the Cosmos SDK's store v2 writes state storage beside the
 *   state commitment. `commit()` appends the height's changes to the `change_log` table in its
 *   transaction (sequential, the size of the change set) instead of upserting rows at random
 *   places of a large B-tree, which grows with the state and was most of a commit at 1M keys.
 *   Until the thread has applied a height, its changes are read from an in-memory overlay.
 */
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { type Db, PairWriter, ROWS_PER_STATEMENT, type SqliteOptions, type Statements, openLatestStateFile } from "./sqlite-backend";
import { StateOverlay } from "./state-overlay";
import { SqliteStateView } from "./state-view";

export type LatestStateLayout = "inline" | "thread";

/** A committed change: key, value (undefined = delete), key as latin1. */
export type FlatChange = readonly [Buffer, Buffer | undefined, string];

export interface LatestState {
  readonly view: SqliteStateView;
  /** Called inside `commit()`'s transaction on the store's database. */
  writeInCommit(height: number, changes: readonly FlatChange[]): void;
  /** Called once that transaction has committed. */
  committed(height: number, changes: readonly FlatChange[]): void;
  /** Returns once the table itself holds every committed height. */
  settle(): void;
  close(): void;
}

export class InlineLatestState implements LatestState {
  readonly view: SqliteStateView;

  constructor(
    db: Db,
    private readonly stmts: Statements,
  ) {
    this.view = new SqliteStateView(db);
  }

  writeInCommit(_height: number, changes: readonly FlatChange[]): void {
    const puts = changes.filter((change) => change[1] !== undefined) as Array<readonly [Buffer, Buffer, string]>;
    this.stmts.putStates.write(puts.length, (i) => puts[i][0], (i) => puts[i][1]);
    for (const [k, v] of changes) if (v === undefined) this.stmts.delState.run(k);
  }

  committed(_height: number, changes: readonly FlatChange[]): void {
    this.view.applyCommitted(changes);
  }

  settle(): void {}

  close(): void {}
}

/** Change-log encoding, read by latest-state-worker.cjs: per change u32 BE key length, key, u32 BE (value length + 1, 0 = delete), value. */
export function encodeChanges(changes: readonly FlatChange[]): Buffer {
  let length = 0;
  for (const [k, v] of changes) length += 8 + k.length + (v === undefined ? 0 : v.length);
  const out = Buffer.allocUnsafe(length);
  let off = 0;
  for (const [k, v] of changes) {
    off = out.writeUInt32BE(k.length, off);
    off += k.copy(out, off);
    off = out.writeUInt32BE(v === undefined ? 0 : v.length + 1, off);
    if (v !== undefined) off += v.copy(out, off);
  }
  return out;
}

// Shared status words (BigInt64 slots), written by the worker.
const APPLIED = 0;
const FAILED = 1;
const APPLY_MICROS = 2;
const PHASE = 3;
const ERROR_LENGTH = 4;
const ERROR_OFFSET = 40;
const STATUS_BYTES = ERROR_OFFSET + 1024;
const PHASE_RUNNING = 1n;
const PHASE_CLOSED = 2n;
/** A commit waits once the thread is this many heights behind: bounds the overlay's memory. */
const MAX_PENDING_HEIGHTS = 4;
/** Waits are slices of 100 ms; after this many the thread is taken as stuck (no clock in modules/). */
const WAIT_SLICES = 600;

export interface ThreadLatestStateOptions extends SqliteOptions {
  readonly storePath: string;
  /** The store's last committed height when opened: the thread replays the change log up to it. */
  readonly lastHeight: number;
  /** The store's first committed height (a chain's initial height): a file at 0 replays from there. */
  readonly firstHeight: () => number;
  /**
   * Every live (key, value) at `lastHeight`, from the trie's leaves: the file is rebuilt from them
   * when the change log cannot bring it up to date (file deleted or restored from elsewhere, or
   * its last writes lost to a power cut after the log was pruned).
   */
  readonly liveEntries: () => Iterable<readonly [Buffer, Buffer]>;
}

export class ThreadLatestState implements LatestState {
  readonly view: SqliteStateView;
  private readonly overlay = new StateOverlay();
  private readonly status = new BigInt64Array(new SharedArrayBuffer(STATUS_BYTES), 0, 5);
  private readonly readDb: Db;
  private readonly worker: Worker;
  private committedHeight: number;

  constructor(private readonly stmts: Statements, options: ThreadLatestStateOptions) {
    const latestPath = `${options.storePath}-latest`;
    this.readDb = openLatestStateFile(latestPath, options);
    this.committedHeight = options.lastHeight;
    let fileHeight: number;
    try {
      fileHeight = this.fileHeight();
      if (!this.changeLogReaches(fileHeight, options.lastHeight, options.firstHeight)) {
        this.rebuild(options.lastHeight, options.liveEntries());
        fileHeight = options.lastHeight;
      }
    } catch (error) {
      this.readDb.close();
      throw error;
    }
    Atomics.store(this.status, APPLIED, BigInt(fileHeight));
    this.worker = new Worker(join(__dirname, "latest-state-worker.cjs"), {
      workerData: {
        storePath: options.storePath,
        latestPath,
        lastHeight: options.lastHeight,
        status: this.status.buffer,
        synchronous: options.synchronous ?? "NORMAL",
        cacheMB: options.cacheMB ?? 256,
        rowsPerStatement: ROWS_PER_STATEMENT,
      },
    });
    this.worker.unref();
    // The thread first replays the committed heights the file lacks (a crash after commit): reads
    // wait for that. With nothing to replay they need not wait for the thread to start (~50 ms):
    // a failure to open surfaces at the next commit.
    if (fileHeight < options.lastHeight) {
      try {
        this.waitFor(PHASE, () => Atomics.load(this.status, PHASE) >= PHASE_RUNNING, "open");
      } catch (error) {
        void this.worker.terminate();
        this.readDb.close();
        throw error;
      }
    }
    this.view = new SqliteStateView(this.readDb, this.overlay, () => this.overlay.release(this.applied));
  }

  private fileHeight(): number {
    return Number(this.readDb.prepare("SELECT v FROM meta WHERE k = 'applied_height'").pluck().get() ?? 0);
  }

  /** Whether the thread can bring the file from `fileHeight` to `lastHeight` from the change log alone. */
  private changeLogReaches(fileHeight: number, lastHeight: number, firstHeight: () => number): boolean {
    if (fileHeight === lastHeight) return true;
    if (fileHeight > lastHeight) return false;
    return this.stmts.hasChangeLog.get(fileHeight === 0 ? firstHeight() : fileHeight + 1) !== undefined;
  }

  /** O(state), on this thread before the writer starts: the file becomes the trie's state at `height`. */
  private rebuild(height: number, entries: Iterable<readonly [Buffer, Buffer]>): void {
    const db = this.readDb;
    const writer = new PairWriter(db, "INSERT INTO state (k, v)");
    db.transaction(() => {
      db.prepare("DELETE FROM state").run();
      let batch: Array<readonly [Buffer, Buffer]> = [];
      const flush = () => {
        writer.write(batch.length, (i) => batch[i][0], (i) => batch[i][1]);
        batch = [];
      };
      for (const entry of entries) {
        batch.push(entry);
        if (batch.length === 1024) flush();
      }
      flush();
      db.prepare("INSERT OR REPLACE INTO meta (k, v) VALUES ('applied_height', ?)").run(String(height));
    })();
  }

  /** Highest height the latest-state file holds. */
  get applied(): number {
    return Number(Atomics.load(this.status, APPLIED));
  }

  /** How long the thread took to apply its last height, µs (benchmarks). */
  get lastApplyMicros(): number {
    return Number(Atomics.load(this.status, APPLY_MICROS));
  }

  writeInCommit(height: number, changes: readonly FlatChange[]): void {
    this.throwIfFailed();
    this.stmts.putChangeLog.run(height, encodeChanges(changes));
    const applied = this.applied;
    if (applied > 0) this.stmts.delChangeLogUpTo.run(applied);
  }

  committed(height: number, changes: readonly FlatChange[]): void {
    this.committedHeight = height;
    this.overlay.release(this.applied);
    this.overlay.add(height, changes);
    this.view.applyCommitted(changes);
    this.worker.postMessage({ height });
    if (height - this.applied > MAX_PENDING_HEIGHTS) {
      this.waitFor(APPLIED, () => height - this.applied <= MAX_PENDING_HEIGHTS, "keep up");
    }
  }

  settle(): void {
    this.waitFor(APPLIED, () => this.applied >= this.committedHeight, "catch up");
    this.overlay.release(this.applied);
  }

  close(): void {
    try {
      if (Atomics.load(this.status, FAILED) === 0n) this.settle();
    } finally {
      this.worker.postMessage({ close: true });
      try {
        this.waitFor(PHASE, () => Atomics.load(this.status, PHASE) === PHASE_CLOSED, "close", false);
      } finally {
        this.readDb.close();
      }
    }
  }

  private waitFor(slot: number, done: () => boolean, what: string, failFast = true): void {
    for (let slice = 0; !done(); slice++) {
      if (failFast) this.throwIfFailed();
      if (slice === WAIT_SLICES) {
        throw new Error(`commit store: the latest-state thread did not ${what} within ${(WAIT_SLICES / 10).toFixed(0)} s`);
      }
      Atomics.wait(this.status, slot, Atomics.load(this.status, slot), 100);
    }
  }

  private throwIfFailed(): void {
    if (Atomics.load(this.status, FAILED) === 0n) return;
    const length = Number(Atomics.load(this.status, ERROR_LENGTH));
    const text = Buffer.from(this.status.buffer, ERROR_OFFSET, length).toString();
    throw new Error(
      `commit store: the latest-state thread failed (${text}); committed heights stay in the change log ` +
        "and are replayed into the latest-state file when the store is next opened",
    );
  }
}
