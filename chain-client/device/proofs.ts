/**
 * Signing proofs and registrations with the chain's ONE canonical sign-bytes definition
 * (modules/plugin/sign-bytes.ts, imported, not re-implemented), plus the JSON wire form devices
 * POST to a gateway.
 */
import type { Proof } from "../../generated/depin/proofs/v1/types";
import { proofSignBytes, registrationSignBytes } from "../../modules/plugin/sign-bytes";
import { FieldnetValidationError } from "../errors";
import type { DeviceKey } from "./keys";

export interface ProofInput {
  readonly chainId: string;
  readonly sequence: bigint | number;
  /** Device clock, unix ms (default: now). */
  readonly timestampMs?: bigint | number;
  /** Canonical JSON payload bytes (use the `payloads` builders). */
  readonly payload: Uint8Array;
  /** Optional network type hint (not signed; can only make a proof fail). */
  readonly networkType?: string;
}

/** Signs one proof; returns the protobuf Proof ready for MsgSubmitProofs. */
export function signProof(key: DeviceKey, input: ProofInput): Proof {
  const sequence = BigInt(input.sequence);
  const timestampMs = BigInt(input.timestampMs ?? Date.now());
  const signature = key.sign(proofSignBytes({ chainId: input.chainId, deviceId: key.id, sequence, timestamp: timestampMs, payload: input.payload }));
  return { deviceId: key.id, sequence, timestampMs, payload: input.payload, signature, networkType: input.networkType ?? "" };
}

/** The device's consent signature for MsgRegisterDevice (registrationSignBytes). */
export function signRegistration(key: DeviceKey, input: { chainId: string; owner: string; networkType: string; deviceNonce: bigint | number }): Uint8Array {
  return key.sign(registrationSignBytes({ chainId: input.chainId, owner: input.owner, networkType: input.networkType, deviceNonce: BigInt(input.deviceNonce) }));
}

/** A proof as JSON (what devices POST to `/v1/proofs`): integers as decimal strings, bytes as base64. */
export interface ProofJson {
  readonly deviceId: string;
  readonly sequence: string;
  readonly timestampMs: string;
  /** base64 of the canonical JSON payload bytes (exactly the signed bytes). */
  readonly payload: string;
  /** base64, 64 bytes. */
  readonly signature: string;
  readonly networkType?: string;
}

export function proofToJson(p: Proof): ProofJson {
  return {
    deviceId: p.deviceId,
    sequence: p.sequence.toString(),
    timestampMs: p.timestampMs.toString(),
    payload: Buffer.from(p.payload).toString("base64"),
    signature: Buffer.from(p.signature).toString("base64"),
    ...(p.networkType ? { networkType: p.networkType } : {}),
  };
}

const U64_MAX = (1n << 64n) - 1n;

function int(field: string, v: unknown, min: bigint, max: bigint): bigint {
  if ((typeof v !== "string" || !/^-?[0-9]{1,20}$/.test(v)) && !(typeof v === "number" && Number.isSafeInteger(v))) {
    throw new FieldnetValidationError(`${field} must be an integer (a decimal string or a safe integer)`, "MALFORMED");
  }
  const n = BigInt(v as string | number);
  if (n < min || n > max) throw new FieldnetValidationError(`${field} is out of range`, "MALFORMED");
  return n;
}

function b64(field: string, v: unknown): Uint8Array {
  if (typeof v !== "string" || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(v)) throw new FieldnetValidationError(`${field} must be a base64 string`, "MALFORMED");
  return new Uint8Array(Buffer.from(v, "base64"));
}

/** Parses the wire form; throws FieldnetValidationError (reason MALFORMED) naming the bad field. */
export function proofFromJson(value: unknown): Proof {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new FieldnetValidationError("a proof must be a JSON object", "MALFORMED");
  const v = value as Record<string, unknown>;
  if (typeof v.deviceId !== "string" || !/^[0-9a-f]{40}$/.test(v.deviceId)) throw new FieldnetValidationError("deviceId must be 40 lowercase hex characters", "MALFORMED");
  const signature = b64("signature", v.signature);
  if (signature.length !== 64) throw new FieldnetValidationError(`signature must be 64 bytes, got ${signature.length}`, "MALFORMED");
  if (v.networkType !== undefined && typeof v.networkType !== "string") throw new FieldnetValidationError("networkType must be a string", "MALFORMED");
  return {
    deviceId: v.deviceId,
    sequence: int("sequence", v.sequence, 1n, U64_MAX),
    timestampMs: int("timestampMs", v.timestampMs, 0n, (1n << 63n) - 1n),
    payload: b64("payload", v.payload),
    signature,
    networkType: (v.networkType as string | undefined) ?? "",
  };
}
