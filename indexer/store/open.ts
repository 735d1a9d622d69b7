/**
 * Opens the indexer store: better-sqlite3 (embedded default) or PostgreSQL when the URL says so,
 * and brings the schema up to date with the shared migrations.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { LRUCache } from "lru-cache";
import { Kysely, Migrator, PostgresDialect, SqliteAdapter, SqliteDialect, type DialectAdapter, type MigrationProvider, type SqliteDatabase } from "kysely";
import { Pool, types as pgTypes } from "pg";
import { migrationProvider } from "./migrations";
import type { IndexerDatabase } from "./schema";

export type StoreDialect = "sqlite" | "postgres";

export interface OpenStore {
  readonly db: Kysely<IndexerDatabase>;
  readonly dialect: StoreDialect;
  /** Where it lives (file path, ":memory:" or the URL without its password). */
  readonly location: string;
  close(): Promise<void>;
}

export class StoreError extends Error {
  override readonly name = "StoreError";
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

// int8 and numeric come back from pg as strings; our bigint columns hold heights and counters that
// fit a double, and the one that does not (cell_key) is only ever bound, never read back.
const PG_TYPES = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === 20) return (value: string) => Number(value);
    return pgTypes.getTypeParser(oid, format as "text");
  },
};

/** Brings the schema up to date; on failure closes the connection (pool or file) before throwing. */
async function migrate(db: Kysely<IndexerDatabase>, provider: MigrationProvider): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "?";
    throw new StoreError(`migration ${failed} failed: ${String(error)}`);
  }
}

/**
 * Kysely runs SQLite migrations outside a transaction (its adapter says SQLite has no
 * transactional DDL, which it has). Then a SIGKILL between a migration's CREATE TABLE and the row
 * recording it left a store that failed every later start with "table already exists"; inside one
 * transaction a migration is applied whole or not at all.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class TransactionalMigrationsSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * Kysely's SQLite driver prepares every statement anew; with better-sqlite3 preparing costs about as
 * much as running a point query, so statements are kept by their SQL text. Safe because the one
 * Kysely connection runs one query at a time and nothing here streams (iterate) a statement.
 */
function withStatementCache(sqlite: Database.Database, max = 500): SqliteDatabase {
  const statements = new LRUCache<string, Database.Statement>({ max });
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/** Runs a read statement synchronously, or returns undefined when it must wait its turn. */
export type SyncReader = (sql: string, parameters: readonly unknown[]) => unknown[] | undefined;
const syncReaders = new WeakMap<object, SyncReader>();

/**
 * For an embedded (SQLite) store: a reader that skips Kysely's connection queue when no
 * transaction is open on the connection. Then a synchronous read cannot interleave with anything
 * and sees only committed rows; while the ingester's transaction is open it returns undefined and
 * the caller goes through the queue (waiting for the commit) as before.
 */
export function syncReaderOf(db: object): SyncReader | undefined {
  return syncReaders.get(db);
}

export interface OpenStoreOptions {
  /** The schema's migrations (tests substitute a failing one). Default: the indexer's. */
  readonly migrations?: MigrationProvider;
}

/** `target`: a file path, ":memory:", or a postgres:// URL. */
export async function openStore(target: string, options: OpenStoreOptions = {}): Promise<OpenStore> {
  const migrations = options.migrations ?? migrationProvider;
  if (isPostgresUrl(target)) {
    const pool = new Pool({ connectionString: target, max: 8, types: PG_TYPES });
    const db = new Kysely<IndexerDatabase>({ dialect: new PostgresDialect({ pool }) });
    await migrate(db, migrations);
    return { db, dialect: "postgres", location: target.replace(/:[^:@/]*@/, ":***@"), close: () => db.destroy() };
  }
  if (target !== ":memory:") mkdirSync(dirname(target), { recursive: true });
  const sqlite = new Database(target);
  // WAL + NORMAL: a killed process loses nothing committed (only a power cut could lose the last
  // transactions, and then the checkpoint is lost with them, which keeps exactly-once).
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("cache_size = -65536");
  // Read the database through a memory map (up to 1 GiB of address space, not memory): a point
  // lookup in a 1M-device index then costs page-cache memory reads instead of pread calls, which
  // took GetDevice at one request in flight from ~0.71 to ~0.76 of a grpc-js echo's rate.
  sqlite.pragma("mmap_size = 1073741824");
  // Checkpoint the WAL into the database every 16,384 pages (~64 MB) instead of SQLite's 1,000:
  // a backfill commits large batches, and with the default nearly every commit paid a checkpoint
  // (page copies + fsync). Durability is unchanged: a commit is in the WAL either way.
  sqlite.pragma("wal_autocheckpoint = 16384");
  sqlite.defaultSafeIntegers(false);
  const statements = withStatementCache(sqlite);
  const db = new Kysely<IndexerDatabase>({ dialect: new TransactionalMigrationsSqliteDialect({ database: statements }) });
  syncReaders.set(db, (sql, parameters) => (sqlite.inTransaction ? undefined : (statements.prepare(sql) as Database.Statement).all(...parameters)));
  await migrate(db, migrations);
  return { db, dialect: "sqlite", location: target, close: () => db.destroy() };
}
