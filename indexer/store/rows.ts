/** Helpers to write many rows portably (both dialects cap bound parameters per statement). */
import type { Insertable, Kysely, Transaction } from "kysely";
import type { IndexerDatabase } from "./schema";

type Db = Kysely<IndexerDatabase> | Transaction<IndexerDatabase>;

/** SQLite allows 32,766 parameters per statement, PostgreSQL 65,535: stay under both. */
const MAX_PARAMS = 30_000;

export async function insertMany<T extends keyof IndexerDatabase & string>(db: Db, table: T, rows: ReadonlyArray<Insertable<IndexerDatabase[T]>>): Promise<void> {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(rows[0] as object).length));
  for (let i = 0; i < rows.length; i += per) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await db.insertInto(table).values(rows.slice(i, i + per) as any).execute();
  }
}

/** Insert-or-replace on `keys`: every other column takes the new row's value. */
export async function upsertMany<T extends keyof IndexerDatabase & string>(db: Db, table: T, keys: readonly string[], rows: ReadonlyArray<Insertable<IndexerDatabase[T]>>): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object);
  const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const updated = columns.filter((c) => !keys.includes(c));
  for (let i = 0; i < rows.length; i += per) {
    await db
      .insertInto(table)
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      .values(rows.slice(i, i + per) as any)
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      .onConflict((oc: any) => oc.columns(keys).doUpdateSet(Object.fromEntries(updated.map((c) => [c, (eb: any) => eb.ref(`excluded.${c}`)]))))
      .execute();
  }
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
