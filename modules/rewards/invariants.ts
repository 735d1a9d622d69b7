/**
 * rewards invariants (exact, integer):
 * - rewards/emission: every closed epoch's emission equals the schedule under the params in force
 *   for it, their sum equals total_emitted, and what this module minted equals total_emitted.
 * - rewards/supply: bank supply of the denom == supply_baseline + minted - burned onboarding fees
 *   (i.e. supply == balances + unclaimed + burned, with unclaimed inside the module account).
 * - rewards/unclaimed: the "rewards" module account holds exactly the unclaimed rewards: settled
 *   pending + assigned-but-unsettled pool parts of closed epochs + the amount carried into the
 *   open epoch; and no pool has paid out more than it was assigned.
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
        const burned = keeper.registry.getTotalBurned(ctx);
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
          }
        }
        const balance = keeper.bank.getBalance(ctx, keeper.moduleAddress, params.denom);
        const expected = pending + unsettled + state.carriedIn;
        return balance === expected ? undefined : `module balance ${balance} != pending ${pending} + unsettled ${unsettled} + carried ${state.carriedIn}`;
      },
    },
  ];
}
