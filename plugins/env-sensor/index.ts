/**
 * env-sensor: environmental sensors (temperature, humidity, pressure, particulates) with
 * neighbourhood outlier grading. README.md is the spec; this file implements it in the same order
 * with the same reason codes.
 */
import {
  abs,
  accept,
  cellToParent,
  definePlugin,
  floorDiv,
  getH3Resolution,
  gridDisk,
  mad,
  median,
  parseCanonicalJson,
  reject,
  canonicalJsonBytes,
  storeKey,
  type JsonSchema,
  type PluginStore,
} from "../../modules/plugin";

export const METRICS = ["humidity_pBP", "pm10_ugm3x10", "pm25_ugm3x10", "pressure_Pa", "temperature_cC"] as const;
export type Metric = (typeof METRICS)[number];
export type Metrics = Partial<Record<Metric, number>>;

export interface Range {
  readonly min: number;
  readonly max: number;
}

export interface EnvSensorParams {
  readonly minIntervalSeconds: number;
  readonly maxClockSkewSeconds: number;
  /** Accepted range per metric; a metric without a range is not accepted on this network. */
  readonly ranges: Partial<Record<Metric, Range>>;
  readonly neighbourhood: {
    /** H3 resolution of the neighbourhood buckets (device location is cellToParent'ed to it). */
    readonly resolution: number;
    /** gridDisk radius around the device's bucket whose readings count as neighbours. */
    readonly ringSize: number;
    /** Readings kept per bucket (oldest pruned first). */
    readonly maxReadingsPerCell: number;
    /** Readings older than this (by block time) are ignored and pruned. */
    readonly maxAgeSeconds: number;
  };
  readonly outlier: {
    /** Fewer neighbour samples of a metric than this: no grading of that metric. */
    readonly minSamples: number;
    /** A value is an outlier when |value - median| > madMultiplier * max(MAD, minMad). */
    readonly madMultiplier: number;
    /** Floor for MAD per metric (in the metric's unit), so identical neighbours don't make MAD 0. */
    readonly minMad: Partial<Record<Metric, number>>;
    /** Quality points lost per outlier metric. */
    readonly penaltyPerMetric: number;
  };
}

export interface EnvSensorMetadata {
  readonly model?: string;
  readonly indoor?: boolean;
  readonly mountHeightCm?: number;
}

export interface EnvSensorPayload {
  /** Reading time, unix seconds (device clock). */
  readonly readAt: number;
  readonly metrics: Metrics;
}

/** A usage receipt: readings of this sensor delivered to the user (a data subscription) over the period. */
export interface EnvSensorUsage {
  readonly readings: number;
}

export const USAGE_REASONS = {
  PERIOD_OVERLAP: "PERIOD_OVERLAP",
  EXCEEDS_CAPACITY: "EXCEEDS_CAPACITY",
} as const;

export const usageSchema: JsonSchema = {
  type: "object",
  properties: { readings: { type: "integer", minimum: 1, maximum: 1_000_000_000 } },
  required: ["readings"],
  additionalProperties: false,
};

/** Most readings a sensor can produce in `periodMs` at one per minIntervalSeconds: floor(t / interval) + 1. */
export function maxReadingsInMs(minIntervalSeconds: number, periodMs: bigint): bigint {
  const intervalMs = BigInt(minIntervalSeconds > 0 ? minIntervalSeconds : 1) * 1000n;
  return floorDiv(periodMs, intervalMs) + 1n;
}

export const REASONS = {
  READ_IN_FUTURE: "READ_IN_FUTURE",
  READ_AT_NOT_INCREASING: "READ_AT_NOT_INCREASING",
  INTERVAL_TOO_SHORT: "INTERVAL_TOO_SHORT",
  NO_LOCATION: "NO_LOCATION",
  LOCATION_REQUIRED: "LOCATION_REQUIRED",
  LOCATION_TOO_COARSE: "LOCATION_TOO_COARSE",
  METRIC_NOT_CONFIGURED: "METRIC_NOT_CONFIGURED",
  OUT_OF_RANGE: "OUT_OF_RANGE",
  OUTLIER: "OUTLIER",
} as const;

const INT = { type: "integer", minimum: -1_000_000_000, maximum: 1_000_000_000 } as const;
const metricProps = Object.fromEntries(METRICS.map((m) => [m, INT]));
const rangeSchema = { type: "object", properties: { min: INT, max: INT }, required: ["min", "max"], additionalProperties: false };

