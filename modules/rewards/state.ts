/** The rewards module's epoch state record (JSON, fixed field order) and empty records. */
import type { DeviceReward, NetworkTypePool } from "../../generated/depin/rewards/v1/types";

export interface EpochState {
  readonly currentEpoch: bigint;
  readonly startHeight: bigint;
  /** Amount carried into the open epoch (remainders and routed fees). */
  readonly carriedIn: bigint;
  /** Σ emission of closed epochs (what the schedule emitted). */
  readonly totalEmitted: bigint;
  /** Σ actually minted by this module (must equal totalEmitted). */
  readonly totalMinted: bigint;
  /** Supply of the denom not due to emission or burns (genesis balances). */
  readonly supplyBaseline: bigint;
  /** Bank supply of the denom and cumulative burned when the open epoch started (net emission). */
  readonly epochStartSupply: bigint;
  readonly epochStartBurned: bigint;
}

const STATE_FIELDS = ["currentEpoch", "startHeight", "carriedIn", "totalEmitted", "totalMinted", "supplyBaseline", "epochStartSupply", "epochStartBurned"] as const;

export function encodeState(s: EpochState): Uint8Array {
  return Buffer.from(JSON.stringify(STATE_FIELDS.map((field) => s[field].toString())), "utf8");
}

export function decodeState(raw: Uint8Array): EpochState {
  const values = JSON.parse(Buffer.from(raw).toString("utf8")) as string[];
  return Object.fromEntries(STATE_FIELDS.map((field, i) => [field, BigInt(values[i] ?? "0")])) as unknown as EpochState;
}

export function emptyPool(networkType: string): NetworkTypePool {
  return {
    networkType,
    weight: 0n,
    pool: "0",
    units: "0",
    devices: 0n,
    settledUnits: "0",
    settledAmount: "0",
    usagePool: "0",
    usageUnits: "0",
    usageDevices: 0n,
    usageSettledUnits: "0",
    usageSettledAmount: "0",
  };
}

export function emptyReward(deviceId: string): DeviceReward {
  return { deviceId, pending: "0", claimed: "0", lastSettledEpoch: 0n };
}
