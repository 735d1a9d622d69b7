import { createHash } from "node:crypto";
import { BinaryReader, BinaryWriter } from "cosmjs-types/binary";
import { stockBinaryCodec } from "./binary-codec-fast";
import { ProofOutcome } from "../../generated/depin/proofs/v1/types";

/** Deterministic pseudo-random bytes (sha256 counter mode): the same cases on every run. */
function bytesFrom(label: string, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let off = 0, i = 0; off < n; i++) {
    const block = createHash("sha256").update(`${label}/${i}`).digest();
    out.set(block.subarray(0, Math.min(32, n - off)), off);
    off += 32;
  }
  return out;
}

type Outcome = { value: unknown; pos: number } | { error: string };

function outcome(run: () => unknown, reader: BinaryReader): Outcome {
  try {
    const value = run();
    return { value, pos: reader.pos };
  } catch (e) {
    return { error: String(e) };
  }
}

/** Runs the patched and the stock method on two readers over the same bytes. */
function compareRead(method: "uint32" | "int64" | "uint64" | "string", bytes: Uint8Array): void {
  const fast = new BinaryReader(bytes);
  const stock = new BinaryReader(bytes);
  const got = outcome(() => fast[method](), fast);
  const want = outcome(() => (stockBinaryCodec[method] as (this: BinaryReader) => unknown).call(stock), stock);
  expect(got).toEqual(want);
}

function varintOf(value: bigint): Uint8Array {
  const out: number[] = [];
  let v = BigInt.asUintN(64, value);
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v === 0n ? b : b | 0x80);
  } while (v !== 0n);
  return Uint8Array.from(out);
}

const EDGES: bigint[] = [];
for (const base of [0n, 1n << 7n, 1n << 14n, 1n << 21n, 1n << 28n, 1n << 31n, 1n << 32n, 1n << 35n, 1n << 52n, 1n << 53n, 1n << 56n, 1n << 63n, 1n << 64n]) {
  for (const d of [-2n, -1n, 0n, 1n]) EDGES.push(base + d);
}
EDGES.push(...EDGES.map((v) => -v));

describe("fast protobuf codec paths (cosmjs-types BinaryReader/BinaryWriter)", () => {
  it("reads every 64-bit edge value as the stock reader does", () => {
    for (const v of EDGES) {
      const bytes = varintOf(v);
      compareRead("uint32", bytes);
      compareRead("int64", bytes);
      compareRead("uint64", bytes);
    }
  });

  it("reads random, truncated and overlong varints as the stock reader does (same value, position or error)", () => {
    for (let i = 0; i < 3000; i++) {
      const raw = bytesFrom(`varint${i}`, 12);
      // Random continuation bits give every length from 1 to 12 bytes, truncated ones included.
      const len = 1 + (raw[11] % 12);
      const bytes = raw.subarray(0, len);
      compareRead("uint32", bytes);
      compareRead("int64", bytes);
      compareRead("uint64", bytes);
    }
  });

  it("reads strings (ASCII, UTF-8, malformed UTF-8, empty, truncated) as the stock reader does", () => {
    const samples: Uint8Array[] = [
      new Uint8Array(0),
      Buffer.from("depin1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"),
      Buffer.from("ab".repeat(20)),
      Buffer.from("température €, 日本, 😀"),
      Uint8Array.of(0x7f, 0x80, 0xff, 0xc0, 0x41),
      Uint8Array.of(0xe2, 0x82),
      Uint8Array.of(0xf0, 0x9f, 0x98),
    ];
    for (let i = 0; i < 500; i++) samples.push(bytesFrom(`str${i}`, i % 70));
    for (let i = 0; i < 500; i++) samples.push(bytesFrom(`ascii${i}`, i % 70).map((b) => b & 0x7f));
    for (const s of samples) {
      compareRead("string", Uint8Array.from([...varintOf(BigInt(s.length)), ...s]));
      // Length prefix longer than what follows: both must throw.
      compareRead("string", Uint8Array.from([...varintOf(BigInt(s.length + 3)), ...s]));
    }
  });

  it("writes int64/uint64 bytes identical to the stock writer for bigints, numbers and strings", () => {
    const values: unknown[] = [...EDGES, -(1n << 63n) - 1n, (1n << 64n) + 5n, 0, 1, 300, 2 ** 40, -5, "12345", "-1", "18446744073709551615"];
    for (let i = 0; i < 2000; i++) {
      const b = bytesFrom(`w${i}`, 9);
      const v = BigInt(`0x${Buffer.from(b.subarray(0, 8)).toString("hex")}`) >> BigInt(b[8] % 64);
      values.push(v, -v);
    }
    for (const v of values) {
      const fast = (new BinaryWriter().uint32(8) as unknown as { int64(x: unknown): BinaryWriter }).int64(v).finish();
      const stock = stockBinaryCodec.writerInt64.call(new BinaryWriter().uint32(8) as never, v).finish();
      expect(Buffer.from(fast).toString("hex")).toBe(Buffer.from(stock).toString("hex"));
      const fastU = (new BinaryWriter() as unknown as { uint64(x: unknown): BinaryWriter }).uint64(v).finish();
      expect(Buffer.from(fastU).toString("hex")).toBe(Buffer.from(stock.subarray(1)).toString("hex"));
    }
  });

  it("round-trips a generated message through the patched codec", () => {
    const outcome: ProofOutcome = {
      deviceId: "ab".repeat(20),
      sequence: 18446744073709551615n,
      accepted: true,
      units: "1000",
      reason: "",
      detail: "température",
      quality: 100,
      height: 9007199254740993n,
      epoch: 3n,
      networkType: "energy-meter",
      origin: 1,
      index: 17n,
      ref: "",
    };
    expect(ProofOutcome.decode(ProofOutcome.encode(outcome).finish())).toEqual(outcome);
  });
});
