/**
 * SQLite (better-sqlite3) storage for the commit store: schema, prepared statements and the trie
 * node reader with its LRU cache.
 *
 * Tables (all BLOB keys compare with memcmp, i.e. unsigned byte order):
 *   state(k PRIMARY KEY, v)              latest value of every live key (point reads, iteration)
 *   nodes(k PRIMARY KEY, v)              trie nodes; k = u64 BE version | path digits
 *   roots(height PRIMARY KEY, root_version, root_leaf, hash)
 *                                        one row per committed height; root_version NULL = empty
 *   stale(version PRIMARY KEY, keys)     node keys replaced at `version` (for pruning)
 *   meta(k PRIMARY KEY, v)               format/radix parameters, latest-state layout
 *   change_log(height PRIMARY KEY, changes)
 *                                        committed changes the latest-state file may not hold yet
 */
import Database from "better-sqlite3";
import { LRUCache } from "lru-cache";
import { type ChildRef, type TrieNode, decodeNode } from "./merkle-node";
import type { NodeReader } from "./merkle-tree";
import { BatchedInsert } from "./batched-insert.cjs";

export type Db = Database.Database;
type Stmt = Database.Statement;

export interface SqliteOptions {
  /** PRAGMA synchronous. NORMAL (default) survives process crashes; FULL also power loss. */
  readonly synchronous?: "NORMAL" | "FULL";
  /** SQLite page cache, MiB (default 256). */
  readonly cacheMB?: number;
  /**
   * Memory-map up to this many MiB of the database file (default 4096): trie leaf reads are
   * random over the whole nodes table and mmap turns them into page-cache hits without a
   * read() syscall per page. 0 disables.
   */
  readonly mmapMB?: number;
  /** WAL pages before an automatic checkpoint (default 10,000 ~ 40 MiB; SQLite's is 1,000). */
  readonly walAutocheckpoint?: number;
}

export function openDatabase(path: string, opts: SqliteOptions = {}): Db {
  const db = new Database(path);
  if (path !== ":memory:") db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${opts.synchronous ?? "NORMAL"}`);
  db.pragma(`cache_size = ${-1024 * (opts.cacheMB ?? 256)}`);
  db.pragma("temp_store = MEMORY");
  if (path !== ":memory:") {
    db.pragma(`mmap_size = ${1024 * 1024 * (opts.mmapMB ?? 4096)}`);
    // A block writes a few MiB of WAL; checkpointing after every block (the default threshold)
    // rewrites hot B-tree pages far more often than needed.
    db.pragma(`wal_autocheckpoint = ${opts.walAutocheckpoint ?? 10_000}`);
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS state (k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS nodes (k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS roots (
      height INTEGER PRIMARY KEY, root_version INTEGER, root_leaf INTEGER NOT NULL, hash BLOB NOT NULL);
    CREATE TABLE IF NOT EXISTS stale (version INTEGER PRIMARY KEY, keys BLOB NOT NULL);
    CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS change_log (height INTEGER PRIMARY KEY, changes BLOB NOT NULL);
  `);
  return db;
}

/**
 * The separate latest-state file (`<store path>-latest`) that the writer thread keeps: the
 * `state` table and the height it holds (`meta.applied_height`).
 */
