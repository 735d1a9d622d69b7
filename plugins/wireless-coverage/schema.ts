/** wireless-coverage: TypeScript shapes, JSON Schemas and reason codes (README.md is the spec). */
import type { JsonSchema } from "../../modules/plugin";

export interface CoverageParams {
  /** A challenge round every K blocks (heights divisible by K). */
  readonly challengeIntervalBlocks: number;
  /** Challengees drawn per round (at most; fewer when the draw hits busy or inactive hotspots). */
  readonly challengesPerRound: number;
  /** Blocks after issuance during which beacon receipts and witness reports are accepted. */
  readonly windowBlocks: number;
  /** Channels a beacon may be assigned (Hz); one is drawn per challenge. */
  readonly channelsHz: readonly number[];
  readonly frequencyToleranceHz: number;
  /** H3 resolution at which distances are measured (hotspot locations must be at least this fine). */
  readonly distanceResolution: number;
  /** Witness and challengee must be at least this many cells apart at distanceResolution. */
  readonly minWitnessCells: number;
  readonly maxWitnessDistanceM: number;
  /** Regional limit on conducted transmit power, dBm x 10. */
  readonly maxTxPowerDeciDbm: number;
  /** Antenna gains in metadata are capped at this, dBi x 10. */
  readonly maxAntennaGainDeciDbi: number;
  /** Slack added to the free-space RSSI limit (cell size varies, antennas differ), dB x 10. */
  readonly rssiMarginDeciDb: number;
  /** How far a report's time may be ahead of block time, ms. */
  readonly maxClockSkewMs: number;
  readonly rewards: {
    /** Units of one fully witnessed beacon (the unit scale of this network type). */
    readonly baseUnits: number;
    /** Witnesses paid in full; each one beyond adds decay^i of a unit to the pool. */
    readonly redundancy: number;
    readonly decayPermille: number;
    /** Witnesses paid per challenge at most (chosen by hash order, not arrival order). */
    readonly maxWitnesses: number;
    readonly densityResolution: number;
    /** Hotspots per density cell paid in full; more and each is scaled by target / count. */
    readonly densityTarget: number;
    /** Count at most this many hotspots per density cell (bounds the lookup). */
    readonly densityCap: number;
  };
}

export interface CoverageMetadata {
  readonly antennaGainDeciDbi: number;
  readonly elevationM?: number;
  readonly model?: string;
}

export interface BeaconPayload {
  readonly kind: "beacon";
  readonly challengeId: number;
  readonly beaconId: string;
  readonly frequencyHz: number;
  /** Transmission time, unix ms (device clock). */
  readonly sentAt: number;
}

export interface WitnessPayload {
  readonly kind: "witness";
  readonly challengeId: number;
  readonly beaconId: string;
  /** Received signal strength, dBm x 10. */
  readonly rssiDeciDbm: number;
  /** Signal-to-noise ratio, dB x 10. */
  readonly snrDeciDb: number;
  readonly frequencyHz: number;
  /** Reception time, unix ms (device clock). */
  readonly receivedAt: number;
}

export type CoveragePayload = BeaconPayload | WitnessPayload;

export const REASONS = {
  // registration
  LOCATION_REQUIRED: "LOCATION_REQUIRED",
  LOCATION_TOO_COARSE: "LOCATION_TOO_COARSE",
  // both kinds
  UNKNOWN_CHALLENGE: "UNKNOWN_CHALLENGE",
  WINDOW_CLOSED: "WINDOW_CLOSED",
  BEACON_MISMATCH: "BEACON_MISMATCH",
  TIME_OUTSIDE_WINDOW: "TIME_OUTSIDE_WINDOW",
  FREQUENCY_MISMATCH: "FREQUENCY_MISMATCH",
  // beacon receipts
  NOT_CHALLENGEE: "NOT_CHALLENGEE",
  DUPLICATE_BEACON: "DUPLICATE_BEACON",
  BEACON_RECORDED: "BEACON_RECORDED",
  // witness reports
  SELF_WITNESS: "SELF_WITNESS",
  DUPLICATE_WITNESS: "DUPLICATE_WITNESS",
  NO_LOCATION: "NO_LOCATION",
  TOO_CLOSE: "TOO_CLOSE",
  TOO_FAR: "TOO_FAR",
  RSSI_TOO_STRONG: "RSSI_TOO_STRONG",
  WITNESS_PENDING: "WITNESS_PENDING",
  // window close (hook verdicts)
  NO_BEACON: "NO_BEACON",
  NO_VALID_WITNESSES: "NO_VALID_WITNESSES",
  BEACON_NOT_CONFIRMED: "BEACON_NOT_CONFIRMED",
  NOT_SELECTED: "NOT_SELECTED",
} as const;
export type CoverageReason = (typeof REASONS)[keyof typeof REASONS];

