/**
 * State layout of the rewards module (store prefix "rewards\0"):
 *
 *   0x01                          -> Params (proto), in force for the open epoch
 *   0x02                          -> Params (proto) queued by MsgUpdateParams, applied at the next close
 *   0x03                          -> EpochState (JSON, fixed key order)
 *   0x04 | epoch(u64) | type      -> NetworkTypePool (proto): units/devices while open, pool + settlement once closed
 *   0x05 | epoch(u64)             -> EpochSummary (proto) of a closed epoch
 *   0x06 | id(20)                 -> DeviceReward (proto): pending / claimed / last settled epoch
 *   0x07 | id(20)                 -> DeviceEpochUnits (proto): the device's not yet settled units (one epoch)
 *   0x08 | epoch(u64)             -> Params (proto) in force from that epoch on (history, for the emission invariant)
 *   0x09 | id(20)                 -> DeviceEpochUnits (proto): the device's not yet settled usage units (one epoch)
 *
 * Unclaimed rewards live in the balance of the "rewards" module account: settled-but-unclaimed
 * (0x06 pending), assigned-but-unsettled (pool - settled_amount and usage_pool -
 * usage_settled_amount of 0x04 records of closed epochs) and the amount carried into the open epoch.
 */
import { fromHex, u64be as u64 } from "../plugin/bytes";
import { concatBytes as join } from "../store/bytes";

export const PARAMS_KEY = new Uint8Array([0x01]);
export const NEXT_PARAMS_KEY = new Uint8Array([0x02]);
export const EPOCH_STATE_KEY = new Uint8Array([0x03]);
export const POOL_PREFIX = 0x04;
export const SUMMARY_PREFIX = new Uint8Array([0x05]);
export const REWARD_PREFIX = new Uint8Array([0x06]);
export const UNSETTLED_PREFIX = new Uint8Array([0x07]);
export const PARAMS_HISTORY_PREFIX = new Uint8Array([0x08]);
export const USAGE_UNSETTLED_PREFIX = new Uint8Array([0x09]);

export function poolPrefix(epoch: bigint): Uint8Array {
  return join(new Uint8Array([POOL_PREFIX]), u64(epoch));
}

export function poolKey(epoch: bigint, networkType: string): Uint8Array {
  return join(poolPrefix(epoch), Buffer.from(networkType, "utf8"));
}

export function summaryKey(epoch: bigint): Uint8Array {
  return join(SUMMARY_PREFIX, u64(epoch));
}

export function rewardKey(deviceId: string): Uint8Array {
  return join(REWARD_PREFIX, fromHex(deviceId));
}

export function unsettledKey(deviceId: string): Uint8Array {
  return join(UNSETTLED_PREFIX, fromHex(deviceId));
}

export function paramsHistoryKey(epoch: bigint): Uint8Array {
  return join(PARAMS_HISTORY_PREFIX, u64(epoch));
}

export function usageUnsettledKey(deviceId: string): Uint8Array {
  return join(USAGE_UNSETTLED_PREFIX, fromHex(deviceId));
}
