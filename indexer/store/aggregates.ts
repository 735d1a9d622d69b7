/**
 * Read queries behind the explorer's aggregates, computed in SQL on both dialects:
 * - devices per (H3 parent cell, network type, status): every located device stores its cell
 *   widened to resolution 15 in `cell_key` (h3-range.ts), so its parent digits at resolution r are
 *   `cell_key >> 3*(15-r)`: one GROUP BY over the (cell_key, id) index, no per-resolution columns;
 * - proofs per (epoch, network type, outcome, reason) over the proofs_epoch_reason index.
 * Group keys come back as decimal text: they exceed 2^53 and both drivers would round a number.
 */
import { sql, type Kysely } from "kysely";
import type { IndexerDatabase } from "./schema";

export interface CellGroupRow {
  /** cell_key >> shift, decimal. */
  readonly g: string;
  readonly network_type: string;
  readonly status: number;
  readonly n: number;
}

export interface CellGroupFilter {
  readonly networkType?: string;
  readonly status?: number;
  /** Inclusive cell_key ranges to look in (OR); undefined = everywhere. */
  readonly ranges?: ReadonlyArray<{ readonly low: bigint; readonly high: bigint }>;
}

export interface ProofReasonRow {
  readonly epoch: number;
  readonly network_type: string;
  readonly accepted: number;
  readonly reason: string;
  readonly n: number;
}

export class AggregateQueries {
  constructor(private readonly db: Kysely<IndexerDatabase>) {}

  /** At most `limit` group rows (the caller asks for one more to detect "too many"). */
  async cellGroups(shift: number, filter: CellGroupFilter, limit: number): Promise<CellGroupRow[]> {
    if (!Number.isInteger(shift) || shift < 0 || shift > 45) throw new RangeError(`shift out of range: ${shift}`);
    const key = sql<string>`cast((cell_key >> ${sql.lit(shift)}) as text)`;
    let q = this.db
      .selectFrom("devices")
      .select([key.as("g"), "network_type", "status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("cell_key", "is not", null);
    if (filter.networkType) q = q.where("network_type", "=", filter.networkType);
    if (filter.status) q = q.where("status", "=", filter.status);
    if (filter.ranges) {
      const ranges = filter.ranges;
      if (ranges.length === 0) return [];
      q = q.where((eb) => eb.or(ranges.map((r) => eb.and([eb("cell_key", ">=", r.low), eb("cell_key", "<=", r.high)]))));
    }
    const rows = await q.groupBy([sql`1`, sql`2`, sql`3`]).limit(limit).execute();
    return rows.map((r) => ({ g: String(r.g), network_type: r.network_type, status: Number(r.status), n: Number(r.n) }));
  }

  async unlocatedCount(filter: { networkType?: string; status?: number }): Promise<number> {
    let q = this.db.selectFrom("devices").select((eb) => eb.fn.countAll<number>().as("n")).where("cell_key", "is", null);
    if (filter.networkType) q = q.where("network_type", "=", filter.networkType);
    if (filter.status) q = q.where("status", "=", filter.status);
    return Number((await q.executeTakeFirst())?.n ?? 0);
  }

  async proofReasons(fromEpoch: number, limit: number): Promise<ProofReasonRow[]> {
    const rows = await this.db
      .selectFrom("proofs")
      .select(["epoch", "network_type", "accepted", "reason", (eb) => eb.fn.countAll<number>().as("n")])
      .where("epoch", ">=", fromEpoch)
      .groupBy(["epoch", "network_type", "accepted", "reason"])
      .orderBy("epoch", "desc")
      .orderBy("network_type")
      .orderBy("accepted", "desc")
      .orderBy("reason")
      .limit(limit)
      .execute();
    return rows.map((r) => ({ epoch: Number(r.epoch), network_type: r.network_type, accepted: Number(r.accepted), reason: r.reason, n: Number(r.n) }));
  }
}