const int = (minimum: number, maximum: number) => ({ type: "integer", minimum, maximum }) as const;
const HEX32 = { type: "string", pattern: "^[0-9a-f]{32}$" } as const;
const FREQ = int(1, 100_000_000_000);

export const paramsSchema: JsonSchema = {
  type: "object",
  properties: {
    challengeIntervalBlocks: int(1, 1_000_000),
    challengesPerRound: int(1, 100),
    windowBlocks: int(1, 10_000),
    channelsHz: { type: "array", items: FREQ, minItems: 1, maxItems: 64 },
    frequencyToleranceHz: int(0, 10_000_000),
    distanceResolution: int(0, 15),
    minWitnessCells: int(1, 100_000),
    maxWitnessDistanceM: int(1, 10_000_000),
    maxTxPowerDeciDbm: int(-300, 600),
    maxAntennaGainDeciDbi: int(0, 300),
    rssiMarginDeciDb: int(0, 300),
    maxClockSkewMs: int(0, 600_000),
    rewards: {
      type: "object",
      properties: {
        baseUnits: int(1, 1_000_000_000),
        redundancy: int(1, 100),
        decayPermille: int(0, 999),
        maxWitnesses: int(1, 100),
        densityResolution: int(0, 15),
        densityTarget: int(1, 1000),
        densityCap: int(1, 1000),
      },
      required: ["baseUnits", "redundancy", "decayPermille", "maxWitnesses", "densityResolution", "densityTarget", "densityCap"],
      additionalProperties: false,
    },
  },
  required: [
    "challengeIntervalBlocks",
    "challengesPerRound",
    "windowBlocks",
    "channelsHz",
    "frequencyToleranceHz",
    "distanceResolution",
    "minWitnessCells",
    "maxWitnessDistanceM",
    "maxTxPowerDeciDbm",
    "maxAntennaGainDeciDbi",
    "rssiMarginDeciDb",
    "maxClockSkewMs",
    "rewards",
  ],
  additionalProperties: false,
};

export const metadataSchema: JsonSchema = {
  type: "object",
  properties: {
    antennaGainDeciDbi: int(0, 300),
    elevationM: int(-500, 10_000),
    model: { type: "string", maxLength: 64 },
  },
  required: ["antennaGainDeciDbi"],
  additionalProperties: false,
};

const TIME = int(0, Number.MAX_SAFE_INTEGER);
const CHALLENGE_ID = int(0, Number.MAX_SAFE_INTEGER);

export const payloadSchema: JsonSchema = {
  type: "object",
  oneOf: [
    {
      type: "object",
      properties: { kind: { const: "beacon" }, challengeId: CHALLENGE_ID, beaconId: HEX32, frequencyHz: FREQ, sentAt: TIME },
      required: ["kind", "challengeId", "beaconId", "frequencyHz", "sentAt"],
      additionalProperties: false,
    },
    {
      type: "object",
      properties: {
        kind: { const: "witness" },
        challengeId: CHALLENGE_ID,
        beaconId: HEX32,
        rssiDeciDbm: int(-2000, 600),
        snrDeciDb: int(-500, 500),
        frequencyHz: FREQ,
        receivedAt: TIME,
      },
      required: ["kind", "challengeId", "beaconId", "rssiDeciDbm", "snrDeciDb", "frequencyHz", "receivedAt"],
      additionalProperties: false,
    },
  ],
};

/** Cross-field checks the schema cannot express. */
export function checkParams(p: CoverageParams): string | undefined {
  if (p.rewards.densityCap < p.rewards.densityTarget) return "rewards.densityCap must be >= rewards.densityTarget";
  return undefined;
}
