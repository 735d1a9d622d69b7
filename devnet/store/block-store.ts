/**
 * The devnet's block store and tx index: one SQLite file (WAL, synchronous=FULL) in the home dir.
 * Blocks, commits and FinalizeBlock results are kept as the protobuf bytes CometBFT itself would
 * store; the RPC layer renders them as CometBFT JSON. `saveBlock` writes a block, its results, its
 * txs and their event index in ONE transaction, before the app commits: after a crash the store is
 * never behind the app, which is what makes the handshake replay complete.
 */
import Database from "better-sqlite3";
import { Block } from "cosmjs-types/tendermint/types/block";
import { BlockID, Commit } from "cosmjs-types/tendermint/types/types";
import { ExecTxResult, ResponseFinalizeBlock, type Event } from "cosmjs-types/tendermint/abci/types";
import { sha256 } from "../engine/hashing";
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
CREATE TABLE IF NOT EXISTS txs (
  height INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, tx BLOB NOT NULL, result BLOB NOT NULL,
  PRIMARY KEY (height, idx));
CREATE INDEX IF NOT EXISTS txs_hash ON txs (hash);
CREATE TABLE IF NOT EXISTS tx_events (
  height INTEGER NOT NULL, idx INTEGER NOT NULL, seq INTEGER NOT NULL, ckey TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS tx_events_kv ON tx_events (ckey, value);
CREATE INDEX IF NOT EXISTS tx_events_row ON tx_events (height, idx, seq);
CREATE TABLE IF NOT EXISTS block_events (
  height INTEGER NOT NULL, seq INTEGER NOT NULL, ckey TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS block_events_kv ON block_events (ckey, value);
CREATE INDEX IF NOT EXISTS block_events_row ON block_events (height, seq);
`;

function flattenEvents(events: readonly Event[]): { seq: number; ckey: string; value: string }[] {
  const rows: { seq: number; ckey: string; value: string }[] = [];
  events.forEach((event, seq) => {
    for (const attr of event.attributes) {
      // Every attribute is indexed, whatever its `index` flag: the Cosmos SDK marks them all
      // indexable anyway, and a devnet favours finding things over saving disk.
      if (attr.key === "") continue;
      rows.push({ seq, ckey: `${event.type}.${attr.key}`, value: attr.value });
    }
  });
  return rows;
}

export class BlockStore {
  private readonly db: Database.Database;
  private readonly stmts;
  private latestHeight: number;

  private constructor(db: Database.Database) {
    this.db = db;
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    // The event-attribute index takes random inserts (signatures, acc_seq values are unique); with
    // SQLite's default 2 MB page cache most of them miss once the index outgrows it.
    db.pragma("cache_size = -65536");
    db.exec(SCHEMA);
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
      insertTx: db.prepare("INSERT INTO txs (height, idx, hash, tx, result) VALUES (?, ?, ?, ?, ?)"),
      insertTxEvent: db.prepare("INSERT INTO tx_events (height, idx, seq, ckey, value) VALUES (?, ?, ?, ?, ?)"),
      insertBlockEvent: db.prepare("INSERT INTO block_events (height, seq, ckey, value) VALUES (?, ?, ?, ?)"),
      blockByHeight: db.prepare<[number], BlockRow>("SELECT height, block_id, size, block FROM blocks WHERE height = ?"),
      blockByHash: db.prepare<[Buffer], BlockRow>("SELECT height, block_id, size, block FROM blocks WHERE hash = ?"),
      commitByHeight: db.prepare<[number], { commit_sig: Buffer }>("SELECT commit_sig FROM blocks WHERE height = ?"),
      results: db.prepare<[number], { results: Buffer }>("SELECT results FROM results WHERE height = ?"),
      txByHash: db.prepare<[Buffer], TxRow>("SELECT height, idx, hash, tx, result FROM txs WHERE hash = ? ORDER BY height DESC LIMIT 1"),
    };
    this.latestHeight = this.stmts.maxHeight.get()?.h ?? 0;
  }

  static open(path: string): BlockStore {
    return new BlockStore(new Database(path));
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
      txs.forEach((tx, idx) => {
        const result = record.results.txResults[idx];
        s.insertTx.run(height, idx, Buffer.from(sha256(tx)), Buffer.from(tx), Buffer.from(ExecTxResult.encode(result).finish()));
        for (const row of flattenEvents(result.events)) s.insertTxEvent.run(height, idx, row.seq, row.ckey, row.value);
      });
      for (const row of flattenEvents(record.results.events)) s.insertBlockEvent.run(height, row.seq, row.ckey, row.value);
    });
    write();
    this.latestHeight = height;
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
    const compiled = compileSearch(query, "tx_events", "t", ["height", "idx"], {
      "tx.height": integerColumnClause("t.height"),
      "tx.hash": (cond, params) => {
        if (cond.op === "EXISTS") return "1";
        if (cond.op !== "=" || cond.operand.kind !== "string") throw new QuerySyntaxError("tx.hash supports only = 'HEX'");
        params.push(Buffer.from(fromHexLenient(cond.operand.value)));
        return "t.hash = ?";
      },
    });
    const total = this.db.prepare(`SELECT COUNT(*) AS n FROM txs t WHERE ${compiled.where}`).get(...compiled.params) as { n: number };
    const { limit, offset } = paginate(total.n, page);
    const dir = page.orderBy === "desc" ? "DESC" : "ASC";
    const rows = this.db
      .prepare(`SELECT t.height, t.idx, t.hash, t.tx, t.result FROM txs t WHERE ${compiled.where} ORDER BY t.height ${dir}, t.idx ${dir} LIMIT ? OFFSET ?`)
      .all(...compiled.params, limit, offset) as TxRow[];
    return { items: rows.map(decodeTxRow), totalCount: total.n };
  }

  searchBlocks(query: Query, page: SearchPage): SearchResult<StoredBlock> {
    const compiled = compileSearch(query, "block_events", "b", ["height"], {
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

  close(): void {
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
