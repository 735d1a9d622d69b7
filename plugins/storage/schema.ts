/** storage: TypeScript shapes, JSON Schemas, reason codes and store layout (README.md is the spec). */
import { getJson, setJson, type JsonSchema, type PluginStore } from "../../modules/plugin";

export interface StorageParams {
  /** A challenge round every K blocks (heights divisible by K). */
  readonly challengeIntervalBlocks: number;
  /** Nodes drawn per round (at most; nodes with an open challenge are skipped). */
  readonly challengesPerRound: number;
  /** Blocks after issuance in which the answer must land (answer at height <= issued + this). */
  readonly responseDeadlineBlocks: number;
  /** Fixed chunk size in bytes; the last chunk of a file is zero-padded to it. */
  readonly chunkSize: number;
  readonly chunksPerChallenge: number;
  /** The accounting period: units = committed chunks x whole periods proven. */
  readonly periodBlocks: number;
  /** This many faults in a row deactivate the node (a proven challenge resets the run). */
  readonly maxConsecutiveFaults: number;
}

export interface StorageMetadata {
  /** sha256 Merkle root (hex) over the chunks, see merkle.ts. */
  readonly dataRoot: string;
  readonly chunkCount: number;
  readonly label?: string;
}

export interface ChunkAnswer {
  readonly index: number;
  /** The chunk bytes, hex (exactly chunkSize bytes). */
  readonly data: string;
  /** Sibling hashes from the leaf up, hex. */
  readonly path: readonly string[];
}

export interface StoragePayload {
  readonly kind: "response";
  readonly challengeId: number;
  readonly chunks: readonly ChunkAnswer[];
}

export const REASONS = {
  UNKNOWN_CHALLENGE: "UNKNOWN_CHALLENGE",
  NOT_CHALLENGED: "NOT_CHALLENGED",
  CHALLENGE_CLOSED: "CHALLENGE_CLOSED",
  CHALLENGE_CANCELLED: "CHALLENGE_CANCELLED",
  LATE_ANSWER: "LATE_ANSWER",
  INDEX_MISMATCH: "INDEX_MISMATCH",
  CHUNK_SIZE: "CHUNK_SIZE",
  WRONG_PATH: "WRONG_PATH",
  NO_FULL_PERIOD: "NO_FULL_PERIOD",
  DEADLINE_MISSED: "DEADLINE_MISSED",
  TOO_MANY_FAULTS: "TOO_MANY_FAULTS",
} as const;
export type StorageReason = (typeof REASONS)[keyof typeof REASONS];

const int = (minimum: number, maximum: number) => ({ type: "integer", minimum, maximum }) as const;
const HASH = { type: "string", pattern: "^[0-9a-f]{64}$" } as const;

export const paramsSchema: JsonSchema = {
  type: "object",
  properties: {
    challengeIntervalBlocks: int(1, 1_000_000),
    challengesPerRound: int(1, 100),
    responseDeadlineBlocks: int(1, 100_000),
    chunkSize: int(32, 1024),
    chunksPerChallenge: int(1, 8),
    periodBlocks: int(1, 10_000_000),
    maxConsecutiveFaults: int(1, 1000),
  },
  required: ["challengeIntervalBlocks", "challengesPerRound", "responseDeadlineBlocks", "chunkSize", "chunksPerChallenge", "periodBlocks", "maxConsecutiveFaults"],
  additionalProperties: false,
};

export const metadataSchema: JsonSchema = {
  type: "object",
  properties: { dataRoot: HASH, chunkCount: int(1, 2 ** 48), label: { type: "string", maxLength: 64 } },
  required: ["dataRoot", "chunkCount"],
  additionalProperties: false,
};

export const payloadSchema: JsonSchema = {
  type: "object",
  properties: {
    kind: { const: "response" },
    challengeId: int(0, Number.MAX_SAFE_INTEGER),
    chunks: {
      type: "array",
      minItems: 1,
      maxItems: 8,
      items: {
        type: "object",
        properties: {
          index: int(0, 2 ** 48),
          data: { type: "string", pattern: "^([0-9a-f]{2})+$", maxLength: 2048 },
          path: { type: "array", items: HASH, maxItems: 64 },
        },
        required: ["index", "data", "path"],
        additionalProperties: false,
      },
    },
  },
  required: ["kind", "challengeId", "chunks"],
  additionalProperties: false,
};

// ---- store layout: ix/... SamplingIndex · next · c/<cid> Challenge · due/<deadline>/<cid> ·
// open/<device> -> cid · s/<device> NodeStats · pd/<device> deactivation pending for end of block

export type ChallengeStatus = "open" | "proven" | "faulted" | "missed" | "cancelled";

export interface StorageChallenge {
  readonly id: number;
  readonly device: string;
  readonly issuedHeight: string;
  readonly deadline: string;
  readonly indices: readonly number[];
  /** Commitment snapshot at issuance. */
  readonly dataRoot: string;
  readonly chunkCount: number;
  status: ChallengeStatus;
  settledHeight?: string;
  reason?: string;
  units?: string;
}

export interface NodeStats {
  /** Height from which unproven periods accrue. */
  anchor: string;
  consecutiveFaults: number;
  totalFaults: number;
  proven: number;
  periodsProven: string;
  unitsEarned: string;
  lastFault: { challengeId: number; reason: string; height: string } | null;
  deactivated: boolean;
}

export const pad = (n: number | bigint): string => n.toString().padStart(12, "0");

export const keys = {
  next: "next",
  challenge: (cid: number) => `c/${pad(cid)}`,
  due: (height: bigint, cid: number) => `due/${pad(height)}/${pad(cid)}`,
  dueUpTo: (height: bigint) => `due/${pad(height + 1n)}`,
  open: (deviceId: string) => `open/${deviceId}`,
  stats: (deviceId: string) => `s/${deviceId}`,
  pendingDeactivation: (deviceId: string) => `pd/${deviceId}`,
};

export function getChallenge(store: PluginStore, cid: number): StorageChallenge | undefined {
  return getJson<StorageChallenge>(store, keys.challenge(cid));
}

export function putChallenge(store: PluginStore, c: StorageChallenge): void {
  setJson(store, keys.challenge(c.id), c);
}

export function getStats(store: PluginStore, deviceId: string): NodeStats {
  return (
    getJson<NodeStats>(store, keys.stats(deviceId)) ?? { anchor: "0", consecutiveFaults: 0, totalFaults: 0, proven: 0, periodsProven: "0", unitsEarned: "0", lastFault: null, deactivated: false }
  );
}

export function putStats(store: PluginStore, deviceId: string, s: NodeStats): void {
  setJson(store, keys.stats(deviceId), s);
}
