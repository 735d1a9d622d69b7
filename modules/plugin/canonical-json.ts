/**
 * Canonical JSON: the one JSON encoding used wherever JSON is hashed, signed or stored in state
 * (plugin params, device metadata, proof payloads, plugin store values).
 *
 * Rules:
 * - UTF-8, no whitespace, no BOM.
 * - Object keys sorted by UTF-16 code unit order (JavaScript's default string sort), unique.
 * - Numbers: only safe integers (|n| <= 2^53 - 1), written in plain decimal; no floats, no
 *   exponents, no -0. Larger integers travel as decimal strings.
 * - Strings escaped as JSON.stringify does. `undefined`, functions, symbols, bigint, NaN and
 *   Infinity are rejected (never silently dropped).
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class CanonicalJsonError extends Error {
  override readonly name = "CanonicalJsonError";
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Where in the value an error is: "$", then ".key" and "[index]" steps (built only on error). */
type PathStep = string | number;

function formatPath(steps: readonly PathStep[]): string {
  return "$" + steps.map((step) => (typeof step === "number" ? `[${step}]` : `.${step}`)).join("");
}

function encodeValue(value: unknown, path: PathStep[], out: string[]): void {
  if (value === null) {
    out.push("null");
    return;
  }
  switch (typeof value) {
    case "boolean":
      out.push(value ? "true" : "false");
      return;
    case "number":
      if (!Number.isSafeInteger(value)) {
        throw new CanonicalJsonError(`${formatPath(path)}: only safe integers allowed in canonical JSON, got ${String(value)}`);
      }
      out.push(Object.is(value, -0) ? "0" : String(value));
      return;
    case "string":
      out.push(JSON.stringify(value));
      return;
    case "object": {
      if (Array.isArray(value)) {
        out.push("[");
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out.push(",");
          path.push(i);
          encodeValue(value[i], path, out);
          path.pop();
        }
        out.push("]");
        return;
      }
      if (ArrayBuffer.isView(value)) throw new CanonicalJsonError(`${formatPath(path)}: byte arrays are not JSON values`);
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      out.push("{");
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) out.push(",");
        out.push(JSON.stringify(keys[i]), ":");
        path.push(keys[i]);
        encodeValue(obj[keys[i]], path, out);
        path.pop();
      }
      out.push("}");
      return;
    }
    default:
      throw new CanonicalJsonError(`${formatPath(path)}: ${typeof value} is not a JSON value`);
  }
}

/** Canonical JSON text of a value. Throws CanonicalJsonError on non-canonical input. */
export function canonicalJsonString(value: unknown): string {
  const out: string[] = [];
  encodeValue(value, [], out);
  return out.join("");
}

/** Canonical JSON UTF-8 bytes of a value. */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalJsonString(value));
}

function checkNumbers(value: unknown, path: PathStep[]): void {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new CanonicalJsonError(`${formatPath(path)}: only safe integers allowed, got ${value}`);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      checkNumbers(value[i], path);
      path.pop();
    }
  } else if (value !== null && typeof value === "object") {
    for (const key of Object.keys(value)) {
      path.push(key);
      checkNumbers((value as Record<string, unknown>)[key], path);
      path.pop();
    }
  }
}

/**
 * Parse JSON bytes. With `requireCanonical` (the default) the bytes must be exactly the canonical
 * encoding of the parsed value (which also rules out whitespace, duplicate keys, unsorted keys,
 * exponents and escapes written differently).
 */
export function parseCanonicalJson(bytes: Uint8Array | string, opts: { requireCanonical?: boolean } = {}): JsonValue {
  let text: string;
  try {
    text = typeof bytes === "string" ? bytes : decoder.decode(bytes);
  } catch {
    throw new CanonicalJsonError("$: not valid UTF-8");
  }
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (e) {
    throw new CanonicalJsonError(`$: invalid JSON (${(e as Error).message})`);
  }
  checkNumbers(value, []);
  if (opts.requireCanonical !== false && canonicalJsonString(value) !== text) {
    throw new CanonicalJsonError("$: JSON is not in canonical form (sorted keys, no whitespace, plain integers)");
  }
  return value;
}

/** Re-encode arbitrary (valid, integer-only) JSON bytes into canonical bytes. */
export function canonicalizeJson(bytes: Uint8Array | string): Uint8Array {
  return canonicalJsonBytes(parseCanonicalJson(bytes, { requireCanonical: false }));
}

/** True when the bytes are canonical JSON. */
export function isCanonicalJson(bytes: Uint8Array): boolean {
  try {
    parseCanonicalJson(bytes);
    return true;
  } catch {
    return false;
  }
}
