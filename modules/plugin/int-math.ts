/**
 * Integer helpers for consensus code. Everything is bigint; no floats. Division rounds towards
 * negative infinity (floor) unless the name says otherwise; bigint's own `/` truncates towards 0.
 */

export class IntMathError extends Error {
  override readonly name = "IntMathError";
}

export function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

export function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

export function clamp(x: bigint, lo: bigint, hi: bigint): bigint {
  return x < lo ? lo : x > hi ? hi : x;
}

/** floor(a / b), b != 0. */
export function floorDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new IntMathError("division by zero");
  const q = a / b;
  return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** ceil(a / b), b != 0. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return -floorDiv(-a, b);
}

/** floor(a * b / c) without intermediate rounding. */
export function mulDiv(a: bigint, b: bigint, c: bigint): bigint {
  return floorDiv(a * b, c);
}

function sorted(values: readonly bigint[]): bigint[] {
  return [...values].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

/**
 * Median of a non-empty list. For an even count it is floor((a + b) / 2) of the two middle values
 * (so the result is always an integer, rounded towards negative infinity).
 */
export function median(values: readonly bigint[]): bigint {
  if (values.length === 0) throw new IntMathError("median of an empty list");
  const s = sorted(values);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : floorDiv(s[mid - 1]! + s[mid]!, 2n);
}

/** Median absolute deviation: median(|x - median(values)|), same rounding as `median`. */
export function mad(values: readonly bigint[]): bigint {
  const m = median(values);
  return median(values.map((v) => abs(v - m)));
}

const INT_RE = /^-?(0|[1-9][0-9]*)$/;
const UINT_RE = /^(0|[1-9][0-9]*)$/;

/** Parse a canonical decimal integer string (no sign for unsigned, no leading zeros, no spaces). */
export function parseIntString(s: string, opts: { unsigned?: boolean; maxBits?: number } = {}): bigint {
  const re = opts.unsigned ? UINT_RE : INT_RE;
  if (!re.test(s) || s === "-0") throw new IntMathError(`not a canonical ${opts.unsigned ? "unsigned " : ""}integer: ${JSON.stringify(s)}`);
  const v = BigInt(s);
  if (opts.maxBits !== undefined) {
    const limit = 1n << BigInt(opts.unsigned ? opts.maxBits : opts.maxBits - 1);
    if (v >= limit || v < -limit) throw new IntMathError(`integer out of range for ${opts.maxBits} bits: ${s}`);
  }
  return v;
}

/** A JSON integer field that may be a safe-integer number or a canonical decimal string. */
export function toBigInt(v: number | string | bigint): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new IntMathError(`not a safe integer: ${v}`);
    return BigInt(v);
  }
  return parseIntString(v);
}