export function openLatestStateFile(path: string, opts: SqliteOptions = {}): Db {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${opts.synchronous ?? "NORMAL"}`);
  db.pragma(`cache_size = ${-1024 * (opts.cacheMB ?? 256)}`);
  db.pragma(`mmap_size = ${1024 * 1024 * (opts.mmapMB ?? 4096)}`);
  db.exec(`
    CREATE TABLE IF NOT EXISTS state (k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
  `);
  return db;
}

/** meta key: height of the store's first commit (absent in stores from before it was kept: 1). */
export const FIRST_HEIGHT_META = "first_height";

export function getMeta(db: Db, k: string): string | undefined {
  return db.prepare("SELECT v FROM meta WHERE k = ?").pluck().get(k) as string | undefined;
}

export function setMeta(db: Db, k: string, v: string): void {
  db.prepare("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)").run(k, v);
}

export interface RootRow {
  readonly height: number;
  readonly root: ChildRef | null;
  readonly hash: Buffer;
}

interface RawRootRow {
  height: number;
  root_version: number | null;
  root_leaf: number;
  hash: Buffer;
}

function toRootRow(r: RawRootRow | undefined): RootRow | undefined {
  if (r === undefined) return undefined;
  const root = r.root_version === null ? null : { hash: r.hash, version: r.root_version, leaf: r.root_leaf === 1 };
  return { height: r.height, root, hash: r.hash };
}

/** Rows per multi-row INSERT (also the latest-state thread's, passed to it in workerData). */
export const ROWS_PER_STATEMENT = 32;

/** Writes (k, v) rows 32 to an INSERT (batched-insert.cjs): a block's thousands of node and state rows. */
export class PairWriter {
  private readonly batch: BatchedInsert;

  /** `insert` is the statement up to VALUES, e.g. "INSERT INTO nodes (k, v)". */
  constructor(db: Db, insert: string) {
    this.batch = new BatchedInsert(db, insert, 2, ROWS_PER_STATEMENT);
  }

  /** Rows i in [0, count): key(i), value(i). */
  write(count: number, key: (i: number) => Buffer, value: (i: number) => Buffer): void {
    this.batch.insert(pairs(count, key, value));
  }
}

function* pairs(count: number, key: (i: number) => Buffer, value: (i: number) => Buffer): Generator<Buffer[]> {
  const row: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    row[0] = key(i);
    row[1] = value(i);
    yield row;
  }
}

/** Prepared statements used on the hot path. */
export class Statements {
  readonly putStates: PairWriter;
  readonly delState: Stmt;
  readonly getNode: Stmt;
  readonly putNodes: PairWriter;
  readonly delNode: Stmt;
  readonly putRoot: Stmt;
  readonly getRoot: Stmt;
  readonly lastRoot: Stmt;
  readonly firstRootHeight: Stmt;
  readonly putStale: Stmt;
  readonly staleUpTo: Stmt;
  readonly delStaleUpTo: Stmt;
  readonly delRootsBelow: Stmt;
  readonly putChangeLog: Stmt;
  readonly hasChangeLog: Stmt;
  readonly delChangeLogUpTo: Stmt;

  constructor(readonly db: Db) {
    this.putStates = new PairWriter(db, "INSERT OR REPLACE INTO state (k, v)");
    this.delState = db.prepare("DELETE FROM state WHERE k = ?");
    this.getNode = db.prepare("SELECT v FROM nodes WHERE k = ?").pluck();
    this.putNodes = new PairWriter(db, "INSERT INTO nodes (k, v)");
    this.delNode = db.prepare("DELETE FROM nodes WHERE k = ?");
    this.putRoot = db.prepare("INSERT INTO roots (height, root_version, root_leaf, hash) VALUES (?, ?, ?, ?)");
    this.getRoot = db.prepare("SELECT * FROM roots WHERE height = ?");
    this.lastRoot = db.prepare("SELECT * FROM roots ORDER BY height DESC LIMIT 1");
    this.firstRootHeight = db.prepare("SELECT MIN(height) FROM roots").pluck();
    this.putStale = db.prepare("INSERT INTO stale (version, keys) VALUES (?, ?)");
    this.staleUpTo = db.prepare("SELECT keys FROM stale WHERE version <= ?").pluck();
    this.delStaleUpTo = db.prepare("DELETE FROM stale WHERE version <= ?");
    this.delRootsBelow = db.prepare("DELETE FROM roots WHERE height < ?");
    this.putChangeLog = db.prepare("INSERT INTO change_log (height, changes) VALUES (?, ?)");
    this.delChangeLogUpTo = db.prepare("DELETE FROM change_log WHERE height <= ?");
    this.hasChangeLog = db.prepare("SELECT 1 FROM change_log WHERE height = ?").pluck();
  }

  root(height: number): RootRow | undefined {
    return toRootRow(this.getRoot.get(height) as RawRootRow | undefined);
  }

  lastRootRow(): RootRow | undefined {
    return toRootRow(this.lastRoot.get() as RawRootRow | undefined);
  }
}

/** Stale node keys of one version packed into one BLOB: (u16 BE length | key)*. */
export function packKeys(keys: readonly Buffer[]): Buffer {
  let len = 0;
  for (const k of keys) len += 2 + k.length;
  const out = Buffer.allocUnsafe(len);
  let off = 0;
  for (const k of keys) {
    off = out.writeUInt16BE(k.length, off);
    off += k.copy(out, off);
  }
  return out;
}

export function unpackKeys(blob: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 0; off < blob.length; ) {
    const n = blob.readUInt16BE(off);
    out.push(blob.subarray(off + 2, off + 2 + n));
    off += 2 + n;
  }
  return out;
}

/**
 * Reads trie nodes, caching internal nodes (the upper levels every update walks through).
 * Leaves are not cached: there are as many as keys and each is read at most once per update.
 */
export class CachedNodeReader implements NodeReader {
  private readonly cache: LRUCache<string, TrieNode>;

  constructor(
    private readonly stmts: Statements,
    maxCached: number,
  ) {
    this.cache = new LRUCache<string, TrieNode>({ max: Math.max(1, maxCached) });
  }

  read(key: Buffer, ref: ChildRef): TrieNode {
    const ks = key.toString("latin1");
    const hit = this.cache.get(ks);
    if (hit !== undefined) return hit;
    const raw = this.stmts.getNode.get(key) as Buffer | undefined;
    if (raw === undefined) throw new Error(`sparse Merkle trie: missing node ${key.toString("hex")}`);
    const node = decodeNode(raw, ref.hash);
    if (node.kind === "internal") this.cache.set(ks, node);
    return node;
  }

  /** Make freshly committed internal nodes hot (they are the next block's upper levels). */
  remember(keyStr: string, node: TrieNode): void {
    if (node.kind === "internal") this.cache.set(keyStr, node);
  }

  /** Drop nodes a commit replaced: the latest tree no longer reaches them (history reads go to SQLite). */
  forget(keys: readonly Buffer[]): void {
    for (const key of keys) this.cache.delete(key.toString("latin1"));
  }

  get cachedCount(): number {
    return this.cache.size;
  }
}
