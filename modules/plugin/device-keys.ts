/**
 * Device keys: id derivation and signature verification (node:crypto, cached KeyObjects).
 *
 * Key types (numeric values equal depin.registry.v1.KeyType):
 * - ED25519 (1): pubkey = 32 raw bytes; signature = 64 bytes, Ed25519 (RFC 8032, pure) over the
 *   sign bytes.
 * - SECP256K1 (2): pubkey = 33-byte compressed SEC1 point (0x02/0x03 || X); signature = 64 bytes
 *   r || s (IEEE P1363) of ECDSA over sha256(sign bytes); s must be low (s <= n/2), as in the
 *   Cosmos SDK, so signatures are not malleable.
 *
 * Device id = lowercase hex of sha256([keyType byte] || pubkey)[0..20] (40 hex characters).
 * The key-type byte separates the id spaces of the two schemes.
 */
import { KeyObject, createPublicKey, verify as cryptoVerify } from "node:crypto";
import { LRUCache } from "lru-cache";
import { sha256, toHex } from "./bytes";

export const KeyType = { ED25519: 1, SECP256K1: 2 } as const;
export type KeyType = (typeof KeyType)[keyof typeof KeyType];

export const DEVICE_ID_BYTES = 20;

/** secp256k1 group order n and n/2. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const SECP256K1_HALF_N = SECP256K1_N >> 1n;

// DER SubjectPublicKeyInfo prefixes for raw keys.
// secp256k1: SEQ { SEQ { OID ecPublicKey, OID secp256k1 } BIT STRING (34 bytes: 0x00 || 33-byte point) }
export const SECP256K1_SPKI_PREFIX_HEX = "3036301006072a8648ce3d020106052b8104000a032200";
const SECP256K1_SPKI_PREFIX = Buffer.from(SECP256K1_SPKI_PREFIX_HEX, "hex");

/**
 * Ed25519 public keys that are points of small order (order 1, 2, 4 or 8: libsodium's blocklist,
 * compared with the sign bit cleared, which also catches the non-canonical encodings of y = 0 and
 * y = 1). No private key stands behind them, yet OpenSSL's verification accepts signatures for
 * them: for the identity (01 00..00) one fixed signature verifies every message, for the others a
 * fixed signature verifies a quarter to an eighth of all messages. Registering such a key would be
 * a device whose proofs anyone can forge, so they are refused as malformed.
 */
export const SMALL_ORDER_ED25519_KEYS: readonly string[] = [
  "0000000000000000000000000000000000000000000000000000000000000000",
  "0100000000000000000000000000000000000000000000000000000000000000",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
];
const SMALL_ORDER_BYTES = SMALL_ORDER_ED25519_KEYS.map((hex) => Buffer.from(hex, "hex"));

/**
 * Whether a 32-byte ed25519 public key is a point of small order (see SMALL_ORDER_ED25519_KEYS).
 * Runs before every verification: compared in place, the first byte rejecting almost every key.
 */
export function isSmallOrderEd25519Key(pubkey: Uint8Array): boolean {
  if (pubkey.length !== 32) return false;
  return SMALL_ORDER_BYTES.some((small) => {
    for (let i = 0; i < 31; i++) if (small[i] !== pubkey[i]) return false;
    return small[31] === (pubkey[31] & 0x7f);
  });
}

export class DeviceKeyError extends Error {
  override readonly name = "DeviceKeyError";
}

export function isKeyType(v: number): v is KeyType {
  return v === KeyType.ED25519 || v === KeyType.SECP256K1;
}

/** Throws DeviceKeyError when the key type is unknown or the pubkey has the wrong shape. */
export function assertValidPubKey(keyType: number, pubkey: Uint8Array): asserts keyType is KeyType {
  if (keyType === KeyType.ED25519) {
    if (pubkey.length !== 32) throw new DeviceKeyError(`ed25519 pubkey must be 32 bytes, got ${pubkey.length}`);
    if (isSmallOrderEd25519Key(pubkey)) throw new DeviceKeyError("ed25519 pubkey is a point of small order, which no private key stands behind: generate the device key with a real ed25519 key generator");
  } else if (keyType === KeyType.SECP256K1) {
    if (pubkey.length !== 33 || (pubkey[0] !== 2 && pubkey[0] !== 3)) {
      throw new DeviceKeyError("secp256k1 pubkey must be a 33-byte compressed point (0x02/0x03 prefix)");
    }
  } else {
    throw new DeviceKeyError(`unknown key type ${keyType}`);
  }
}

export function deviceIdFromPubKey(keyType: number, pubkey: Uint8Array): string {
  assertValidPubKey(keyType, pubkey);
  return toHex(sha256(Uint8Array.of(keyType), pubkey).subarray(0, DEVICE_ID_BYTES));
}

