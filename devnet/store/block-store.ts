/**
 * The devnet's block store and tx index, as CometBFT splits them: `blockstore.db` (WAL,
 * synchronous=FULL) keeps blocks, commits and FinalizeBlock results as the protobuf bytes CometBFT
 * itself would store, written by `saveBlock` in one transaction before the app commits (after a
 * crash the store is never behind the app, which is what makes the handshake replay complete).
 * `txindex.db` keeps the tx table and the event-attribute index, written by the indexer thread
 * (tx-indexer.ts) after each block, off the block-production path; queries over it wait until it
 * has caught up with the latest saved block. The RPC layer renders all of it as CometBFT JSON.
 */
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { Block } from "cosmjs-types/tendermint/types/block";
import { BlockID, Commit } from "cosmjs-types/tendermint/types/types";
import { ExecTxResult, ResponseFinalizeBlock } from "cosmjs-types/tendermint/abci/types";
import { TxIndexer } from "./tx-indexer";
import type { Query } from "./query";
import { numericValue } from "./query";
import { compileSearch, integerColumnClause } from "./search";
import { QuerySyntaxError } from "./query";
import { fromHex } from "../engine/encoding";

export interface StoredBlock {
  readonly height: number;
  readonly blockId: BlockID;
  readonly block: Block;
  /** Encoded size in bytes of the block (CometBFT's block_size). */
  readonly size: number;
}

export interface StoredTx {
  readonly hash: Uint8Array;
  readonly height: number;
  readonly index: number;
  readonly tx: Uint8Array;
  readonly result: ExecTxResult;
}

export interface NewBlockRecord {
  readonly block: Block;
  readonly blockId: BlockID;
  readonly size: number;
  /** The commit (precommit signatures) for this block: CometBFT's "seen commit". */
  readonly commit: Commit;
  readonly results: ResponseFinalizeBlock;
}

export interface SearchPage {
  readonly page: number;
  readonly perPage: number;
  readonly orderBy: "asc" | "desc";
}

export interface SearchResult<T> {
  readonly items: T[];
  readonly totalCount: number;
}

