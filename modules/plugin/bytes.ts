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
  new DataView(b.buffer).setUint32(0, n);
  return b;
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
  new DataView(b.buffer).setBigUint64(0, checkU64(n));
  return b;
}

export function i64be(n: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, checkI64(n));
  return b;
}

/** u32be(length) || bytes: the length-prefixed field used in all sign-bytes layouts. */
export function lengthPrefixed(b: Uint8Array | string): Uint8Array {
  const bytes = typeof b === "string" ? utf8(b) : b;
  return concat(u32be(bytes.length), bytes);
}