export const paramsSchema: JsonSchema = {
  type: "object",
  properties: {
    minIntervalSeconds: { type: "integer", minimum: 0, maximum: 86_400 },
    maxClockSkewSeconds: { type: "integer", minimum: 0, maximum: 86_400 },
    ranges: { type: "object", properties: Object.fromEntries(METRICS.map((m) => [m, rangeSchema])), additionalProperties: false },
    neighbourhood: {
      type: "object",
      properties: {
        resolution: { type: "integer", minimum: 0, maximum: 15 },
        ringSize: { type: "integer", minimum: 0, maximum: 3 },
        maxReadingsPerCell: { type: "integer", minimum: 1, maximum: 256 },
        maxAgeSeconds: { type: "integer", minimum: 1, maximum: 604_800 },
      },
      required: ["resolution", "ringSize", "maxReadingsPerCell", "maxAgeSeconds"],
      additionalProperties: false,
    },
    outlier: {
      type: "object",
      properties: {
        minSamples: { type: "integer", minimum: 3, maximum: 1000 },
        madMultiplier: { type: "integer", minimum: 1, maximum: 100 },
        minMad: { type: "object", properties: Object.fromEntries(METRICS.map((m) => [m, { type: "integer", minimum: 1, maximum: 1_000_000_000 }])), additionalProperties: false },
        penaltyPerMetric: { type: "integer", minimum: 0, maximum: 100 },
      },
      required: ["minSamples", "madMultiplier", "minMad", "penaltyPerMetric"],
      additionalProperties: false,
    },
  },
  required: ["minIntervalSeconds", "maxClockSkewSeconds", "ranges", "neighbourhood", "outlier"],
  additionalProperties: false,
};

export const metadataSchema: JsonSchema = {
  type: "object",
  properties: {
    model: { type: "string", maxLength: 64 },
    indoor: { type: "boolean" },
    mountHeightCm: { type: "integer", minimum: 0, maximum: 100_000 },
  },
  additionalProperties: false,
};

