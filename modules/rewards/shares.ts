/**
 * A network type's epoch allocation has two shares (allocation.ts): the proof share, paid pro rata
 * to proof units, and the usage share, paid pro rata to usage units (accepted usage receipts).
 * Both are recorded and settled the same way; a UnitShare says where each keeps its figures: the
 * device's unsettled record and its fields of NetworkTypePool.
 */
import type { NetworkTypePool } from "../../generated/depin/rewards/v1/types";
import { unsettledKey, usageUnsettledKey } from "./keys";

export interface ShareFigures {
  /** The share's amount of the pool, its units, and what has been settled of both. */
  readonly amount: bigint;
  readonly units: bigint;
  readonly settledUnits: bigint;
  readonly settledAmount: bigint;
}

export interface UnitShare {
  /** Tags the EventRewardsSettled of this share. */
  readonly usage: boolean;
  unsettledKey(deviceId: string): Uint8Array;
  figures(pool: NetworkTypePool): ShareFigures;
  /** The pool after `units` more units earning `amount` settled. */
  withSettled(pool: NetworkTypePool, units: bigint, amount: bigint): NetworkTypePool;
  /** The pool after `units` more units recorded in the open epoch (`newDevice`: the device's first this epoch). */
  withRecorded(pool: NetworkTypePool, units: bigint, newDevice: boolean): NetworkTypePool;
}

const big = (s: string) => BigInt(s || "0");

export const PROOF_SHARE: UnitShare = {
  usage: false,
  unsettledKey,
  figures: (p) => ({ amount: big(p.pool), units: big(p.units), settledUnits: big(p.settledUnits), settledAmount: big(p.settledAmount) }),
  withSettled: (p, units, amount) => ({ ...p, settledUnits: (big(p.settledUnits) + units).toString(), settledAmount: (big(p.settledAmount) + amount).toString() }),
  withRecorded: (p, units, newDevice) => ({ ...p, units: (big(p.units) + units).toString(), devices: p.devices + (newDevice ? 1n : 0n) }),
};

export const USAGE_SHARE: UnitShare = {
  usage: true,
  unsettledKey: usageUnsettledKey,
  figures: (p) => ({ amount: big(p.usagePool), units: big(p.usageUnits), settledUnits: big(p.usageSettledUnits), settledAmount: big(p.usageSettledAmount) }),
  withSettled: (p, units, amount) => ({ ...p, usageSettledUnits: (big(p.usageSettledUnits) + units).toString(), usageSettledAmount: (big(p.usageSettledAmount) + amount).toString() }),
  withRecorded: (p, units, newDevice) => ({ ...p, usageUnits: (big(p.usageUnits) + units).toString(), usageDevices: p.usageDevices + (newDevice ? 1n : 0n) }),
};
