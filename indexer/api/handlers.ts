/** The unary IndexerService methods: validate, query (bounded), convert. */
import { LRUCache } from "lru-cache";
import type * as q from "../../generated/depin/indexer/v1/query";
import { DeviceSort, ProofOutcomeFilter } from "../../generated/depin/indexer/v1/query";
import type { IndexerQueries, DeviceSortKey, DeviceAfter } from "../store/queries";
import type { PaymentQueries } from "../store/payments";
import type { Ingester } from "../ingest/ingester";
import { ApiError, invalid, notFound } from "./errors";
import { toChange, toDevice, toEpoch, toProof, toReward } from "./convert";
import * as v from "./validate";
import { status as grpcStatus } from "@grpc/grpc-js";

export interface HandlerContext {
  readonly queries: IndexerQueries;
  readonly ingester: Ingester;
  readonly payments: PaymentQueries;
}

const SORTS: Readonly<Record<number, DeviceSortKey>> = {
  [DeviceSort.DEVICE_SORT_UNSPECIFIED]: "id",
  [DeviceSort.DEVICE_SORT_ID]: "id",
  [DeviceSort.DEVICE_SORT_REGISTERED_HEIGHT]: "registered_height",
  [DeviceSort.DEVICE_SORT_UPDATED_HEIGHT]: "updated_height",
};

const isDeviceAfter = (x: unknown): x is DeviceAfter => typeof x === "object" && x !== null && typeof (x as DeviceAfter).id === "string" && ["string", "number"].includes(typeof (x as DeviceAfter).value);
const { isHeightIdx } = v;
const isRewardAfter = (x: unknown): x is { height: number; idx: number; deviceId: string } => isHeightIdx(x) && typeof (x as unknown as { deviceId: string }).deviceId === "string";

export class IndexerHandlers {
  /** Hot point lookups; entries of devices touched by a new block are dropped when it commits. */
  readonly deviceCache = new LRUCache<string, q.GetDeviceResponse | false>({ max: 100_000 });

  constructor(private readonly ctx: HandlerContext) {
    ctx.ingester.on("applied", (result) => {
      for (const id of result.touchedDevices) this.deviceCache.delete(id);
    });
    ctx.ingester.on("reset", () => this.deviceCache.clear());
  }

  async getDevice(req: q.GetDeviceRequest): Promise<q.GetDeviceResponse> {
    const id = v.deviceId(req.deviceId)!;
    let res = this.deviceCache.get(id);
    if (res === undefined) {
      const found = await this.ctx.queries.device(id);
      res = found ? { device: toDevice(found.device), history: found.history.map(toChange) } : false;
      this.deviceCache.set(id, res);
    }
    if (!res) throw notFound(`device ${id}`);
    return res;
  }

  async listDevices(req: q.ListDevicesRequest): Promise<q.ListDevicesResponse> {
    const sort = SORTS[req.sort];
    if (!sort) throw invalid("sort", `unknown value ${req.sort}`);
    if (![0, 1, 2].includes(req.status)) throw invalid("status", `unknown value ${req.status}`);
    const limit = v.limitOf(req.limit);
    const filter = { networkType: v.networkType(req.networkType), owner: v.address(req.owner), status: req.status || undefined, cell: v.cell(req.cell) };
    const tag = `devices:${sort}:${req.descending ? "d" : "a"}`;
    const after = v.decodePageKey(req.pageKey, tag, isDeviceAfter);
    const page = await this.ctx.queries.listDevices(filter, sort, req.descending, limit, after);
    return { devices: page.rows.map(toDevice), nextKey: page.next ? v.encodePageKey(tag, page.next) : "" };
  }

  async listProofs(req: q.ListProofsRequest): Promise<q.ListProofsResponse> {
    const limit = v.limitOf(req.limit);
    const fromHeight = v.nonNegative(req.fromHeight, "from_height");
    const toHeight = v.nonNegative(req.toHeight, "to_height");
    if (toHeight && fromHeight > toHeight) throw invalid("to_height", "must be >= from_height");
    const fromTimeMs = v.nonNegative(req.fromTimeMs, "from_time_ms");
    const toTimeMs = v.nonNegative(req.toTimeMs, "to_time_ms");
    if (toTimeMs && fromTimeMs > toTimeMs) throw invalid("to_time_ms", "must be >= from_time_ms");
    if (![0, 1, 2].includes(req.outcome)) throw invalid("outcome", `unknown value ${req.outcome}`);
    const accepted = req.outcome === ProofOutcomeFilter.PROOF_OUTCOME_FILTER_ACCEPTED ? true : req.outcome === ProofOutcomeFilter.PROOF_OUTCOME_FILTER_REJECTED ? false : undefined;
    const after = v.decodePageKey(req.pageKey, "proofs", isHeightIdx);
    const page = await this.ctx.queries.listProofs({ deviceId: v.deviceId(req.deviceId, "device_id", false), fromHeight, toHeight, fromTimeMs, toTimeMs, accepted }, limit, after);
    return { proofs: page.rows.map(toProof), nextKey: page.next ? v.encodePageKey("proofs", page.next) : "" };
  }

