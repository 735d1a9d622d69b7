/**
 * Faster paths for cosmjs-types 0.11's protobuf reader and writer, which every generated codec here
 * uses (see scripts/fix-generated-imports.js). Each replacement returns exactly what the stock method
 * returns, or throws where it throws (binary-codec-fast.spec.ts compares them on edge cases and
 * random input); only the allocations go:
 *
 * - `reader.uint32()` and the 64-bit reads called `varint32read.bind(this)()`: a new bound function
 *   per varint read, i.e. per field tag.
 * - `reader.int64()` / `uint64()` built a decimal string and parsed it back into a bigint.
 * - `reader.string()` decoded UTF-8 into a growing array, sliced it and spread it: ~1 KiB of garbage
 *   for a 40-character device id. ASCII (all our ids, addresses and type names) now goes through
 *   Node's native latin1 decoder, which gives the same string for bytes < 0x80; anything else keeps
 *   the stock decoder, so malformed UTF-8 decodes as it always has.
 * - `writer.int64()` / `uint64()` turned every bigint into a decimal string and parsed it back into
 *   two 32-bit halves. In-range bigints are now split arithmetically; numbers, strings and
 *   out-of-range values keep the stock path (its wrap-around for those is part of what it does).
 *
 * Installed once per process when modules/app/app.ts is imported, like binary-writer-alloc.ts.
 */
import { BinaryReader, BinaryWriter } from "cosmjs-types/binary";
import * as varint from "cosmjs-types/varint";
import { utf8Read } from "cosmjs-types/utf8";
import { bytesToKeyString } from "../store/bytes";

const INSTALLED = Symbol.for("fieldnet.binaryCodec.fastPaths");
const TWO_POW_32 = 4294967296;
/** hi halves up to this keep hi * 2^32 + lo a safe integer. */
const MAX_SAFE_HI = 0x1fffff;
const MIN_INT64 = -(2n ** 63n);
const MAX_UINT64 = 2n ** 64n - 1n;
const LOW_32 = 0xffffffffn;

interface WriterInternals {
  _push(fn: (val: unknown, buf: Uint8Array, pos: number) => void, len: number, val: unknown): BinaryWriter;
}

type ReaderMethod<T> = (this: BinaryReader) => T;
type WriterMethod = (this: WriterInternals, value: unknown) => BinaryWriter;

/** The five methods replaced; `stockBinaryCodec` holds cosmjs-types' own, kept as the fallback paths. */
export interface BinaryCodecPaths {
  readonly uint32: ReaderMethod<number>;
  readonly int64: ReaderMethod<bigint>;
  readonly uint64: ReaderMethod<bigint>;
  readonly string: ReaderMethod<string>;
  readonly writerInt64: WriterMethod;
}

const readerProto = BinaryReader.prototype as unknown as Record<string, unknown>;
const writerProto = BinaryWriter.prototype as unknown as Record<string, unknown>;

export const stockBinaryCodec: BinaryCodecPaths = Object.freeze({
  uint32: readerProto.uint32 as ReaderMethod<number>,
  int64: readerProto.int64 as ReaderMethod<bigint>,
  uint64: readerProto.uint64 as ReaderMethod<bigint>,
  string: readerProto.string as ReaderMethod<string>,
  writerInt64: writerProto.int64 as WriterMethod,
});

const { varint32read, varint64read } = varint;

function uint32(this: BinaryReader): number {
  return varint32read.call(this);
}

function unsignedOf(lo: number, hi: number): bigint {
  const h = hi >>> 0;
  return h <= MAX_SAFE_HI ? BigInt(h * TWO_POW_32 + (lo >>> 0)) : (BigInt(h) << 32n) | BigInt(lo >>> 0);
}

function uint64(this: BinaryReader): bigint {
  const [lo, hi] = varint64read.call(this);
  return unsignedOf(lo, hi);
}

function int64(this: BinaryReader): bigint {
  const [lo, hi] = varint64read.call(this);
  return (hi >>> 0) <= MAX_SAFE_HI ? unsignedOf(lo, hi) : BigInt.asIntN(64, unsignedOf(lo, hi));
}

function string(this: BinaryReader): string {
  const bytes = this.bytes();
  const n = bytes.length;
  for (let i = 0; i < n; i++) if (bytes[i] >= 0x80) return utf8Read(bytes, 0, n);
  return bytesToKeyString(bytes);
}

/** Two's complement halves of an int64/uint64, each as a signed 32-bit number (as the stock parser gives them). */
function halvesOf(value: bigint): { lo: number; hi: number } {
  const u = BigInt.asUintN(64, value);
  if (u <= BigInt(Number.MAX_SAFE_INTEGER)) {
    const x = Number(u);
    return { lo: x % TWO_POW_32 | 0, hi: Math.floor(x / TWO_POW_32) | 0 };
  }
  return { lo: Number(u & LOW_32) | 0, hi: Number(u >> 32n) | 0 };
}

const stockWriterInt64 = stockBinaryCodec.writerInt64;
const writeVarint64 = varint.writeVarint64 as (val: unknown, buf: Uint8Array, pos: number) => void;

function writerInt64(this: WriterInternals, value: unknown): BinaryWriter {
  if (typeof value !== "bigint" || value < MIN_INT64 || value > MAX_UINT64) return stockWriterInt64.call(this, value);
  const halves = halvesOf(value);
  return this._push(writeVarint64, varint.int64Length(halves.lo, halves.hi), halves);
}

const fastBinaryCodec: BinaryCodecPaths = Object.freeze({ uint32, int64, uint64, string, writerInt64 });

/** Which paths the process's reader and writer use ("stock" only for comparisons in benchmarks and tests). */
export function useBinaryCodec(which: "fast" | "stock"): void {
  const codec = which === "fast" ? fastBinaryCodec : stockBinaryCodec;
  readerProto.uint32 = codec.uint32;
  readerProto.int64 = codec.int64;
  readerProto.uint64 = codec.uint64;
  readerProto.string = codec.string;
  // `uint64 = BinaryWriter.prototype.int64` is a class field: each new writer copies whatever the
  // prototype holds at construction, so replacing the prototype method covers both.
  writerProto.int64 = codec.writerInt64;
  writerProto.uint64 = codec.writerInt64;
}

export function installFastBinaryCodec(): void {
  const marker = readerProto as { [INSTALLED]?: true };
  if (marker[INSTALLED]) return;
  useBinaryCodec("fast");
  marker[INSTALLED] = true;
}

installFastBinaryCodec();
