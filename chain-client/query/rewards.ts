/** Rewards queries, in the style of cosmjs's `setupBankExtension`. */
import type { QueryClient } from "@cosmjs/stargate";
import type { Coin } from "cosmjs-types/cosmos/base/v1beta1/coin";
import { QueryClientImpl, type QueryCurrentEpochResponse } from "../../generated/depin/rewards/v1/query";
import type { DeviceReward, EpochSummary, Params } from "../../generated/depin/rewards/v1/types";
import { paginate, type PageOptions } from "../pagination";
import { orUndefined, rpcFor } from "./base";

export interface PendingRewards {
  readonly reward: DeviceReward | undefined;
  readonly pending: Coin | undefined;
}

export interface RewardsExtension {
  readonly rewards: {
    params(): Promise<Params>;
    pendingRewards(deviceId: string): Promise<PendingRewards>;
    /** Total pending over all of an owner's devices (first page's total is the owner total). */
    pendingRewardsTotal(owner: string): Promise<Coin | undefined>;
    allPendingRewardsByOwner(owner: string, options?: PageOptions): AsyncGenerator<DeviceReward, void, undefined>;
    /** A closed epoch; undefined when not closed yet. */
    epoch(epoch: bigint | number): Promise<EpochSummary | undefined>;
    currentEpoch(): Promise<QueryCurrentEpochResponse>;
    readonly raw: QueryClientImpl;
  };
}

export function setupRewardsExtension(base: QueryClient): RewardsExtension {
  const raw = new QueryClientImpl(rpcFor(base));
  return {
    rewards: {
      params: async () => (await raw.Params({})).params!,
      pendingRewards: async (deviceId) => {
        const r = await raw.PendingRewards({ deviceId });
        return { reward: r.reward, pending: r.pending };
      },
      pendingRewardsTotal: async (owner) => (await raw.PendingRewardsByOwner({ owner, pagination: undefined })).total,
      allPendingRewardsByOwner: (owner, options) => paginate(async (pagination) => {
        const r = await raw.PendingRewardsByOwner({ owner, pagination });
        return { items: r.rewards, pagination: r.pagination };
      }, options),
      epoch: (epoch) => orUndefined(async () => (await raw.Epoch({ epoch: BigInt(epoch) })).summary),
      currentEpoch: () => raw.CurrentEpoch({}),
      raw,
    },
  };
}
