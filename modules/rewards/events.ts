/** Typed events of the rewards module. Epoch closes are block (EndBlock) events. */
import type { EventManager } from "../app/events";
import { emitTyped } from "../app/events";
import { EventEpochClosed, EventParamsUpdated, EventRewardsClaimed, EventRewardsSettled } from "../../generated/depin/rewards/v1/events";

const PKG = "depin.rewards.v1";

export const rewardsEvents = {
  epochClosed: (events: EventManager, e: EventEpochClosed) => emitTyped(events, `${PKG}.EventEpochClosed`, EventEpochClosed, e),
  rewardsClaimed: (events: EventManager, e: EventRewardsClaimed) => emitTyped(events, `${PKG}.EventRewardsClaimed`, EventRewardsClaimed, e),
  rewardsSettled: (events: EventManager, e: EventRewardsSettled) => emitTyped(events, `${PKG}.EventRewardsSettled`, EventRewardsSettled, e),
  paramsUpdated: (events: EventManager, e: EventParamsUpdated) => emitTyped(events, `${PKG}.EventParamsUpdated`, EventParamsUpdated, e),
};