export function isDeviceId(s: string): boolean {
  return /^[0-9a-f]{40}$/.test(s);
}

/**
 * A node:crypto KeyObject for a raw device public key (throws on a key OpenSSL refuses).
 * Ed25519 keys are imported as JWK: ~12 µs here, against ~155 µs for the same key as DER/SPKI
 * (OpenSSL 3's decoder framework), more than a verification costs (~150 µs). secp256k1 has no
 * cheaper route in Node 20 (JWK needs the y coordinate; DER ~280 µs), so it stays DER.
 */
export function importDevicePublicKey(keyType: KeyType, pubkey: Uint8Array): KeyObject {
  if (keyType === KeyType.ED25519) {
    return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(pubkey.buffer, pubkey.byteOffset, pubkey.byteLength).toString("base64url") }, format: "jwk" });
  }
  return createPublicKey({ key: Buffer.concat([SECP256K1_SPKI_PREFIX, pubkey]), format: "der", type: "spki" });
}

// Cached KeyObjects: proof verification is the hot path, and even a cheap import is work.
// `{ invalid: true }` caches keys that failed to import (invalid points), so junk keys are also cheap.
const keyCache = new LRUCache<string, KeyObject | { invalid: true }>({ max: 10_000 });

function keyObject(keyType: KeyType, pubkey: Uint8Array): KeyObject | undefined {
  const cacheKey = `${keyType}:${toHex(pubkey)}`;
  const hit = keyCache.get(cacheKey);
  if (hit !== undefined) return hit instanceof KeyObject ? hit : undefined;
  let ko: KeyObject | { invalid: true };
  try {
    ko = importDevicePublicKey(keyType, pubkey);
  } catch {
    ko = { invalid: true };
  }
  keyCache.set(cacheKey, ko);
  return ko instanceof KeyObject ? ko : undefined;
}

/** node:crypto's verify arguments for one device signature, or undefined when it is refused outright. */
interface PreparedCheck {
  readonly algorithm: "sha256" | null;
  readonly key: KeyObject | { key: KeyObject; dsaEncoding: "ieee-p1363" };
}

/**
 * The checks every device signature passes before any curve arithmetic: a known key type, a
 * well-formed key (not a small-order ed25519 point), a 64-byte signature and, for secp256k1, a
 * low-S one. False means the signature is refused whatever the crypto would say; true means only
 * node:crypto's verification is left. Exported for verifiers that run the crypto elsewhere (the
 * chain's signature worker), so the rules live here only.
 */
export function passesDeviceSignaturePrechecks(keyType: number, pubkey: Uint8Array, signature: Uint8Array): keyType is KeyType {
  try {
    assertValidPubKey(keyType, pubkey);
  } catch {
    return false;
  }
  if (signature.length !== 64) return false;
  if (keyType === KeyType.ED25519) return true;
  const s = BigInt("0x" + toHex(signature.subarray(32)));
  return s !== 0n && s <= SECP256K1_HALF_N;
}

function prepareCheck(keyType: number, pubkey: Uint8Array, signature: Uint8Array): PreparedCheck | undefined {
  if (!passesDeviceSignaturePrechecks(keyType, pubkey, signature)) return undefined;
  const key = keyObject(keyType, pubkey);
  if (!key) return undefined;
  if (keyType === KeyType.ED25519) return { algorithm: null, key };
  return { algorithm: "sha256", key: { key, dsaEncoding: "ieee-p1363" } };
}

/**
 * Verify a device signature over `message` (the sign bytes). Returns false (never throws) for a
 * bad signature, a malformed or off-curve key, a high-S secp256k1 signature or an unknown key type.
 */
export function verifyDeviceSignature(keyType: number, pubkey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const check = prepareCheck(keyType, pubkey, signature);
  if (!check) return false;
  try {
    return cryptoVerify(check.algorithm, message, check.key, signature);
  } catch {
    return false;
  }
}

/**
 * verifyDeviceSignature on libuv's thread pool (node:crypto's callback form): the same checks and
 * verdicts, without holding the event loop for the curve arithmetic (~150 µs per ed25519
 * signature here). For services that check signatures beside other work, such as the gateway's
 * door; the chain's own checks stay synchronous.
 */
export function verifyDeviceSignatureAsync(keyType: number, pubkey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const check = prepareCheck(keyType, pubkey, signature);
  if (!check) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      cryptoVerify(check.algorithm, message, check.key, signature, (error, ok) => resolve(error === null && ok));
    } catch {
      resolve(false);
    }
  });
}

/** For tests and tooling: number of cached keys. */
export function deviceKeyCacheSize(): number {
  return keyCache.size;
}

