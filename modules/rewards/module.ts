/** The rewards module: epochs, emission, lazy settlement, claims. */
import type { AppModule } from "../app/module";
import { exportRewardsGenesis, initRewardsGenesis } from "./genesis";
import { rewardsInvariants } from "./invariants";
import type { RewardsKeeper } from "./keeper";
import { rewardsMsgs, type AddressDecoder } from "./msg-server";
import { rewardsQueries } from "./query-server";

export function rewardsModule(keeper: RewardsKeeper, addresses: AddressDecoder): AppModule {
  return {
    name: "rewards",
    msgs: rewardsMsgs(keeper, addresses),
    queries: rewardsQueries(keeper),
    initGenesis: (ctx, state) => initRewardsGenesis(keeper, ctx, state),
    exportGenesis: (ctx) => exportRewardsGenesis(keeper, ctx),
    endBlock: (ctx) => void keeper.maybeCloseEpoch(ctx),
    invariants: rewardsInvariants(keeper),
  };
}
