/** A store's content as comparable data: row counts and the full materialized state tables. */
import type { Kysely } from "kysely";
import type { IndexerDatabase } from "../store/schema";
import { DATA_TABLES } from "../store/schema";

export async function fingerprint(db: Kysely<IndexerDatabase>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const table of DATA_TABLES) {
    if (table === "meta") continue;
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst();
    out[`count:${table}`] = Number(row?.n ?? 0);
  }
  const strip = <T extends object>(rows: T[]) => rows.map((r) => JSON.stringify(r, (k, v) => (k === "cell_key" ? undefined : typeof v === "bigint" ? v.toString() : v)));
  out.devices = strip(await db.selectFrom("devices").selectAll().orderBy("id").execute());
  out.balances = strip(await db.selectFrom("reward_balances").selectAll().orderBy("subject").execute());
  out.stats = strip(await db.selectFrom("epoch_type_stats").selectAll().orderBy("epoch").orderBy("network_type").execute());
  out.counts = strip(await db.selectFrom("device_counts").selectAll().orderBy("network_type").orderBy("status").execute());
  out.accounts = strip(await db.selectFrom("accounts").selectAll().orderBy("address").execute());
  out.payments = strip(await db.selectFrom("payment_accounts").selectAll().orderBy("address").execute());
  const units = await db.selectFrom("proofs").select("units").execute();
  out.unitsSum = units.reduce((a, r) => a + BigInt(r.units), 0n).toString();
  return out;
}
