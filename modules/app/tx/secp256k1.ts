/**
 * secp256k1 signature verification on node:crypto (OpenSSL, native): ~5x a pure-JS curve here.
 * Importing a key costs about as much as a verification, so KeyObjects are cached per pubkey.
 */
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { LazyLruCache } from "../lazy-lru";

// DER SubjectPublicKeyInfo header for an id-ecPublicKey on secp256k1 with a 33-byte compressed point.
const SPKI_PREFIX = Buffer.from("3036301006072a8648ce3d020106052b8104000a032200", "hex");
// Half the curve order: the SDK accepts only low-S signatures (no malleated duplicates).
const HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

const keyCache = new LazyLruCache<string, KeyObject>({ max: 50_000 });

export function isCompressedSecp256k1PubKey(pubkey: Uint8Array): boolean {
  return pubkey.length === 33 && (pubkey[0] === 0x02 || pubkey[0] === 0x03);
}

function keyObject(pubkey: Uint8Array): KeyObject {
  const id = Buffer.from(pubkey).toString("latin1");
  let key = keyCache.get(id);
  if (!key) {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, pubkey]), format: "der", type: "spki" });
    keyCache.set(id, key);
  }
  return key;
}

/**
 * Verifies a Cosmos secp256k1 signature (64-byte r||s, low-S) over sha256(message).
 * Returns false for any malformed input rather than throwing.
 */
export function verifySecp256k1(pubkey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!isCompressedSecp256k1PubKey(pubkey) || signature.length !== 64) return false;
  const s = BigInt("0x" + Buffer.from(signature.subarray(32)).toString("hex"));
  if (s > HALF_ORDER || s === 0n) return false;
  try {
    return verify("sha256", message, { key: keyObject(pubkey), dsaEncoding: "ieee-p1363" }, signature);
  } catch {
    return false;
  }
}
