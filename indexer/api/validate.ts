/** Request validation: every failure is INVALID_ARGUMENT naming the field. */
import { fromBech32 } from "@cosmjs/encoding";
import { isCell } from "../store/h3-range";
import { invalid } from "./errors";

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export function limitOf(limit: number, field = "limit"): number {
  if (limit === 0) return DEFAULT_LIMIT;
  if (limit > MAX_LIMIT) throw invalid(field, `must be at most ${MAX_LIMIT} (got ${limit})`);
  return limit;
}

export function deviceId(value: string, field = "device_id", required = true): string | undefined {
  if (!value) {
    if (required) throw invalid(field, "required");
    return undefined;
  }
  if (!/^[0-9a-f]{40}$/.test(value)) throw invalid(field, "must be 40 lowercase hex characters");
  return value;
}

export function address(value: string, field = "owner"): string | undefined {
  if (!value) return undefined;
  try {
    fromBech32(value);
  } catch {
    throw invalid(field, "not a bech32 address");
  }
  return value;
}

export function networkType(value: string, field = "network_type"): string | undefined {
  if (!value) return undefined;
  if (!/^[a-z0-9-]{3,32}$/.test(value)) throw invalid(field, "must be 3..32 characters of [a-z0-9-]");
  return value;
}

export function cell(value: string, field = "cell"): string | undefined {
  if (!value) return undefined;
  if (!isCell(value)) throw invalid(field, "not an H3 cell index (lowercase hex)");
  return value;
}

/**
 * An inclusive epoch range from two optional bounds (proto3 `optional`: an unset bound is open).
 * Refuses negative or unsafe values and from > to, naming the field.
 */
export function epochRange(from: bigint | undefined, to: bigint | undefined): { fromEpoch?: number; toEpoch?: number } {
  const fromEpoch = from === undefined ? undefined : nonNegative(from, "from_epoch");
  const toEpoch = to === undefined ? undefined : nonNegative(to, "to_epoch");
  if (fromEpoch !== undefined && toEpoch !== undefined && fromEpoch > toEpoch) throw invalid("to_epoch", "must be >= from_epoch");
  return { fromEpoch, toEpoch };
}

export function nonNegative(value: bigint | number, field: string): number {
  const n = Number(value);
  if (n < 0 || !Number.isSafeInteger(n)) throw invalid(field, "must be a non-negative integer");
  return n;
}

/** Opaque page keys: base64url JSON tagged with what they page, so a key from another query fails. */
export function encodePageKey(tag: string, value: unknown): string {
  return Buffer.from(JSON.stringify([tag, value])).toString("base64url");
}

export function decodePageKey<T>(key: string, tag: string, check: (v: unknown) => v is T, field = "page_key"): T | undefined {
  if (!key) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(key, "base64url").toString("utf8"));
  } catch {
    throw invalid(field, "malformed");
  }
  if (!Array.isArray(parsed) || parsed[0] !== tag || !check(parsed[1])) throw invalid(field, "does not belong to this query (sort or method changed?)");
  return parsed[1];
}

/** A (height, idx) keyset position, as decoded from a page key. */
export const isHeightIdx = (x: unknown): x is { height: number; idx: number } =>
  typeof x === "object" && x !== null && Number.isSafeInteger((x as { height: number }).height) && Number.isSafeInteger((x as { idx: number }).idx);