export class PageOutOfRangeError extends Error {
  constructor(page: number, pages: number) {
    super(`page should be within [1, ${pages}] range, given ${page}`);
    this.name = "PageOutOfRangeError";
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS blocks (
  height INTEGER PRIMARY KEY, hash BLOB NOT NULL, block_id BLOB NOT NULL, size INTEGER NOT NULL,
  block BLOB NOT NULL, commit_sig BLOB NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS blocks_hash ON blocks (hash);
CREATE TABLE IF NOT EXISTS results (height INTEGER PRIMARY KEY, results BLOB NOT NULL);
`;

/**
 * The tx index (attached as `idx`; written by tx-index-worker.cjs). An attribute row is one entry of
 * one B-tree keyed as CometBFT's kv indexer keys it (composite key, value, height, tx, event; `n`
 * = the attribute's position in its event): a search seeks by key and value, and a second
 * condition on the same event seeks straight to (key, value, height, tx, event).
 */
const INDEX_SCHEMA = `
CREATE TABLE IF NOT EXISTS idx.index_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS idx.txs (
  height INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, tx BLOB NOT NULL, result BLOB NOT NULL,
  PRIMARY KEY (height, idx));
CREATE INDEX IF NOT EXISTS idx.txs_hash ON txs (hash);
CREATE TABLE IF NOT EXISTS idx.tx_events (
  ckey TEXT NOT NULL, value TEXT NOT NULL, height INTEGER NOT NULL, idx INTEGER NOT NULL, seq INTEGER NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (ckey, value, height, idx, seq, n)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS idx.block_events (
  height INTEGER NOT NULL, seq INTEGER NOT NULL, ckey TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS idx.block_events_kv ON block_events (ckey, value);
CREATE INDEX IF NOT EXISTS idx.block_events_row ON block_events (height, seq);
`;

/**
 * An index written by an earlier layout (tx_events with a rowid and two secondary indexes) is
 * dropped whole: it is derived data, and the indexer thread rebuilds it from the block store,
 * starting again at height 1.
 */
function dropOutdatedIndex(db: Database.Database): void {
  const outdated = db.prepare("SELECT 1 FROM idx.sqlite_master WHERE type = 'index' AND name = 'tx_events_row'").get();
  if (!outdated) return;
  db.exec("DROP TABLE IF EXISTS idx.tx_events; DROP TABLE IF EXISTS idx.txs; DROP TABLE IF EXISTS idx.block_events; DROP TABLE IF EXISTS idx.index_meta;");
}

export class BlockStore {
  private readonly db: Database.Database;
  private readonly stmts;
  private latestHeight: number;

  private readonly indexer: TxIndexer;

  private constructor(db: Database.Database, path: string, indexPath: string) {
    this.db = db;
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.exec(SCHEMA);
    // Read side of the tx index: this connection only queries it; the indexer thread writes it.
    db.prepare("ATTACH DATABASE ? AS idx").run(indexPath);
    db.pragma("idx.journal_mode = WAL");
    db.pragma("idx.cache_size = -16384");
    dropOutdatedIndex(db);
    db.exec(INDEX_SCHEMA);
    db.function("q_num", { deterministic: true }, (v: unknown) => (typeof v === "string" ? numericValue(v) : null));
    db.function("q_time", { deterministic: true }, (v: unknown) => {
      const t = typeof v === "string" ? Date.parse(v) : NaN;
      return Number.isNaN(t) ? null : t;
    });
    this.stmts = {
      getMeta: db.prepare<[string], { value: string }>("SELECT value FROM meta WHERE key = ?"),
      setMeta: db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
      maxHeight: db.prepare<[], { h: number | null }>("SELECT MAX(height) AS h FROM blocks"),
      minHeight: db.prepare<[], { h: number | null }>("SELECT MIN(height) AS h FROM blocks"),
      insertBlock: db.prepare("INSERT INTO blocks (height, hash, block_id, size, block, commit_sig) VALUES (?, ?, ?, ?, ?, ?)"),
      insertResults: db.prepare("INSERT INTO results (height, results) VALUES (?, ?)"),
      blockByHeight: db.prepare<[number], BlockRow>("SELECT height, block_id, size, block FROM blocks WHERE height = ?"),
      blockByHash: db.prepare<[Buffer], BlockRow>("SELECT height, block_id, size, block FROM blocks WHERE hash = ?"),
      commitByHeight: db.prepare<[number], { commit_sig: Buffer }>("SELECT commit_sig FROM blocks WHERE height = ?"),
      results: db.prepare<[number], { results: Buffer }>("SELECT results FROM results WHERE height = ?"),
      txByHash: db.prepare<[Buffer], TxRow>("SELECT height, idx, hash, tx, result FROM idx.txs WHERE hash = ? ORDER BY height DESC LIMIT 1"),
    };
    this.latestHeight = this.stmts.maxHeight.get()?.h ?? 0;
    this.indexer = new TxIndexer(path, indexPath);
    // Catch up on blocks saved but not indexed before the last stop (or a crash).
    this.indexer.notify(this.latestHeight);
  }

  /** `path`: the block store file; the tx index lives beside it in `txindex.db`. */
  static open(path: string): BlockStore {
    return new BlockStore(new Database(path), path, join(dirname(path), "txindex.db"));
  }

  /** Latest stored height, 0 when empty. */
  height(): number {
    return this.latestHeight;
  }

  baseHeight(): number {
    return this.stmts.minHeight.get()?.h ?? 0;
  }

  getMeta(key: string): string | undefined {
    return this.stmts.getMeta.get(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.stmts.setMeta.run(key, value);
  }

  saveBlock(record: NewBlockRecord): void {
    const height = Number(record.block.header.height);
    if (height !== this.latestHeight + 1 && this.latestHeight !== 0) {
      throw new Error(`block store: expected height ${this.latestHeight + 1}, got ${height}`);
    }
    const txs = record.block.data.txs;
    if (record.results.txResults.length !== txs.length) {
      throw new Error(`block store: ${txs.length} txs but ${record.results.txResults.length} results`);
    }
    const write = this.db.transaction(() => {
      const s = this.stmts;
      s.insertBlock.run(
        height,
        Buffer.from(record.blockId.hash),
        Buffer.from(BlockID.encode(record.blockId).finish()),
        record.size,
        Buffer.from(Block.encode(record.block).finish()),
        Buffer.from(Commit.encode(record.commit).finish()),
      );
      s.insertResults.run(height, Buffer.from(ResponseFinalizeBlock.encode(record.results).finish()));
    });
    write();
    this.latestHeight = height;
    this.indexer.notify(height);
  }

  /** Resolves once the tx index holds every saved block (call before getTx / searchTxs / searchBlocks). */
  indexCaughtUp(): Promise<void> {
    return this.indexer.waitFor(this.latestHeight);
  }

  getBlock(height: number): StoredBlock | undefined {
    const row = this.stmts.blockByHeight.get(height);
    return row && decodeBlockRow(row);
  }

  getBlockByHash(hash: Uint8Array): StoredBlock | undefined {
    const row = this.stmts.blockByHash.get(Buffer.from(hash));
    return row && decodeBlockRow(row);
  }

  getCommit(height: number): Commit | undefined {
    const row = this.stmts.commitByHeight.get(height);
    return row && Commit.decode(row.commit_sig);
  }

  getResults(height: number): ResponseFinalizeBlock | undefined {
    const row = this.stmts.results.get(height);
    return row && ResponseFinalizeBlock.decode(row.results);
  }

  getTx(hash: Uint8Array): StoredTx | undefined {
    const row = this.stmts.txByHash.get(Buffer.from(hash));
    return row && decodeTxRow(row);
  }

  searchTxs(query: Query, page: SearchPage): SearchResult<StoredTx> {
    const compiled = compileSearch(query, "idx.tx_events", "t", ["height", "idx"], {
      "tx.height": integerColumnClause("t.height"),
      "tx.hash": (cond, params) => {
        if (cond.op === "EXISTS") return "1";
        if (cond.op !== "=" || cond.operand.kind !== "string") throw new QuerySyntaxError("tx.hash supports only = 'HEX'");
        params.push(Buffer.from(fromHexLenient(cond.operand.value)));
        return "t.hash = ?";
      },
    });
    const total = this.db.prepare(`SELECT COUNT(*) AS n FROM idx.txs t WHERE ${compiled.where}`).get(...compiled.params) as { n: number };
    const { limit, offset } = paginate(total.n, page);
    const dir = page.orderBy === "desc" ? "DESC" : "ASC";
    const rows = this.db
      .prepare(`SELECT t.height, t.idx, t.hash, t.tx, t.result FROM idx.txs t WHERE ${compiled.where} ORDER BY t.height ${dir}, t.idx ${dir} LIMIT ? OFFSET ?`)
      .all(...compiled.params, limit, offset) as TxRow[];
    return { items: rows.map(decodeTxRow), totalCount: total.n };
  }

  searchBlocks(query: Query, page: SearchPage): SearchResult<StoredBlock> {
    const compiled = compileSearch(query, "idx.block_events", "b", ["height"], {
      "block.height": integerColumnClause("b.height"),
    });
    const total = this.db.prepare(`SELECT COUNT(*) AS n FROM blocks b WHERE ${compiled.where}`).get(...compiled.params) as { n: number };
    const { limit, offset } = paginate(total.n, page);
    const dir = page.orderBy === "desc" ? "DESC" : "ASC";
    const rows = this.db
      .prepare(`SELECT b.height, b.block_id, b.size, b.block FROM blocks b WHERE ${compiled.where} ORDER BY b.height ${dir} LIMIT ? OFFSET ?`)
      .all(...compiled.params, limit, offset) as BlockRow[];
    return { items: rows.map(decodeBlockRow), totalCount: total.n };
  }

  async close(): Promise<void> {
    await this.indexer.close();
    if (this.db.open) this.db.close();
  }
}

interface BlockRow {
  height: number;
  block_id: Buffer;
  size: number;
  block: Buffer;
}

interface TxRow {
  height: number;
  idx: number;
  hash: Buffer;
  tx: Buffer;
  result: Buffer;
}

function decodeBlockRow(row: BlockRow): StoredBlock {
  return { height: row.height, blockId: BlockID.decode(row.block_id), block: Block.decode(row.block), size: row.size };
}

function decodeTxRow(row: TxRow): StoredTx {
  return {
    hash: new Uint8Array(row.hash),
    height: row.height,
    index: row.idx,
    tx: new Uint8Array(row.tx),
    result: ExecTxResult.decode(row.result),
  };
}

function fromHexLenient(hex: string): Uint8Array {
  const clean = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  try {
    return fromHex(clean);
  } catch {
    throw new QuerySyntaxError(`tx.hash must be hex, got '${hex}'`);
  }
}

/** CometBFT's validatePage: page 1 is always valid; beyond the last page is an error. */
function paginate(total: number, page: SearchPage): { limit: number; offset: number } {
  const pages = Math.max(1, Math.ceil(total / page.perPage));
  if (page.page < 1 || page.page > pages) throw new PageOutOfRangeError(page.page, pages);
  return { limit: page.perPage, offset: (page.page - 1) * page.perPage };
}
