/**
 * energy-meter: metered energy delivery. Rules are specified in README.md (the spec); this file
 * implements them in the same order with the same reason codes.
 */
import { accept, ceilDiv, definePlugin, floorDiv, reject, toBigInt, type JsonSchema } from "../../modules/plugin";

export interface EnergyMeterParams {
  /** Readings closer than this (payload readAt difference) are rejected. */
  readonly minIntervalSeconds: number;
  /** How far readAt may be ahead of block time. */
  readonly maxClockSkewSeconds: number;
}

export interface EnergyMeterMetadata {
  readonly ratedPowerW: number;
  readonly model?: string;
  readonly manufacturer?: string;
  readonly serial?: string;
}

export interface EnergyMeterPayload {
  /** Lifetime energy counter in Wh: safe integer or canonical decimal string (up to 2^64 - 1). */
  readonly counterWh: number | string;
  /** Reading time, unix seconds (device clock). */
  readonly readAt: number;
}

/** A usage receipt: energy delivered to the user over the receipt's period. */
export interface EnergyMeterUsage {
  readonly deliveredWh: number;
}

export const USAGE_REASONS = {
  PERIOD_OVERLAP: "PERIOD_OVERLAP",
  EXCEEDS_CAPACITY: "EXCEEDS_CAPACITY",
} as const;

export const usageSchema: JsonSchema = {
  type: "object",
  properties: { deliveredWh: { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER } },
  required: ["deliveredWh"],
  additionalProperties: false,
};

/** Most energy a meter rated `ratedPowerW` can deliver in `periodMs`: ceil(P * t / 3 600 000) Wh. */
export function maxDeliveredWhInMs(ratedPowerW: bigint, periodMs: bigint): bigint {
  return ceilDiv(ratedPowerW * periodMs, 3_600_000n);
}

export const REASONS = {
  BASELINE: "BASELINE",
  READ_IN_FUTURE: "READ_IN_FUTURE",
  READ_AT_NOT_INCREASING: "READ_AT_NOT_INCREASING",
  INTERVAL_TOO_SHORT: "INTERVAL_TOO_SHORT",
  COUNTER_BACKWARDS: "COUNTER_BACKWARDS",
  EXCEEDS_RATED_POWER: "EXCEEDS_RATED_POWER",
  COUNTER_OUT_OF_RANGE: "COUNTER_OUT_OF_RANGE",
} as const;

const U64_MAX = (1n << 64n) - 1n;

export const paramsSchema: JsonSchema = {
  type: "object",
  properties: {
    minIntervalSeconds: { type: "integer", minimum: 0, maximum: 31_536_000 },
    maxClockSkewSeconds: { type: "integer", minimum: 0, maximum: 86_400 },
  },
  required: ["minIntervalSeconds", "maxClockSkewSeconds"],
  additionalProperties: false,
};

export const metadataSchema: JsonSchema = {
  type: "object",
  properties: {
    ratedPowerW: { type: "integer", minimum: 1, maximum: 1_000_000_000 },
    model: { type: "string", maxLength: 64 },
    manufacturer: { type: "string", maxLength: 64 },
    serial: { type: "string", maxLength: 64 },
  },
  required: ["ratedPowerW"],
  additionalProperties: false,
};

export const payloadSchema: JsonSchema = {
  type: "object",
  properties: {
    counterWh: {
      anyOf: [
        { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
        { type: "string", pattern: "^(0|[1-9][0-9]{0,19})$" },
      ],
    },
    readAt: { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
  },
  required: ["counterWh", "readAt"],
  additionalProperties: false,
};

/** Most energy a meter rated `ratedPowerW` can show over `elapsedSeconds`: ceil(P * t / 3600) Wh. */
export function maxDeliveredWh(ratedPowerW: bigint, elapsedSeconds: bigint): bigint {
  return ceilDiv(ratedPowerW * elapsedSeconds, 3600n);
}

export const energyMeter = definePlugin<EnergyMeterParams, EnergyMeterMetadata, EnergyMeterPayload, EnergyMeterUsage>({
  type: "energy-meter",
  version: "1.0.0",
  paramsSchema,
  metadataSchema,
  payloadSchema,
  verify(ctx) {
    const { payload } = ctx.proof;
    const counter = toBigInt(payload.counterWh);
    if (counter > U64_MAX) return reject(REASONS.COUNTER_OUT_OF_RANGE, "counterWh exceeds 2^64 - 1");
    const readAt = BigInt(payload.readAt);
    const blockSeconds = floorDiv(ctx.timeMs, 1000n);
    if (readAt > blockSeconds + BigInt(ctx.params.maxClockSkewSeconds)) {
      return reject(REASONS.READ_IN_FUTURE, `readAt ${readAt} is after block time ${blockSeconds} + skew`);
    }
    const prev = ctx.lastAccepted;
    if (prev === undefined) return accept(0n, { reason: REASONS.BASELINE });

    const prevReadAt = BigInt(prev.payload.readAt);
    const prevCounter = toBigInt(prev.payload.counterWh);
    if (readAt <= prevReadAt) return reject(REASONS.READ_AT_NOT_INCREASING, `readAt ${readAt} <= previous ${prevReadAt}`);
    const elapsed = readAt - prevReadAt;
    if (elapsed < BigInt(ctx.params.minIntervalSeconds)) {
      return reject(REASONS.INTERVAL_TOO_SHORT, `${elapsed}s since last reading < ${ctx.params.minIntervalSeconds}s`);
    }
    if (counter < prevCounter) return reject(REASONS.COUNTER_BACKWARDS, `counter ${counter} < previous ${prevCounter}`);
    const delta = counter - prevCounter;
    const limit = maxDeliveredWh(BigInt(ctx.device.metadata.ratedPowerW), elapsed);
    if (delta > limit) return reject(REASONS.EXCEEDS_RATED_POWER, `${delta} Wh in ${elapsed}s exceeds ${limit} Wh at rated power`);
    return accept(delta);
  },
  usageSchema,
  verifyUsage(ctx) {
    const { receipt, lastReceipt } = ctx;
    // One meter serves one session at a time: periods of consecutive receipts may touch, not overlap.
    if (lastReceipt !== undefined && receipt.periodStartMs < lastReceipt.periodEndMs) {
      return reject(USAGE_REASONS.PERIOD_OVERLAP, `period starts at ${receipt.periodStartMs}, before the last receipt's end ${lastReceipt.periodEndMs}`);
    }
    const delivered = BigInt(receipt.payload.deliveredWh);
    const limit = maxDeliveredWhInMs(BigInt(ctx.device.metadata.ratedPowerW), receipt.periodEndMs - receipt.periodStartMs);
    if (delivered > limit) return reject(USAGE_REASONS.EXCEEDS_CAPACITY, `${delivered} Wh in ${receipt.periodEndMs - receipt.periodStartMs} ms exceeds ${limit} Wh at rated power`);
    return accept(delivered);
  },
});

export default energyMeter;
