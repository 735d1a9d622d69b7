/**
 * The read side. Every list query walks an index in key order with keyset pagination and a
 * LIMIT (at most 1000 + 1 rows), so no request can make the database return a whole table.
 */
import type { Kysely, Selectable } from "kysely";
import type { DeviceCountsTable, DeviceHistoryTable, DevicesTable, EpochsTable, EpochTypeStatsTable, EventsTable, IndexerDatabase, ProofsTable, RewardsTable } from "./schema";
import { cellRange } from "./h3-range";
import { compiledOnce } from "./compiled";

export type DeviceRow = Selectable<DevicesTable>;
export type ProofRow = Selectable<ProofsTable>;
export type RewardRow = Selectable<RewardsTable>;
export type EpochRow = Selectable<EpochsTable>;
export type EventRow = Selectable<EventsTable>;

export type DeviceSortKey = "id" | "registered_height" | "updated_height";

export interface DeviceFilter {
  readonly networkType?: string;
  readonly owner?: string;
  readonly status?: number;
  readonly cell?: string;
}

/** Keyset position: the last row's sort value and id. */
export interface DeviceAfter {
  readonly value: string | number;
  readonly id: string;
}

export interface Page<T, K> {
  readonly rows: T[];
  readonly next?: K;
}

/** A page from `limit + 1` rows in (height, idx) order: the extra row only says there is more. */
export function heightIdxPage<T extends { height: number; idx: number }>(rows: T[], limit: number): Page<T, { height: number; idx: number }> {
  const more = rows.length > limit;
  if (more) rows.pop();
  const last = rows[rows.length - 1];
  return { rows, next: more && last ? { height: Number(last.height), idx: Number(last.idx) } : undefined };
}

export class IndexerQueries {
  constructor(private readonly db: Kysely<IndexerDatabase>) {}

  /** The Kysely instance (other query sets, e.g. store/aggregates.ts, share it). */
  get database(): Kysely<IndexerDatabase> {
    return this.db;
  }

  /**
   * The point lookup behind GetDevice, its hottest path: both statements are compiled by the
   * query builder once (for this database's dialect) and then only executed with the id.
   */
  private readonly deviceById = compiledOnce((db: Kysely<IndexerDatabase>, id: string) => db.selectFrom("devices").selectAll().where("id", "=", id));
  private readonly recentHistory = compiledOnce((db: Kysely<IndexerDatabase>, id: string) =>
    db.selectFrom("device_history").selectAll().where("device_id", "=", id).orderBy("height", "desc").orderBy("idx", "desc").limit(20),
  );

  async device(id: string): Promise<{ device: DeviceRow; history: Array<Selectable<DeviceHistoryTable>> } | undefined> {
    const [device] = await this.deviceById(this.db, id);
    if (!device) return undefined;
    const history = await this.recentHistory(this.db, id);
    return { device, history };
  }

  async listDevices(filter: DeviceFilter, sort: DeviceSortKey, descending: boolean, limit: number, after?: DeviceAfter): Promise<Page<DeviceRow, DeviceAfter>> {
    let q = this.db.selectFrom("devices").selectAll();
    if (filter.networkType) q = q.where("network_type", "=", filter.networkType);
    if (filter.owner) q = q.where("owner", "=", filter.owner);
    if (filter.status) q = q.where("status", "=", filter.status);
    if (filter.cell) {
      const { low, high } = cellRange(filter.cell);
      q = q.where("cell_key", ">=", low).where("cell_key", "<=", high);
    }
    const op = descending ? "<" : ">";
    const dir = descending ? "desc" : "asc";
    if (after) {
      if (sort === "id") q = q.where("id", op, after.id);
      else q = q.where((eb) => eb.or([eb(sort, op, Number(after.value)), eb.and([eb(sort, "=", Number(after.value)), eb("id", op, after.id)])]));
    }
    if (sort !== "id") q = q.orderBy(sort, dir);
    const rows = await q.orderBy("id", dir).limit(limit + 1).execute();
    const more = rows.length > limit;
    if (more) rows.pop();
    const last = rows[rows.length - 1];
    return { rows, next: more && last ? { value: sort === "id" ? last.id : Number(last[sort]), id: last.id } : undefined };
  }

  async listProofs(f: { deviceId?: string; fromHeight?: number; toHeight?: number; fromTimeMs?: number; toTimeMs?: number; accepted?: boolean }, limit: number, after?: { height: number; idx: number }): Promise<Page<ProofRow, { height: number; idx: number }>> {
    let q = this.db.selectFrom("proofs").selectAll();
    if (f.deviceId) q = q.where("device_id", "=", f.deviceId);
    if (f.fromHeight) q = q.where("height", ">=", f.fromHeight);
    if (f.toHeight) q = q.where("height", "<=", f.toHeight);
    if (f.fromTimeMs) q = q.where("time_ms", ">=", f.fromTimeMs);
    if (f.toTimeMs) q = q.where("time_ms", "<=", f.toTimeMs);
    if (f.accepted !== undefined) q = q.where("accepted", "=", f.accepted ? 1 : 0);
    if (after) q = q.where((eb) => eb.or([eb("height", "<", after.height), eb.and([eb("height", "=", after.height), eb("idx", "<", after.idx)])]));
    return heightIdxPage(await q.orderBy("height", "desc").orderBy("idx", "desc").limit(limit + 1).execute(), limit);
  }

