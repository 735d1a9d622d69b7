import { DeviceProofRecord, DeviceProofState, OutcomeChunk, type ProofOutcome } from "../../generated/depin/proofs/v1/types";
import { appendToChunk, chunkOf, chunkSlot, completesChunk, decodeOutcomes, lastChunkedIndex, NO_PENDING_OUTCOMES } from "./outcome-chunks";

const deviceId = "ab".repeat(20);

function outcome(index: bigint): ProofOutcome {
  return { deviceId, sequence: index + 100n, accepted: index % 2n === 0n, units: String(index * 7n), reason: index % 2n === 0n ? "" : "R", detail: "", quality: 90, height: 1000n + index, epoch: 3n, networkType: "energy-meter", origin: 1, index, ref: "" };
}

describe("outcome chunks", () => {
  it("numbers chunks of eight and rings them over ceil(keep / 8) slots", () => {
    expect([1n, 8n, 9n, 16n, 17n].map(chunkOf)).toEqual([0n, 0n, 1n, 1n, 2n]);
    expect([8n, 16n, 9n].map(completesChunk)).toEqual([true, true, false]);
    expect([0n, 7n, 8n, 15n, 16n].map(lastChunkedIndex)).toEqual([0n, 0n, 8n, 8n, 16n]);
    expect([0n, 1n, 2n, 3n, 4n].map((chunk) => chunkSlot(chunk, 32n))).toEqual([0n, 1n, 2n, 3n, 0n]);
    expect([0n, 1n, 2n].map((chunk) => chunkSlot(chunk, 10n))).toEqual([0n, 1n, 0n]);
    expect([0n, 1n, 2n].map((chunk) => chunkSlot(chunk, 3n))).toEqual([0n, 0n, 0n]);
    expect(chunkSlot(41n, 0n)).toBe(41n); // 0 = keep all: no ring
  });

  it("appends by concatenation to a valid OutcomeChunk and restores the device id on decode", () => {
    let entries = NO_PENDING_OUTCOMES;
    for (let i = 1n; i <= 8n; i++) entries = appendToChunk(entries, outcome(i));
    expect(OutcomeChunk.decode(entries).outcomes.map((o) => o.deviceId)).toEqual(Array(8).fill(""));
    expect(decodeOutcomes(entries, deviceId)).toEqual(Array.from({ length: 8 }, (_, i) => outcome(BigInt(i + 1))));
    expect(decodeOutcomes(NO_PENDING_OUTCOMES, deviceId)).toEqual([]);
  });

  it("stores DeviceProofRecord so that DeviceProofState decodes it and the other way round", () => {
    const state: DeviceProofState = { deviceId, lastSequence: 9n, lastAccepted: { sequence: 9n, timestampMs: 123n, payload: new Uint8Array([1, 2]), height: 7n }, acceptedCount: 8n, rejectedCount: 1n, lastOutcomeIndex: 9n };
    const pendingOutcomes = appendToChunk(NO_PENDING_OUTCOMES, outcome(9n));
    const record = DeviceProofRecord.encode({ ...state, pendingOutcomes }).finish();
    expect(DeviceProofState.decode(record)).toEqual(state);
    expect(DeviceProofRecord.decode(DeviceProofState.encode(state).finish())).toEqual({ ...state, pendingOutcomes: new Uint8Array() });
    // Encoding a record as a DeviceProofState (queries, genesis) leaves the pending outcomes out.
    expect(DeviceProofState.encode(DeviceProofRecord.decode(record)).finish()).toEqual(DeviceProofState.encode(state).finish());
  });
});
