/** Small byte helpers shared by the plugin API (no dependency on modules/store). */
import { createHash, hash } from "node:crypto";

const enc = new TextEncoder();

export function utf8(s: string): Uint8Array {
  return enc.encode(s);
}

export function sha256(...parts: Uint8Array[]): Uint8Array {
  // One part (the usual case): the one-shot digest, without a Hash object.
  if (parts.length === 1) return new Uint8Array(hash("sha256", parts[0], "buffer"));
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}

function hexNibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  if (c >= 97 && c <= 102) return c - 87; // a-f
  return -1;
}

/** Lowercase even-length hex to bytes (throws on anything else). One pass, no regex or Buffer. */
export function fromHex(s: string): Uint8Array {
  const n = s.length;
  if (n % 2 !== 0) throw new Error(`not lowercase even-length hex: ${JSON.stringify(s)}`);
  const out = new Uint8Array(n / 2);
  for (let i = 0, j = 0; i < n; i += 2, j++) {
    const hi = hexNibble(s.charCodeAt(i));
    const lo = hexNibble(s.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) throw new Error(`not lowercase even-length hex: ${JSON.stringify(s)}`);
    out[j] = (hi << 4) | lo;
  }
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Unsigned byte-order comparison (the store's key order). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export function u32be(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`u32 out of range: ${n}`);
  const b = new Uint8Array(4);
  writeU32BE(b, 0, n);
  return b;
}

/*
 * Big-endian writers into an existing array. A DataView over `array.buffer` would do the same, but
 * asking a small typed array for its `.buffer` makes V8 move its bytes off-heap into a backing
 * store of their own (a malloc, then a sweep and a free), ~3x the cost of the writes themselves.
 */

/** Writes `n` (0 ≤ n < 2^32) as 4 big-endian bytes at `offset`. */
export function writeU32BE(target: Uint8Array, offset: number, n: number): void {
  target[offset] = n >>> 24;
  target[offset + 1] = n >>> 16;
  target[offset + 2] = n >>> 8;
  target[offset + 3] = n;
}

/** Writes `n` as 8 big-endian bytes at `offset`, two's complement for negatives (as DataView's setBigUint64/setBigInt64). */
export function writeU64BE(target: Uint8Array, offset: number, n: bigint): void {
  const u = BigInt.asUintN(64, n);
  writeU32BE(target, offset, Number(u >> 32n));
  writeU32BE(target, offset + 4, Number(u & 0xffffffffn));
}

export function checkU64(n: bigint): bigint {
  if (n < 0n || n > 0xffffffffffffffffn) throw new RangeError(`u64 out of range: ${n}`);
  return n;
}

export function checkI64(n: bigint): bigint {
  if (n < -(1n << 63n) || n >= 1n << 63n) throw new RangeError(`i64 out of range: ${n}`);
  return n;
}

export function u64be(n: bigint): Uint8Array {
  const b = new Uint8Array(8);
  writeU64BE(b, 0, checkU64(n));
  return b;
}

export function i64be(n: bigint): Uint8Array {
  const b = new Uint8Array(8);
  writeU64BE(b, 0, checkI64(n));
  return b;
}

/** u32be(length) || bytes: the length-prefixed field used in all sign-bytes layouts. */
export function lengthPrefixed(b: Uint8Array | string): Uint8Array {
  const bytes = typeof b === "string" ? utf8(b) : b;
  return concat(u32be(bytes.length), bytes);
}
