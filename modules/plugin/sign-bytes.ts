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
import { hash } from "node:crypto";
import { copyLatin1Into } from "../store/bytes";
import { checkI64, checkU64, concat, lengthPrefixed, u64be, utf8, writeU32BE, writeU64BE } from "./bytes";

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

const PROOF_DOMAIN_LP = lengthPrefixed(PROOF_SIGN_DOMAIN);
// lp(chainId) of the last chain id seen (a node signs/verifies for one chain).
let lastChainId = "";
let lastChainIdLp: Uint8Array = new Uint8Array();

export function proofSignBytes(p: ProofSignInput): Uint8Array {
  nonEmpty("chainId", p.chainId);
  nonEmpty("deviceId", p.deviceId);
  // The layout in the module comment, written into one buffer (same bytes as concat of the parts).
  if (p.chainId !== lastChainId) {
    lastChainIdLp = lengthPrefixed(p.chainId);
    lastChainId = p.chainId;
  }
  const chain = lastChainIdLp;
  const device = utf8(p.deviceId);
  const sequence = checkU64(p.sequence);
  const timestamp = checkI64(p.timestamp);
  // Verified for every proof a node receives: one allocation for the bytes, a one-shot digest as a
  // latin1 string ("binary"; a Buffer digest would be a second ArrayBuffer, with its own malloc and free).
  const digest = hash("sha256", p.payload, "binary");
  const out = new Uint8Array(PROOF_DOMAIN_LP.length + chain.length + 4 + device.length + 8 + 8 + digest.length);
  let o = 0;
  out.set(PROOF_DOMAIN_LP, o);
  o += PROOF_DOMAIN_LP.length;
  out.set(chain, o);
  o += chain.length;
  writeU32BE(out, o, device.length);
  out.set(device, o + 4);
  o += 4 + device.length;
  writeU64BE(out, o, sequence);
  writeU64BE(out, o + 8, timestamp);
  copyLatin1Into(out, o + 16, digest);
  return out;
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
