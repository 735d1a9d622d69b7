/** rewards genesis: params, epoch state, closed epochs, device rewards and unsettled (proof and usage) units. */
import type { Context } from "../app/context";
import { GenesisState } from "../../generated/depin/rewards/v1/genesis";
import type { RewardsKeeper } from "./keeper";
import { DEFAULT_REWARDS_PARAMS, validateRewardsParams } from "./params";

export function initRewardsGenesis(keeper: RewardsKeeper, ctx: Context, raw: unknown): void {
  const state = raw === undefined ? GenesisState.fromPartial({ params: DEFAULT_REWARDS_PARAMS }) : GenesisState.fromJSON(raw);
  const params = validateRewardsParams(state.params ?? DEFAULT_REWARDS_PARAMS);
  keeper.setParams(ctx, params, state.currentEpoch);
  const totalEmitted = BigInt(state.totalEmitted || "0");
  // Fresh chain: everything the bank holds now came from genesis balances.
  const baseline = state.supplyBaseline ? BigInt(state.supplyBaseline) : keeper.bank.getSupply(ctx, params.denom) - totalEmitted;
  keeper.setState(ctx, {
    currentEpoch: state.currentEpoch,
    startHeight: state.currentEpochStartHeight > 0n ? state.currentEpochStartHeight : 1n,
    carriedIn: BigInt(state.carriedIn || "0"),
    totalEmitted,
    totalMinted: totalEmitted,
    supplyBaseline: baseline,
    epochStartSupply: state.epochStartSupply ? BigInt(state.epochStartSupply) : keeper.bank.getSupply(ctx, params.denom),
    epochStartBurned: state.epochStartBurned ? BigInt(state.epochStartBurned) : keeper.totalBurned(ctx),
  });
  for (const summary of state.epochs) {
    ctx.unmeteredStore(keeper.storeKey).set(keeper.summaryKeyOf(summary.epoch), keeper.encodeSummary(summary));
    for (const pool of summary.pools) keeper.setPool(ctx, summary.epoch, pool);
  }
  for (const reward of state.deviceRewards) keeper.setReward(ctx, reward);
  for (const units of state.openEpochUnits) keeper.setUnsettled(ctx, units);
  for (const units of state.openEpochUsageUnits) keeper.setUsageUnsettled(ctx, units);
}

export function exportRewardsGenesis(keeper: RewardsKeeper, ctx: Context): unknown {
  const state = keeper.getState(ctx);
  const epochs = [...keeper.summaries(ctx)].map((summary) => ({ ...summary, pools: keeper.pools(ctx, summary.epoch) }));
  return GenesisState.toJSON({
    params: keeper.getParams(ctx),
    currentEpoch: state.currentEpoch,
    currentEpochStartHeight: state.startHeight,
    carriedIn: state.carriedIn.toString(),
    totalEmitted: state.totalEmitted.toString(),
    epochs,
    deviceRewards: [...keeper.allRewards(ctx)],
    openEpochUnits: [...keeper.allUnsettled(ctx)],
    supplyBaseline: state.supplyBaseline.toString(),
    epochStartSupply: state.epochStartSupply.toString(),
    epochStartBurned: state.epochStartBurned.toString(),
    openEpochUsageUnits: [...keeper.allUsageUnsettled(ctx)],
  });
}
