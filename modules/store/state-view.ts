/**
 * The latest committed state as a read-only store: the `state` table (in the commit store's own
 * database, or in the separate file the writer thread keeps), under the overlay of committed
 * changes that thread has not applied yet, behind an LRU of hot values.
 */
import type Database from "better-sqlite3";
import { LRUCache } from "lru-cache";
import { asBuffer, bytesToKeyString } from "./bytes";
import { mergeBuffered } from "./merge-iterate";
import type { StateOverlay } from "./state-overlay";
import type { KVEntry, KeyRange, ReadonlyKVStore } from "./types";

type Stmt = Database.Statement;
type IterShape = "all" | "from" | "to" | "between";

const ABSENT: unique symbol = Symbol("absent");

/**
 * Iteration is driven by prepared statements with key bounds in SQL, so a bounded scan touches
 * only its range. While an iteration over the commit store's own database is open that
 * connection cannot write: finish (or break out of) iterations before `commit()`.
 */
export class SqliteStateView implements ReadonlyKVStore {
  private readonly getState: Stmt;
  private readonly idle = new Map<string, Stmt[]>();
  // Hot keys (accounts, balances, module params) are read by nearly every tx; an SQLite point
  // read costs ~20 µs through the driver. Cached values (ABSENT = absent) are kept exact by
  // `applyCommitted`, called with every committed change.
  private readonly values = new LRUCache<string, Buffer | typeof ABSENT>({ max: 100_000 });

  /** `beforeIterate` lets the owner shrink the overlay (applied heights) before it is snapshotted. */
  constructor(
    private readonly db: Database.Database,
    private readonly overlay?: StateOverlay,
    private readonly beforeIterate?: () => void,
  ) {
    this.getState = db.prepare("SELECT v FROM state WHERE k = ?").pluck();
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.getByKeyString(bytesToKeyString(key), key);
  }

  /** `get` with the key's latin1 string already computed by a branch above (see KeyStringReader). */
  getByKeyString(id: string, key: Uint8Array): Uint8Array | undefined {
    const pending = this.overlay?.get(id);
    if (pending !== undefined) return pending ?? undefined;
    const cached = this.values.get(id);
    if (cached !== undefined) return cached === ABSENT ? undefined : cached;
    const value = this.getState.get(asBuffer(key)) as Buffer | undefined;
    this.values.set(id, value ?? ABSENT);
    return value;
  }

  has(key: Uint8Array): boolean {
    return this.get(key) !== undefined;
  }

  /**
   * Whether `keyString` (bytesToKeyString of the key) is known to be in the committed state
   * without a table read. False: absent, or not known.
   */
  knownPresent(keyString: string): boolean {
    const pending = this.overlay?.get(keyString);
    if (pending !== undefined) return pending !== null;
    const cached = this.values.peek(keyString);
    return cached !== undefined && cached !== ABSENT;
  }

  /** Keeps the value cache exact after a commit of `changes` ([key, value, key as latin1]). */
  applyCommitted(changes: ReadonlyArray<readonly [Buffer, Buffer | undefined, string]>): void {
    for (const [, value, id] of changes) {
      if (this.values.has(id)) this.values.set(id, value ?? ABSENT);
    }
  }

  iterate(range: KeyRange = {}): IterableIterator<KVEntry> {
    const table = this.iterateTable(range);
    if (this.overlay === undefined) return table;
    this.beforeIterate?.();
    if (this.overlay.size === 0) return table;
    const reverse = range.reverse === true;
    return mergeBuffered(this.overlay.snapshot(range.start, range.end, reverse), table, reverse);
  }

  private *iterateTable(range: KeyRange): IterableIterator<KVEntry> {
    const { start, end } = range;
    const shape: IterShape =
      start !== undefined ? (end !== undefined ? "between" : "from") : end !== undefined ? "to" : "all";
    const reverse = range.reverse === true;
    if (start !== undefined && end !== undefined && Buffer.compare(asBuffer(start), asBuffer(end)) >= 0) return;
    const params: Buffer[] = [];
    if (start !== undefined) params.push(asBuffer(start));
    if (end !== undefined) params.push(asBuffer(end));
    // A statement cannot run two iterations at once: take an idle one or prepare another.
    const id = `${shape}:${reverse}`;
    const pool = this.idle.get(id) ?? [];
    this.idle.set(id, pool);
    const stmt = pool.pop() ?? this.prepare(shape, reverse);
    try {
      for (const row of stmt.iterate(...params) as IterableIterator<[Buffer, Buffer]>) {
        yield [row[0], row[1]];
      }
    } finally {
      pool.push(stmt);
    }
  }

  private prepare(shape: IterShape, reverse: boolean): Stmt {
    const where = { all: "", from: "WHERE k >= ?", to: "WHERE k < ?", between: "WHERE k >= ? AND k < ?" }[shape];
    return this.db.prepare(`SELECT k, v FROM state ${where} ORDER BY k ${reverse ? "DESC" : "ASC"}`).raw();
  }
}
