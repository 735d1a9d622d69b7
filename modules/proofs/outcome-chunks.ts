/**
 * How a device's retained outcome history is stored: in chunks of eight consecutive outcomes
 * (outcome i belongs to chunk (i - 1) / 8). The chunk still filling lives in the device's own
 * record (DeviceProofRecord.pending_outcomes), which every proof rewrites anyway; a full chunk goes
 * to its ring slot as one state entry. A proof thus writes one state entry for its outcome every
 * eighth proof instead of every proof, and a device keeps ceil(n / 8) entries of history instead
 * of n (about 7% less CPU per proof in the proofs bench: modules/proofs/README.md).
 */
import { OutcomeChunk, type ProofOutcome } from "../../generated/depin/proofs/v1/types";
import { concatBytes } from "../store/bytes";

export const OUTCOMES_PER_CHUNK = 8n;

/** A device record's pending_outcomes when no outcome is pending. */
export const NO_PENDING_OUTCOMES: Uint8Array = new Uint8Array(0);

/** The chunk outcome `index` (1-based) belongs to. */
export function chunkOf(index: bigint): bigint {
  return (index - 1n) / OUTCOMES_PER_CHUNK;
}

/** The ring slot of `chunk` when `keep` outcomes are retained per device (0 = all: no ring). */
export function chunkSlot(chunk: bigint, keep: bigint): bigint {
  if (keep === 0n) return chunk;
  return chunk % ((keep + OUTCOMES_PER_CHUNK - 1n) / OUTCOMES_PER_CHUNK);
}

/** Outcomes up to this index are in full chunks; the later ones are pending in the device's record. */
export function lastChunkedIndex(lastOutcomeIndex: bigint): bigint {
  return (lastOutcomeIndex / OUTCOMES_PER_CHUNK) * OUTCOMES_PER_CHUNK;
}

/** Whether `index` completes its chunk (the pending outcomes then go to the chunk's slot). */
export function completesChunk(index: bigint): boolean {
  return index % OUTCOMES_PER_CHUNK === 0n;
}

/**
 * `entries` (an OutcomeChunk encoding) with `outcome` appended at the end. A repeated field's encoding is its
 * elements' encodings one after the other, so a one-outcome chunk appended to a chunk is the longer
 * chunk: nothing already stored is decoded or re-encoded. The device id is left out (the key has it).
 */
export function appendToChunk(entries: Uint8Array, outcome: ProofOutcome): Uint8Array {
  const entry = OutcomeChunk.encode({ outcomes: [{ ...outcome, deviceId: "" }] }).finish();
  return entries.length === 0 ? entry : concatBytes(entries, entry);
}

/** The outcomes of an OutcomeChunk encoding, with their device id restored. */
export function decodeOutcomes(entries: Uint8Array, deviceId: string): ProofOutcome[] {
  if (entries.length === 0) return [];
  const { outcomes } = OutcomeChunk.decode(entries);
  for (const outcome of outcomes) outcome.deviceId = deviceId;
  return outcomes;
}
