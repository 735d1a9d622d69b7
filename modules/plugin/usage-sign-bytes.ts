/**
 * Canonical sign bytes of a usage receipt: the single definition shared by the chain (payments
 * module verification), device SDKs and user wallets (signing). Same notation as sign-bytes.ts:
 * `lp(x)` = u32 big-endian byte length of x, then x (strings UTF-8); `u64` / `i64` = 8-byte
 * big-endian unsigned / two's-complement signed integers.
 *
 * Usage receipt (domain "fieldnet/usage/v1"):
 *   lp("fieldnet/usage/v1") || lp(chainId) || lp(deviceId) || lp(user) || lp(payer)
 *   || u64(sequence) || i64(periodStartMs) || i64(periodEndMs) || u64(maxCredits)
 *   || sha256(payload)                               (32 bytes, payload = canonical JSON bytes)
 *
 * `payer` is "" when the user pays (lp("") = 00000000). Both parties sign these same bytes:
 * - the device with its registered key, as for proofs (device-keys.ts: Ed25519 over the bytes,
 *   secp256k1 over sha256 of them);
 * - the user with its Cosmos account key: secp256k1 ECDSA over sha256(bytes), 64-byte r || s,
 *   low-S (exactly how the SDK's secp256k1 signs a SignDoc), pubkey = 33-byte compressed point
 *   whose Cosmos address (ripemd160(sha256(pubkey))) must be `user`.
 * The domain keeps a receipt signature from being valid as a proof or registration (and vice
 * versa); chainId keeps it from being replayed on another chain; the payer, the period and the
 * credit cap are signed, so a submitter can change none of them.
 */
import { concat, i64be, lengthPrefixed, sha256, u64be } from "./bytes";

export const USAGE_SIGN_DOMAIN = "fieldnet/usage/v1";

export interface UsageSignInput {
  readonly chainId: string;
  readonly deviceId: string;
  /** bech32 account that received the service */
  readonly user: string;
  /** bech32 account whose credits pay, "" = the user */
  readonly payer: string;
  /** u64, per device, strictly increasing */
  readonly sequence: bigint;
  /** unix milliseconds, i64 */
  readonly periodStartMs: bigint;
  readonly periodEndMs: bigint;
  /** u64, most credits the user agrees to pay for this receipt (0 = no cap) */
  readonly maxCredits: bigint;
  /** canonical JSON usage payload bytes */
  readonly payload: Uint8Array;
}

const DOMAIN_LP = lengthPrefixed(USAGE_SIGN_DOMAIN);

export function usageSignBytes(r: UsageSignInput): Uint8Array {
  for (const [name, v] of [["chainId", r.chainId], ["deviceId", r.deviceId], ["user", r.user]] as const) {
    if (v.length === 0) throw new RangeError(`${name} must not be empty`);
  }
  const parts = [
    DOMAIN_LP,
    lengthPrefixed(r.chainId),
    lengthPrefixed(r.deviceId),
    lengthPrefixed(r.user),
    lengthPrefixed(r.payer),
    u64be(r.sequence),
    i64be(r.periodStartMs),
    i64be(r.periodEndMs),
    u64be(r.maxCredits),
    sha256(r.payload),
  ];
  return concat(...parts);
}
