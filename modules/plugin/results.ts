/** Helpers to build verdicts, and the contract checks the module applies to what plugins return. */
import type { RegisterVerdict, Verdict, VerifyResult } from "./types";

export const REASON_CODE_RE = /^[A-Z][A-Z0-9_]{0,63}$/;
export const MAX_DETAIL_BYTES = 256;
export const MAX_REF_LENGTH = 64;

/** Thrown when a plugin returns something outside the contract; recorded as PLUGIN_ERROR. */
export class PluginContractError extends Error {
  override readonly name = "PluginContractError";
}

export function accept(units: bigint, opts: { quality?: number; reason?: string; detail?: string } = {}): VerifyResult {
  return { accepted: true, units, ...opts };
}

export function reject(reason: string, detail?: string): VerifyResult {
  return detail === undefined ? { accepted: false, units: 0n, reason } : { accepted: false, units: 0n, reason, detail };
}

export interface NormalizedResult {
  readonly accepted: boolean;
  readonly units: bigint;
  readonly reason: string;
  readonly quality: number;
  readonly detail: string;
}

function truncateUtf8(s: string, maxBytes: number): string {
  const b = Buffer.from(s, "utf8");
  if (b.length <= maxBytes) return s;
  // cut at a character boundary
  let end = maxBytes;
  while (end > 0 && (b[end]! & 0xc0) === 0x80) end--;
  return b.subarray(0, end).toString("utf8");
}

/** Validate and fill defaults (quality 100, reason "", detail truncated to 256 bytes). */
export function normalizeVerifyResult(r: VerifyResult): NormalizedResult {
  if (r === null || typeof r !== "object") throw new PluginContractError("verify must return an object");
  if (typeof r.accepted !== "boolean") throw new PluginContractError("accepted must be a boolean");
  if (typeof r.units !== "bigint") throw new PluginContractError("units must be a bigint");
  if (r.units < 0n) throw new PluginContractError("units must be >= 0");
  if (!r.accepted && r.units !== 0n) throw new PluginContractError("a rejection must have 0 units");
  const reason = r.reason ?? "";
  if (reason !== "" && !REASON_CODE_RE.test(reason)) throw new PluginContractError(`reason must match ${REASON_CODE_RE}: ${JSON.stringify(reason)}`);
  if (!r.accepted && reason === "") throw new PluginContractError("a rejection needs a reason code");
  const quality = r.quality ?? 100;
  if (!Number.isInteger(quality) || quality < 0 || quality > 100) throw new PluginContractError(`quality must be an integer 0..100, got ${quality}`);
  if (r.detail !== undefined && typeof r.detail !== "string") throw new PluginContractError("detail must be a string");
  return { accepted: r.accepted, units: r.units, reason, quality, detail: truncateUtf8(r.detail ?? "", MAX_DETAIL_BYTES) };
}

export function normalizeVerdict(v: Verdict): NormalizedResult & { deviceId: string; ref: string } {
  if (typeof v.deviceId !== "string" || v.deviceId === "") throw new PluginContractError("verdict needs a deviceId");
  const ref = v.ref ?? "";
  if (typeof ref !== "string" || ref.length > MAX_REF_LENGTH) throw new PluginContractError(`ref must be a string of at most ${MAX_REF_LENGTH} chars`);
  return { ...normalizeVerifyResult(v), deviceId: v.deviceId, ref };
}

export function normalizeRegisterVerdict(v: RegisterVerdict | void): { accepted: boolean; reason: string; detail: string } {
  if (v === undefined) return { accepted: true, reason: "", detail: "" };
  if (typeof v.accepted !== "boolean") throw new PluginContractError("onRegister verdict needs accepted: boolean");
  const reason = v.reason ?? "";
  if (reason !== "" && !REASON_CODE_RE.test(reason)) throw new PluginContractError(`reason must match ${REASON_CODE_RE}`);
  if (!v.accepted && reason === "") throw new PluginContractError("a veto needs a reason code");
  return { accepted: v.accepted, reason, detail: truncateUtf8(v.detail ?? "", MAX_DETAIL_BYTES) };
}

export const EVENT_NAME_RE = /^[a-z][a-z0-9_]{0,47}$/;
