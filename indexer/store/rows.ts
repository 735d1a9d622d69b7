/** Helpers to write many rows portably (both dialects cap bound parameters per statement). */
import { LRUCache } from "lru-cache";
import { CompiledQuery, type Insertable, type Kysely, type Transaction } from "kysely";
import type { IndexerDatabase } from "./schema";

type Db = Kysely<IndexerDatabase> | Transaction<IndexerDatabase>;

/** SQLite allows 32,766 parameters per statement, PostgreSQL 65,535: stay under both. */
const MAX_PARAMS = 30_000;

/**
 * Rows per multi-row statement. A fixed size keeps the SQL text of a table's inserts the same
 * from batch to batch, so its compiled form (and SQLite's prepared statement) is reused: a
 * 2,000-row statement compiled and prepared afresh for each batch cost more than executing it.
 */
const ROWS_PER_STATEMENT = 256;

/**
 * Compiled SQL per statement shape (dialect, table, columns, row count, conflict and update
 * columns). The query builder compiles each shape once, from placeholder rows; later batches
 * bind their values to the same text. Keyed by the dialect's adapter so SQLite and PostgreSQL
 * never share text.
 */
const compiledShapes = new LRUCache<string, string>({ max: 1000 });

function adapterName(db: Db): string {
  return (db.getExecutor().adapter as object).constructor.name;
}

/** The rows' common column list, or undefined when rows differ (the builder then handles them). */
function uniformColumns(rows: ReadonlyArray<object>): string[] | undefined {
  const columns = Object.keys(rows[0]);
  for (const row of rows) {
    const record = row as Record<string, unknown>;
    if (Object.keys(row).length !== columns.length) return undefined;
    for (const c of columns) if (record[c] === undefined) return undefined;
  }
  return columns;
}

type ParameterReader = (rows: ReadonlyArray<object>) => unknown[];
const parameterReaders = new Map<string, ParameterReader>();

/**
 * Row objects -> the flat, row-major parameter list of a multi-row statement. Generated once per
 * column list so each column is a fixed property read (a loop over column names reads by
 * computed key, which cost as much as binding the values). Column names come from our own
 * schema and are checked to be plain identifiers before they reach generated code.
 */
function parametersOf(columns: readonly string[]): ParameterReader {
  const key = columns.join(",");
  let reader = parameterReaders.get(key);
  if (reader === undefined) {
    for (const c of columns) if (!/^[a-z_][a-z0-9_]*$/.test(c)) throw new Error(`rows: column name ${JSON.stringify(c)} is not a plain identifier`);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    reader = new Function("rows", `const out = new Array(rows.length * ${columns.length}); let p = 0; for (const r of rows) { ${columns.map((c) => `out[p++] = r.${c};`).join(" ")} } return out;`) as ParameterReader;
    parameterReaders.set(key, reader);
  }
  return reader;
}

async function executeShaped<T extends keyof IndexerDatabase & string>(
  db: Db,
  table: T,
  columns: readonly string[],
  rows: ReadonlyArray<object>,
  build: (placeholders: object[]) => { compile(): { sql: string } },
  shapeTag: readonly string[],
): Promise<void> {
  const key = `${adapterName(db)}|${table}|${columns.join(",")}|${rows.length}|${shapeTag.join(",")}`;
  let text = compiledShapes.get(key);
  if (text === undefined) {
    const placeholder = Object.fromEntries(columns.map((c) => [c, null]));
    text = build(Array.from({ length: rows.length }, () => placeholder)).compile().sql;
    compiledShapes.set(key, text);
  }
  await db.executeQuery(CompiledQuery.raw(text, parametersOf(columns)(rows)));
}

/**
 * Splits `count` rows into statement sizes: full chunks, then the remainder in powers of two, so a
 * table sees at most ~10 distinct statement shapes however its batch sizes vary.
 */
export function chunkSizes(count: number, columns: number): number[] {
  const full = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(MAX_PARAMS / columns)));
  const sizes: number[] = [];
  let left = count;
  while (left >= full) {
    sizes.push(full);
    left -= full;
  }
  for (let size = 1 << 30; size >= 1; size >>>= 1) if (left >= size) {
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/**
 * Writes `rows` in chunkSizes() statements built by `build`: through a reused compiled shape when
 * the rows share one column list, else through the builder (which fills missing columns).
 */
async function writeRows<T extends keyof IndexerDatabase & string>(
  db: Db,
  table: T,
  rows: ReadonlyArray<object>,
  build: (values: object[]) => { compile(): { sql: string }; execute(): Promise<unknown> },
  shapeTag: readonly string[] = [],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = uniformColumns(rows);
  let i = 0;
  for (const size of chunkSizes(rows.length, Object.keys(rows[0]).length)) {
    const chunk = rows.slice(i, (i += size));
    if (columns) await executeShaped(db, table, columns, chunk, build, shapeTag);
    else await build(chunk as object[]).execute();
  }
}

export async function insertMany<T extends keyof IndexerDatabase & string>(db: Db, table: T, rows: ReadonlyArray<Insertable<IndexerDatabase[T]>>): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  await writeRows(db, table, rows as ReadonlyArray<object>, (values) => db.insertInto(table).values(values as any));
}

/**
 * Insert-or-replace on `keys`: on conflict, the `update` columns (default: every other column)
 * take the new row's value. Naming fewer columns lets the database skip indexes that contain none.
 */
export async function upsertMany<T extends keyof IndexerDatabase & string>(
  db: Db,
  table: T,
  keys: readonly string[],
  rows: ReadonlyArray<Insertable<IndexerDatabase[T]>>,
  update?: readonly string[],
): Promise<void> {
  if (rows.length === 0) return;
  const updated = update ?? Object.keys(rows[0] as object).filter((c) => !keys.includes(c));
  const build = (values: object[]) =>
    db
      .insertInto(table)
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      .values(values as any)
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      .onConflict((oc: any) => oc.columns(keys).doUpdateSet(Object.fromEntries(updated.map((c) => [c, (eb: any) => eb.ref(`excluded.${c}`)]))));
  await writeRows(db, table, rows as ReadonlyArray<object>, build, [...keys, "|", ...updated]);
}

/** Rows of `table` whose `column` is in `values`, fetched in bounded chunks. */
export async function selectIn<T extends keyof IndexerDatabase & string>(db: Db, table: T, column: string, values: readonly unknown[]): Promise<Array<IndexerDatabase[T]>> {
  const out: Array<IndexerDatabase[T]> = [];
  for (let i = 0; i < values.length; i += 500) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const rows = await (db as any).selectFrom(table).selectAll().where(column, "in", values.slice(i, i + 500)).execute();
    out.push(...rows);
  }
  return out;
}