export const payloadSchema: JsonSchema = {
  type: "object",
  properties: {
    readAt: { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    metrics: { type: "object", properties: metricProps, minProperties: 1, additionalProperties: false },
  },
  required: ["readAt", "metrics"],
  additionalProperties: false,
};

// Store layout (keys UTF-8): "n/<bucket cell>/<block seconds, 16 digits>/<device id>" -> canonical
// JSON of the accepted reading's metrics. Sorted by time within a bucket.
const TIME_DIGITS = 16;

interface StoredReading {
  readonly at: bigint;
  readonly deviceId: string;
  readonly metrics: Metrics;
  readonly key: Uint8Array;
}

function bucketPrefix(cell: string): string {
  return `n/${cell}/`;
}

function readBucket(store: PluginStore, cell: string): StoredReading[] {
  const out: StoredReading[] = [];
  const prefix = bucketPrefix(cell);
  for (const [key, value] of store.iterate({ prefix })) {
    const rest = Buffer.from(key).toString("utf8").slice(prefix.length);
    const [at, deviceId] = rest.split("/");
    out.push({ at: BigInt(at!), deviceId: deviceId!, metrics: parseCanonicalJson(value) as Metrics, key });
  }
  return out;
}

/** Latest reading per other device within maxAge, over the neighbourhood cells, sorted by device id. */
function neighbourReadings(store: PluginStore, cells: readonly string[], selfId: string, oldest: bigint): StoredReading[] {
  const latest = new Map<string, StoredReading>();
  for (const cell of cells) {
    for (const r of readBucket(store, cell)) {
      if (r.deviceId === selfId || r.at < oldest) continue;
      const cur = latest.get(r.deviceId);
      if (cur === undefined || r.at > cur.at || (r.at === cur.at && Buffer.compare(r.key, cur.key) > 0)) latest.set(r.deviceId, r);
    }
  }
  return [...latest.keys()].sort().map((k) => latest.get(k)!);
}

export interface OutlierVerdict {
  readonly metric: Metric;
  readonly value: bigint;
  readonly median: bigint;
  readonly mad: bigint;
  readonly samples: number;
}

/** Grade each metric against neighbour samples (integer math only). Exported for tests and tools. */
export function findOutliers(metrics: Metrics, neighbours: readonly { metrics: Metrics }[], outlier: EnvSensorParams["outlier"]): OutlierVerdict[] {
  const found: OutlierVerdict[] = [];
  for (const metric of METRICS) {
    const v = metrics[metric];
    if (v === undefined) continue;
    const samples = neighbours.map((n) => n.metrics[metric]).filter((x): x is number => x !== undefined).map(BigInt);
    if (samples.length < outlier.minSamples) continue;
    const med = median(samples);
    const m = mad(samples);
    const floor = BigInt(outlier.minMad[metric] ?? 1);
    const scale = m > floor ? m : floor;
    if (abs(BigInt(v) - med) > BigInt(outlier.madMultiplier) * scale) {
      found.push({ metric, value: BigInt(v), median: med, mad: m, samples: samples.length });
    }
  }
  return found;
}

function storeReading(store: PluginStore, cell: string, at: bigint, deviceId: string, metrics: Metrics, params: EnvSensorParams): void {
  const key = storeKey(`n/${cell}`, at.toString().padStart(TIME_DIGITS, "0"), deviceId);
  store.set(key, canonicalJsonBytes(metrics));
  const oldest = at - BigInt(params.neighbourhood.maxAgeSeconds);
  const entries = readBucket(store, cell); // ascending by time
  let excess = entries.length - params.neighbourhood.maxReadingsPerCell;
  for (const e of entries) {
    if (e.at < oldest || excess > 0) {
      store.delete(e.key);
      excess--;
    }
  }
}

export const envSensor = definePlugin<EnvSensorParams, EnvSensorMetadata, EnvSensorPayload, EnvSensorUsage>({
  type: "env-sensor",
  version: "1.0.0",
  paramsSchema,
  metadataSchema,
  payloadSchema,
  checkParams(p) {
    for (const m of METRICS) {
      const r = p.ranges[m];
      if (r && r.min > r.max) return `ranges.${m}: min must be <= max`;
    }
    return undefined;
  },
  onRegister(ctx) {
    const loc = ctx.device.location;
    if (loc === undefined) return { accepted: false, reason: REASONS.LOCATION_REQUIRED, detail: "env-sensor devices must assert an H3 location" };
    if (getH3Resolution(loc) < ctx.params.neighbourhood.resolution) {
      return { accepted: false, reason: REASONS.LOCATION_TOO_COARSE, detail: `location resolution must be >= ${ctx.params.neighbourhood.resolution}` };
    }
    return { accepted: true };
  },
  verify(ctx) {
    const { params } = ctx;
    const { readAt, metrics } = ctx.proof.payload;
    const blockSeconds = floorDiv(ctx.timeMs, 1000n);
    if (BigInt(readAt) > blockSeconds + BigInt(params.maxClockSkewSeconds)) {
      return reject(REASONS.READ_IN_FUTURE, `readAt ${readAt} is after block time ${blockSeconds} + skew`);
    }
    const prev = ctx.lastAccepted;
    if (prev !== undefined) {
      if (readAt <= prev.payload.readAt) return reject(REASONS.READ_AT_NOT_INCREASING, `readAt ${readAt} <= previous ${prev.payload.readAt}`);
      if (readAt - prev.payload.readAt < params.minIntervalSeconds) {
        return reject(REASONS.INTERVAL_TOO_SHORT, `${readAt - prev.payload.readAt}s since last reading < ${params.minIntervalSeconds}s`);
      }
    }
    const location = ctx.device.location;
    if (location === undefined) return reject(REASONS.NO_LOCATION);
    if (getH3Resolution(location) < params.neighbourhood.resolution) return reject(REASONS.LOCATION_TOO_COARSE);
    for (const metric of METRICS) {
      const v = metrics[metric];
      if (v === undefined) continue;
      const range = params.ranges[metric];
      if (range === undefined) return reject(REASONS.METRIC_NOT_CONFIGURED, `${metric} is not accepted on this network`);
      if (v < range.min || v > range.max) return reject(REASONS.OUT_OF_RANGE, `${metric}=${v} not in [${range.min}, ${range.max}]`);
    }

    const bucket = cellToParent(location, params.neighbourhood.resolution);
    const cells = gridDisk(bucket, params.neighbourhood.ringSize);
    const oldest = blockSeconds - BigInt(params.neighbourhood.maxAgeSeconds);
    const neighbours = neighbourReadings(ctx.store, cells, ctx.device.id, oldest);
    const outliers = findOutliers(metrics, neighbours, params.outlier);
    const penalty = outliers.length * params.outlier.penaltyPerMetric;
    const quality = penalty >= 100 ? 0 : 100 - penalty;

    storeReading(ctx.store, bucket, blockSeconds, ctx.device.id, metrics, params);

    if (outliers.length === 0) return accept(BigInt(quality), { quality });
    const detail = outliers.map((o) => `${o.metric}=${o.value} median ${o.median} mad ${o.mad} n=${o.samples}`).join("; ");
    return accept(BigInt(quality), { quality, reason: REASONS.OUTLIER, detail });
  },
  usageSchema,
  verifyUsage(ctx) {
    const { receipt, lastReceipt } = ctx;
    // Several users may subscribe at once; one user's consecutive receipts must not overlap.
    if (lastReceipt !== undefined && lastReceipt.user === receipt.user && receipt.periodStartMs < lastReceipt.periodEndMs) {
      return reject(USAGE_REASONS.PERIOD_OVERLAP, `period starts at ${receipt.periodStartMs}, before this user's last receipt ended (${lastReceipt.periodEndMs})`);
    }
    const readings = BigInt(receipt.payload.readings);
    const limit = maxReadingsInMs(ctx.params.minIntervalSeconds, receipt.periodEndMs - receipt.periodStartMs);
    if (readings > limit) return reject(USAGE_REASONS.EXCEEDS_CAPACITY, `${readings} readings in ${receipt.periodEndMs - receipt.periodStartMs} ms, at most ${limit} at one per ${ctx.params.minIntervalSeconds}s`);
    return accept(readings);
  },
});

export default envSensor;