  async rewardTotals(subject: string): Promise<{ settled: bigint; claimed: bigint }> {
    const row = await this.db.selectFrom("reward_balances").selectAll().where("subject", "=", subject).executeTakeFirst();
    return { settled: BigInt(row?.settled ?? "0"), claimed: BigInt(row?.claimed ?? "0") };
  }

  async ownerDeviceCount(owner: string): Promise<number> {
    const row = await this.db.selectFrom("devices").select((eb) => eb.fn.countAll<number>().as("n")).where("owner", "=", owner).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async deviceExists(id: string): Promise<boolean> {
    return (await this.db.selectFrom("devices").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
  }

  async listRewards(f: { owner?: string; deviceId?: string; fromEpoch?: number; toEpoch?: number }, limit: number, after?: { height: number; idx: number; deviceId: string }): Promise<Page<RewardRow, { height: number; idx: number; deviceId: string }>> {
    let q = this.db.selectFrom("rewards").selectAll();
    if (f.owner) q = q.where("owner", "=", f.owner);
    if (f.deviceId) q = q.where("device_id", "=", f.deviceId);
    if (f.fromEpoch !== undefined) q = q.where("epoch", ">=", f.fromEpoch);
    if (f.toEpoch !== undefined) q = q.where("epoch", "<=", f.toEpoch);
    if (after) {
      q = q.where((eb) =>
        eb.or([
          eb("height", "<", after.height),
          eb.and([eb("height", "=", after.height), eb("idx", "<", after.idx)]),
          eb.and([eb("height", "=", after.height), eb("idx", "=", after.idx), eb("device_id", "<", after.deviceId)]),
        ]),
      );
    }
    const rows = await q.orderBy("height", "desc").orderBy("idx", "desc").orderBy("device_id", "desc").limit(limit + 1).execute();
    const more = rows.length > limit;
    if (more) rows.pop();
    const last = rows[rows.length - 1];
    return { rows, next: more && last ? { height: Number(last.height), idx: Number(last.idx), deviceId: last.device_id } : undefined };
  }

  async epoch(epoch: number): Promise<{ epoch: EpochRow; stats: Array<Selectable<EpochTypeStatsTable>> } | undefined> {
    const row = await this.db.selectFrom("epochs").selectAll().where("epoch", "=", epoch).executeTakeFirst();
    if (!row) return undefined;
    const stats = await this.db.selectFrom("epoch_type_stats").selectAll().where("epoch", "=", epoch).limit(1000).execute();
    return { epoch: row, stats };
  }

  async latestEpochs(n: number): Promise<Array<{ epoch: EpochRow; stats: Array<Selectable<EpochTypeStatsTable>> }>> {
    const rows = await this.db.selectFrom("epochs").selectAll().orderBy("epoch", "desc").limit(n).execute();
    if (rows.length === 0) return [];
    const stats = await this.db.selectFrom("epoch_type_stats").selectAll().where("epoch", "in", rows.map((r) => Number(r.epoch))).limit(100_000).execute();
    return rows.map((epoch) => ({ epoch, stats: stats.filter((s) => Number(s.epoch) === Number(epoch.epoch)) }));
  }

  async deviceCounts(): Promise<Array<Selectable<DeviceCountsTable>>> {
    return this.db.selectFrom("device_counts").selectAll().orderBy("network_type").orderBy("status").limit(10_000).execute();
  }

  async proofTotals(): Promise<{ accepted: number; rejected: number }> {
    const row = await this.db
      .selectFrom("epoch_type_stats")
      .select((eb) => [eb.fn.sum<number>("proofs_accepted").as("a"), eb.fn.sum<number>("proofs_rejected").as("r")])
      .executeTakeFirst();
    return { accepted: Number(row?.a ?? 0), rejected: Number(row?.r ?? 0) };
  }

  /** Events strictly after (height, idx), in log order. */
  async eventsAfter(height: number, idx: number, limit: number): Promise<EventRow[]> {
    return this.db
      .selectFrom("events")
      .selectAll()
      .where((eb) => eb.or([eb("height", ">", height), eb.and([eb("height", "=", height), eb("idx", ">", idx)])]))
      .orderBy("height")
      .orderBy("idx")
      .limit(limit)
      .execute();
  }
}
