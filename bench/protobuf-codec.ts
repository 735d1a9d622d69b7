/**
 * The protobuf codec's fast paths (modules/app/binary-codec-fast.ts) against cosmjs-types' stock
 * reader and writer, on the messages of the proof path. Same process, stock and fast in alternating
 * rounds; prints JSON with microseconds per call (median of the rounds).
 *
 *   npx tsx bench/protobuf-codec.ts [rounds=5]
 */
import { randomBytes } from "node:crypto";
import { useBinaryCodec } from "../modules/app/binary-codec-fast";
import { MsgSubmitProofs } from "../generated/depin/proofs/v1/tx";
import { DeviceProofState, ProofOutcome } from "../generated/depin/proofs/v1/types";

const outcome: ProofOutcome = { deviceId: "ab".repeat(20), sequence: 123_456n, accepted: true, units: "1000", reason: "", detail: "", quality: 100, height: 1234n, epoch: 3n, networkType: "energy-meter", origin: 1, index: 17n, ref: "" };
const state: DeviceProofState = { deviceId: "cd".repeat(20), lastSequence: 99n, lastAccepted: { sequence: 99n, timestampMs: 1_764_000_000_000n, payload: randomBytes(40), height: 100n }, acceptedCount: 99n, rejectedCount: 0n, lastOutcomeIndex: 99n } as DeviceProofState;
const proofs = Array.from({ length: 100 }, (_, i) => ({ deviceId: "ef".repeat(20), sequence: BigInt(i + 1), timestampMs: 1_764_000_000_000n + BigInt(i), payload: Buffer.from(`{"counterWh":${i * 10},"readAt":1764000000}`), signature: randomBytes(64), networkType: "energy-meter" }));
const msgBytes = MsgSubmitProofs.encode({ submitter: `depin1${"q".repeat(38)}`, proofs }).finish();
const outcomeBytes = ProofOutcome.encode(outcome).finish();
const stateBytes = DeviceProofState.encode(state).finish();

const cases: Record<string, { n: number; run: () => unknown }> = {
  decodeSubmitProofs100: { n: 2_000, run: () => MsgSubmitProofs.decode(msgBytes) },
  encodeProofOutcome: { n: 100_000, run: () => ProofOutcome.encode(outcome).finish() },
  decodeProofOutcome: { n: 100_000, run: () => ProofOutcome.decode(outcomeBytes) },
  encodeDeviceProofState: { n: 100_000, run: () => DeviceProofState.encode(state).finish() },
  decodeDeviceProofState: { n: 100_000, run: () => DeviceProofState.decode(stateBytes) },
};

function microsPerCall(n: number, run: () => unknown): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) run();
  return Number(process.hrtime.bigint() - start) / 1e3 / n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rounds = Number(process.argv[2] ?? 5);
const results: Record<string, { stockMicros: number; fastMicros: number; speedup: number }> = {};
for (const [name, { n, run }] of Object.entries(cases)) {
  const times = { stock: [] as number[], fast: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    for (const side of ["stock", "fast"] as const) {
      useBinaryCodec(side);
      microsPerCall(Math.ceil(n / 10), run); // warm-up of this side's code
      times[side].push(microsPerCall(n, run));
    }
  }
  const stockMicros = median(times.stock);
  const fastMicros = median(times.fast);
  results[name] = { stockMicros: Number(stockMicros.toFixed(3)), fastMicros: Number(fastMicros.toFixed(3)), speedup: Number((stockMicros / fastMicros).toFixed(2)) };
}
useBinaryCodec("fast");
console.log(JSON.stringify({ bench: "protobuf-codec", rounds, results }, null, 2));
