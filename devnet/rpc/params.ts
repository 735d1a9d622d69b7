/**
 * Parameter decoding for both CometBFT request forms: JSON-RPC (named object or positional array;
 * []byte as base64, HexBytes as hex, int64 as string or number) and the URI GET form
 * (`?height=5&query="tx.height=5"&tx=0xABCD`: strings quoted, bytes as 0x-hex or a quoted string).
 */
import { invalidParams } from "./errors";

export type ParamType = "int" | "string" | "bool" | "bytes" | "hexbytes" | "hash";

export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  readonly required?: boolean;
}

export type ParamSource = "json" | "uri";

export type ParsedParams = Record<string, number | string | boolean | Uint8Array | undefined>;

function unquote(raw: string): { quoted: boolean; text: string } {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) return { quoted: true, text: raw.slice(1, -1) };
  return { quoted: false, text: raw };
}

function hexToBytes(name: string, hex: string): Uint8Array {
  const clean = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw invalidParams(`${name}: invalid hex string "${hex}"`);
  return new Uint8Array(Buffer.from(clean, "hex"));
}

function base64ToBytes(name: string, b64: string): Uint8Array {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(b64) || b64.length % 4 === 1) throw invalidParams(`${name}: invalid base64 string`);
  return new Uint8Array(Buffer.from(b64, "base64"));
}

function coerce(spec: ParamSpec, value: unknown, source: ParamSource): number | string | boolean | Uint8Array | undefined {
  if (value === undefined || value === null) return undefined;
  const { name } = spec;
  if (source === "uri") {
    if (typeof value !== "string") throw invalidParams(`${name}: expected a string`);
    const { quoted, text } = unquote(value);
    if (!quoted && text === "") return undefined;
    switch (spec.type) {
      case "string":
        return text;
      case "bytes":
      case "hexbytes":
      case "hash":
        return quoted ? new Uint8Array(Buffer.from(text, "utf8")) : hexToBytes(name, text);
      default:
        return coerce(spec, text, "json");
    }
  }
  switch (spec.type) {
    case "int": {
      const n = typeof value === "number" ? value : typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(n)) throw invalidParams(`${name}: expected an integer, got ${JSON.stringify(value)}`);
      return n;
    }
    case "bool":
      if (typeof value === "boolean") return value;
      if (value === "true" || value === "false") return value === "true";
      throw invalidParams(`${name}: expected a boolean, got ${JSON.stringify(value)}`);
    case "string":
      if (typeof value !== "string") throw invalidParams(`${name}: expected a string, got ${JSON.stringify(value)}`);
      return value;
    case "bytes":
      if (typeof value !== "string") throw invalidParams(`${name}: expected a base64 string`);
      return base64ToBytes(name, value);
    case "hexbytes":
      if (typeof value !== "string") throw invalidParams(`${name}: expected a hex string`);
      return hexToBytes(name, value);
    case "hash": {
      // CometBFT takes []byte (base64) here; hex is accepted too since that is how hashes are shown.
      if (typeof value !== "string") throw invalidParams(`${name}: expected a base64 or hex string`);
      if (/^(0x)?[0-9a-fA-F]{64}$/.test(value)) return hexToBytes(name, value);
      const bytes = base64ToBytes(name, value);
      if (bytes.length !== 32) throw invalidParams(`${name}: expected a 32-byte hash, got ${bytes.length} bytes`);
      return bytes;
    }
  }
}

export function parseParams(specs: readonly ParamSpec[], raw: unknown, source: ParamSource): ParsedParams {
  const out: ParsedParams = {};
  let named: Record<string, unknown>;
  if (raw === undefined || raw === null) {
    named = {};
  } else if (Array.isArray(raw)) {
    if (raw.length > specs.length) throw invalidParams(`expected at most ${specs.length} params, got ${raw.length}`);
    named = Object.fromEntries(raw.map((v, i) => [specs[i].name, v]));
  } else if (typeof raw === "object") {
    named = raw as Record<string, unknown>;
  } else {
    throw invalidParams("params must be an object or an array");
  }
  for (const spec of specs) {
    const value = coerce(spec, named[spec.name], source);
    if (value === undefined && spec.required) throw invalidParams(`${spec.name}: missing required parameter`);
    out[spec.name] = value;
  }
  return out;
}
