/**
 * rewards invariants (exact, integer):
 * - rewards/emission: every closed epoch's emission equals the schedule under the params in force
 *   for it, their sum equals total_emitted, and what this module minted equals total_emitted.
 * - rewards/supply: bank supply of the denom == supply_baseline + minted - burned (onboarding fees
 *   and every burn source, i.e. credit purchases), so supply == balances + unclaimed + burned.
 * - rewards/unclaimed: the "rewards" module account holds exactly the unclaimed rewards: settled
 *   pending + assigned-but-unsettled pool parts of closed epochs + the amount carried into the
 *   open epoch (proof and usage shares); and no pool has paid out more than it was assigned.
 * - rewards/net-emission: per closed epoch, supply_end - supply_start == emission - burned exactly
 *   (== net_emission), burned == the difference of cumulative burned at consecutive closes, each
 *   epoch starts with the supply the previous one ended with; in the open epoch, the supply has
 *   changed by exactly minus what was burned since it opened (nothing is minted before the close).
 */
import type { Invariant } from "../app/module";
import type { RewardsKeeper } from "./keeper";
import { scheduledEmission } from "./schedule";

export function rewardsInvariants(keeper: RewardsKeeper): Invariant[] {
  return [
    {
      name: "rewards/emission",
      check: (ctx) => {
        const history = keeper.paramsHistory(ctx);
        let running = 0n;
        for (const summary of keeper.summaries(ctx)) {
          const inForce = [...history].reverse().find((h) => h.epoch <= summary.epoch)?.params ?? keeper.getParams(ctx);
          const expected = scheduledEmission(inForce, summary.epoch, running);
          if (BigInt(summary.emission) !== expected) return `epoch ${summary.epoch} emitted ${summary.emission}, schedule says ${expected}`;
          running += expected;
        }
        const state = keeper.getState(ctx);
        if (running !== state.totalEmitted) return `Σ epoch emissions ${running} != total_emitted ${state.totalEmitted}`;
        if (state.totalMinted !== state.totalEmitted) return `minted ${state.totalMinted} != scheduled ${state.totalEmitted}`;
        return undefined;
      },
    },
    {
      name: "rewards/supply",
      check: (ctx) => {
        const params = keeper.getParams(ctx);
        const state = keeper.getState(ctx);
        const supply = keeper.bank.getSupply(ctx, params.denom);
        const burned = keeper.totalBurned(ctx);
        const expected = state.supplyBaseline + state.totalMinted - burned;
        return supply === expected ? undefined : `supply ${supply} != baseline ${state.supplyBaseline} + minted ${state.totalMinted} - burned ${burned}`;
      },
    },
    {
      name: "rewards/unclaimed",
      check: (ctx) => {
        const params = keeper.getParams(ctx);
        const state = keeper.getState(ctx);
        let pending = 0n;
        for (const reward of keeper.allRewards(ctx)) pending += BigInt(reward.pending);
        let unsettled = 0n;
        for (const summary of keeper.summaries(ctx)) {
          for (const pool of keeper.pools(ctx, summary.epoch)) {
            const assigned = BigInt(pool.pool);
            const settled = BigInt(pool.settledAmount);
            if (settled > assigned) return `epoch ${summary.epoch} ${pool.networkType}: settled ${settled} > pool ${assigned}`;
            unsettled += assigned - settled;
            const usageAssigned = BigInt(pool.usagePool || "0");
            const usageSettled = BigInt(pool.usageSettledAmount || "0");
            if (usageSettled > usageAssigned) return `epoch ${summary.epoch} ${pool.networkType}: usage settled ${usageSettled} > usage pool ${usageAssigned}`;
            unsettled += usageAssigned - usageSettled;
          }
        }
        const balance = keeper.bank.getBalance(ctx, keeper.moduleAddress, params.denom);
        const expected = pending + unsettled + state.carriedIn;
        return balance === expected ? undefined : `module balance ${balance} != pending ${pending} + unsettled ${unsettled} + carried ${state.carriedIn}`;
      },
    },
    {
      name: "rewards/net-emission",
      check: (ctx) => {
        const state = keeper.getState(ctx);
        let previous: { supplyEnd: bigint; totalBurned: bigint } | undefined;
        for (const summary of keeper.summaries(ctx)) {
          const start = BigInt(summary.supplyStart);
          const end = BigInt(summary.supplyEnd);
          const burned = BigInt(summary.burned);
          const emission = BigInt(summary.emission);
          if (end - start !== emission - burned) return `epoch ${summary.epoch}: supply changed by ${end - start}, minted ${emission} - burned ${burned} = ${emission - burned}`;
          if (BigInt(summary.netEmission) !== emission - burned) return `epoch ${summary.epoch}: net_emission ${summary.netEmission} != ${emission - burned}`;
          if (previous && start !== previous.supplyEnd) return `epoch ${summary.epoch} starts at supply ${start}, previous ended at ${previous.supplyEnd}`;
          if (previous && burned !== BigInt(summary.totalBurned) - previous.totalBurned) return `epoch ${summary.epoch}: burned ${burned} != Δ cumulative burned`;
          previous = { supplyEnd: end, totalBurned: BigInt(summary.totalBurned) };
        }
        if (previous && (state.epochStartSupply !== previous.supplyEnd || state.epochStartBurned !== previous.totalBurned)) return "open epoch does not start where the last closed epoch ended";
        const supply = keeper.bank.getSupply(ctx, keeper.getParams(ctx).denom);
        const burnedSince = keeper.totalBurned(ctx) - state.epochStartBurned;
        return supply - state.epochStartSupply === -burnedSince ? undefined : `open epoch: supply changed by ${supply - state.epochStartSupply}, burned ${burnedSince}`;
      },
    },
  ];
}
