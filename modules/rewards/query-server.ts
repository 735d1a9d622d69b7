/** rewards queries at /depin.rewards.v1.Query/<Method>. Pending amounts include what settling now would add. */
import type { Context } from "../app/context";
import { queryRoute, type QueryRoute } from "../app/module";
import { ErrInvalidRequest } from "../app/sdk-errors";
import {
  QueryCurrentEpochRequest,
  QueryCurrentEpochResponse,
  QueryEpochRequest,
  QueryEpochResponse,
  QueryParamsRequest,
  QueryParamsResponse,
  QueryPendingRewardsByOwnerRequest,
  QueryPendingRewardsByOwnerResponse,
  QueryPendingRewardsRequest,
  QueryPendingRewardsResponse,
} from "../../generated/depin/rewards/v1/query";
import type { DeviceReward } from "../../generated/depin/rewards/v1/types";
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from "../app/pagination";
import { ErrEpochNotFound } from "./errors";
import type { RewardsKeeper } from "./keeper";
import { scheduledEmission } from "./schedule";

const PKG = "/depin.rewards.v1.Query";

/** The device's reward record as if its closed-epoch proof and usage units were settled now. */
export function pendingView(ctx: Context, keeper: RewardsKeeper, deviceId: string): DeviceReward {
  const reward = keeper.getReward(ctx, deviceId);
  const current = keeper.currentEpoch(ctx);
  let pending = BigInt(reward.pending);
  let lastSettledEpoch = reward.lastSettledEpoch;
  const unsettled = keeper.getUnsettled(ctx, deviceId);
  if (unsettled && unsettled.epoch < current) {
    const pool = keeper.getPool(ctx, unsettled.epoch, unsettled.networkType);
    if (pool) pending += keeper.prospectiveShare(pool, BigInt(unsettled.units));
    if (unsettled.epoch > lastSettledEpoch) lastSettledEpoch = unsettled.epoch;
  }
  const usage = keeper.getUsageUnsettled(ctx, deviceId);
  if (usage && usage.epoch < current) {
    const pool = keeper.getPool(ctx, usage.epoch, usage.networkType);
    if (pool) pending += keeper.prospectiveUsageShare(pool, BigInt(usage.units));
    if (usage.epoch > lastSettledEpoch) lastSettledEpoch = usage.epoch;
  }
  if (pending === BigInt(reward.pending) && lastSettledEpoch === reward.lastSettledEpoch) return reward;
  return { ...reward, pending: pending.toString(), lastSettledEpoch };
}

export function rewardsQueries(keeper: RewardsKeeper): QueryRoute[] {
  return [
    queryRoute(`${PKG}/Params`, QueryParamsRequest, QueryParamsResponse, (ctx) => ({ params: keeper.getParams(ctx) })),
    queryRoute(`${PKG}/PendingRewards`, QueryPendingRewardsRequest, QueryPendingRewardsResponse, (ctx, req) => {
      if (!/^[0-9a-f]{40}$/.test(req.deviceId)) throw ErrInvalidRequest.wrap(`device_id "${req.deviceId}" is not 40 lowercase hex characters`);
      const reward = pendingView(ctx, keeper, req.deviceId);
      return { reward, pending: { denom: keeper.getParams(ctx).denom, amount: reward.pending } };
    }),
    queryRoute(`${PKG}/PendingRewardsByOwner`, QueryPendingRewardsByOwnerRequest, QueryPendingRewardsByOwnerResponse, (ctx, req) => {
      if (!req.owner) throw ErrInvalidRequest.wrap("owner must not be empty");
      const ids = keeper.registry.ownerDeviceIds(ctx, req.owner);
      const all = ids.map((id) => pendingView(ctx, keeper, id));
      const total = all.reduce((sum, r) => sum + BigInt(r.pending), 0n);
      // Offset / key paging over the owner's devices in id order (key = next device id, hex).
      let start = Number(req.pagination?.offset ?? 0n);
      const key = req.pagination?.key?.length ? Buffer.from(req.pagination.key).toString("utf8") : "";
      if (key) start = Math.max(0, ids.findIndex((id) => id >= key));
      let limit = req.pagination?.limit || DEFAULT_PAGE_LIMIT;
      if (limit > MAX_PAGE_LIMIT) limit = MAX_PAGE_LIMIT;
      const page = all.slice(start, start + Number(limit));
      const next = all[start + Number(limit)];
      return {
        rewards: page,
        total: { denom: keeper.getParams(ctx).denom, amount: total.toString() },
        pagination: { nextKey: next ? Buffer.from(next.deviceId, "utf8") : new Uint8Array(), total: req.pagination?.countTotal ? BigInt(ids.length) : 0n },
      };
    }),
    queryRoute(`${PKG}/Epoch`, QueryEpochRequest, QueryEpochResponse, (ctx, req) => {
      const summary = keeper.getSummary(ctx, req.epoch);
      if (!summary) throw ErrEpochNotFound.wrap(`epoch ${req.epoch} is not closed`);
      return { summary };
    }),
    queryRoute(`${PKG}/CurrentEpoch`, QueryCurrentEpochRequest, QueryCurrentEpochResponse, (ctx) => {
      const params = keeper.getParams(ctx);
      const state = keeper.getState(ctx);
      return {
        epoch: state.currentEpoch,
        startHeight: state.startHeight,
        endHeight: state.startHeight + params.epochLengthBlocks - 1n,
        emission: scheduledEmission(params, state.currentEpoch, state.totalEmitted).toString(),
        carriedIn: state.carriedIn.toString(),
        pools: keeper.pools(ctx, state.currentEpoch),
      };
    }),
  ];
}
