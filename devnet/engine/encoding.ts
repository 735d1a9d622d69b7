/** Small byte/time helpers shared by the engine, store and RPC (kept dependency-free for start-up time). */
import type { Timestamp } from "cosmjs-types/google/protobuf/timestamp";

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex").toUpperCase();
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new Error(`invalid hex string "${hex}"`);
  return new Uint8Array(Buffer.from(hex, "hex"));
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

export function fromBase64(b64: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 === 1) throw new Error(`invalid base64 string`);
  return new Uint8Array(Buffer.from(b64, "base64"));
}

export function timestampFromMillis(ms: number): Timestamp {
  const seconds = Math.floor(ms / 1000);
  return { seconds: BigInt(seconds), nanos: (ms - seconds * 1000) * 1_000_000 };
}

export function timestampToMillis(ts: Timestamp): number {
  return Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1_000_000);
}

/** Go's time.RFC3339Nano, which CometBFT uses in JSON: fractional seconds with trailing zeros trimmed. */
export function toRfc3339Nano(ts: Timestamp): string {
  const base = new Date(Number(ts.seconds) * 1000).toISOString().slice(0, 19);
  if (ts.nanos === 0) return `${base}Z`;
  const frac = ts.nanos.toString().padStart(9, "0").replace(/0+$/, "");
  return `${base}.${frac}Z`;
}

export function utf8(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "utf8"));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}
