/**
 * Canonical sign bytes: the single definition shared by the chain (verification) and device SDKs
 * (signing). Never re-implement these layouts elsewhere; import them.
 *
 * Notation: `lp(x)` = u32 big-endian byte length of x, then x (strings are UTF-8).
 * `u64(n)` / `i64(n)` = 8-byte big-endian unsigned / two's-complement signed integers.
 *
 * Proof (domain "fieldnet/proof/v1"):
 *   lp("fieldnet/proof/v1") || lp(chainId) || lp(deviceId) || u64(sequence) || i64(timestampMs)
 *   || sha256(payload)                                      (32 bytes, payload = canonical JSON bytes)
 *
 * Registration (domain "fieldnet/register/v1"):
 *   lp("fieldnet/register/v1") || lp(chainId) || lp(owner) || lp(networkType) || u64(deviceNonce)
 *
 * The device signs these bytes as specified per key type in device-keys.ts (Ed25519 signs them
 * directly; secp256k1 signs sha256 of them). The domain string keeps a signature for one purpose
 * from ever being valid for another; chainId keeps it from being replayed on another chain.
 */
import { concat, i64be, lengthPrefixed, sha256, u64be } from "./bytes";

export const PROOF_SIGN_DOMAIN = "fieldnet/proof/v1";
export const REGISTRATION_SIGN_DOMAIN = "fieldnet/register/v1";

export interface ProofSignInput {
  readonly chainId: string;
  readonly deviceId: string;
  /** u64 */
  readonly sequence: bigint;
  /** unix milliseconds, i64 */
  readonly timestamp: bigint;
  /** canonical JSON payload bytes */
  readonly payload: Uint8Array;
}

export interface RegistrationSignInput {
  readonly chainId: string;
  /** bech32 owner address */
  readonly owner: string;
  readonly networkType: string;
  /** u64 */
  readonly deviceNonce: bigint;
}

function nonEmpty(name: string, v: string): void {
  if (v.length === 0) throw new RangeError(`${name} must not be empty`);
}

export function proofSignBytes(p: ProofSignInput): Uint8Array {
  nonEmpty("chainId", p.chainId);
  nonEmpty("deviceId", p.deviceId);
  return concat(
    lengthPrefixed(PROOF_SIGN_DOMAIN),
    lengthPrefixed(p.chainId),
    lengthPrefixed(p.deviceId),
    u64be(p.sequence),
    i64be(p.timestamp),
    sha256(p.payload),
  );
}

export function registrationSignBytes(r: RegistrationSignInput): Uint8Array {
  nonEmpty("chainId", r.chainId);
  nonEmpty("owner", r.owner);
  nonEmpty("networkType", r.networkType);
  return concat(
    lengthPrefixed(REGISTRATION_SIGN_DOMAIN),
    lengthPrefixed(r.chainId),
    lengthPrefixed(r.owner),
    lengthPrefixed(r.networkType),
    u64be(r.deviceNonce),
  );
}
