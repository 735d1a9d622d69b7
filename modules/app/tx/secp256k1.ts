/**
 * secp256k1 signature verification on node:crypto (OpenSSL, native): ~5x a pure-JS curve here.
 * Importing a key costs about as much as a verification, so KeyObjects are cached per pubkey (a
 * cache of its own, sized for accounts, beside device-keys.ts's for devices). The rules (compressed
 * key, 64-byte r||s, low S) are device-keys.ts's, so the chain, its signature worker and devices
 * share one definition.
 */
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { LazyLruCache } from "../lazy-lru";
import { KeyType, passesDeviceSignaturePrechecks, SECP256K1_SPKI_PREFIX_HEX } from "../../plugin/device-keys";

const SPKI_PREFIX = Buffer.from(SECP256K1_SPKI_PREFIX_HEX, "hex");

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
  if (!passesDeviceSignaturePrechecks(KeyType.SECP256K1, pubkey, signature)) return false;
  try {
    return verify("sha256", message, { key: keyObject(pubkey), dsaEncoding: "ieee-p1363" }, signature);
  } catch {
    return false;
  }
}