  private subjectOf(req: { owner: string; deviceId: string }): { owner?: string; deviceId?: string } {
    const owner = v.address(req.owner);
    const deviceId = v.deviceId(req.deviceId, "device_id", false);
    if (!owner && !deviceId) throw invalid("owner", "one of owner or device_id is required");
    if (owner && deviceId) throw invalid("device_id", "give owner or device_id, not both");
    return { owner, deviceId };
  }

  async getRewards(req: q.GetRewardsRequest): Promise<q.GetRewardsResponse> {
    const { owner, deviceId } = this.subjectOf(req);
    if (deviceId && !(await this.ctx.queries.deviceExists(deviceId))) throw notFound(`device ${deviceId}`);
    const totals = await this.ctx.queries.rewardTotals(owner ? `owner:${owner}` : deviceId!);
    const devices = owner ? await this.ctx.queries.ownerDeviceCount(owner) : 1;
    return { totals: { settled: totals.settled.toString(), claimed: totals.claimed.toString(), unclaimed: (totals.settled - totals.claimed).toString() }, devices: BigInt(devices) };
  }

  async listRewards(req: q.ListRewardsRequest): Promise<q.ListRewardsResponse> {
    const subject = this.subjectOf(req);
    const limit = v.limitOf(req.limit);
    const { fromEpoch, toEpoch } = v.epochRange(req.fromEpoch, req.toEpoch);
    const after = v.decodePageKey(req.pageKey, "rewards", isRewardAfter);
    const page = await this.ctx.queries.listRewards({ ...subject, fromEpoch, toEpoch }, limit, after);
    return { entries: page.rows.map(toReward), nextKey: page.next ? v.encodePageKey("rewards", page.next) : "" };
  }

  async getEpoch(req: q.GetEpochRequest): Promise<q.GetEpochResponse> {
    const epoch = v.nonNegative(req.epoch, "epoch");
    const found = await this.ctx.queries.epoch(epoch);
    if (!found) throw notFound(`closed epoch ${epoch}`);
    return { epoch: toEpoch(found.epoch, found.stats) };
  }

  async networkStats(req: q.NetworkStatsRequest): Promise<q.NetworkStatsResponse> {
    if (req.epochs > 100) throw invalid("epochs", "must be at most 100");
    const [counts, epochs, totals, usage] = await Promise.all([
      this.ctx.queries.deviceCounts(), this.ctx.queries.latestEpochs(req.epochs || 10), this.ctx.queries.proofTotals(), this.ctx.payments.usageTotals(),
    ]);
    return {
      devices: counts.filter((c) => Number(c.count) > 0).map((c) => ({ networkType: c.network_type, status: Number(c.status), count: BigInt(c.count) })),
      epochs: epochs.map((e) => toEpoch(e.epoch, e.stats)),
      totalEmitted: epochs[0]?.epoch.total_emitted ?? "0",
      proofsAccepted: BigInt(totals.accepted),
      proofsRejected: BigInt(totals.rejected),
      totalBurned: epochs[0]?.epoch.total_burned ?? "0",
      usageAccepted: BigInt(usage.accepted),
      usageRejected: BigInt(usage.rejected),
    };
  }

  async getStatus(): Promise<q.GetStatusResponse> {
    const { ingester } = this.ctx;
    const cp = ingester.checkpoint;
    const chain = ingester.headHeight;
    if (!cp.chainId && chain === 0) throw new ApiError(grpcStatus.UNAVAILABLE, "the indexer has not reached the chain yet");
    return { chainId: cp.chainId, indexedHeight: BigInt(cp.height), chainHeight: BigInt(chain), lag: BigInt(Math.max(0, chain - cp.height)), catchingUp: ingester.catchingUp };
  }
}
