/**
 * Device keys on node:crypto: generate, import, export; sign arbitrary sign bytes.
 * Ed25519 (default) signs the bytes directly; secp256k1 signs sha256(bytes) as 64-byte low-S r||s,
 * exactly what modules/plugin/device-keys.ts `verifyDeviceSignature` accepts. Ids come from the
 * plugin API's `deviceIdFromPubKey` (no second implementation here).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { KeyType, deviceIdFromPubKey } from "../../modules/plugin/device-keys";
import { FieldnetValidationError } from "../errors";

export { KeyType };
export type DeviceKeyTypeName = "ed25519" | "secp256k1";

const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SEC1_SECP256K1_PREFIX = Buffer.from("302e0201010420", "hex");
const SEC1_SECP256K1_SUFFIX = Buffer.from("a00706052b8104000a", "hex");
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * Fresh keys are read from the generator's DER output, never by exporting the KeyObject that
 * generateKeyPairSync returns: on Node 20 a JWK export of such a key deadlocks when the GC collects
 * the key's generation job during the export (both take the key's mutex). Reproduced here: a loop
 * of generate + JWK export hangs after ~200 secp256k1 keys, and for ed25519 under GC pressure; the
 * gateway bench once hung for good that way. Keys built from these bytes have no generation job.
 */
function generateSecp256k1Scalar(): Uint8Array {
  const sec1 = generateKeyPairSync("ec", { namedCurve: "secp256k1", privateKeyEncoding: { type: "sec1", format: "der" }, publicKeyEncoding: { type: "spki", format: "der" } }).privateKey;
  // ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING (32) d, ... }: d starts at byte 7.
  if (sec1[5] !== 0x04 || sec1[6] !== 0x20) throw new Error("unexpected SEC1 encoding from OpenSSL");
  return new Uint8Array(sec1.subarray(7, 39));
}

/** What `DeviceKey.export()` writes: hex keys, the type by name, the derived id. */
export interface ExportedDeviceKey {
  readonly keyType: DeviceKeyTypeName;
  /** 32-byte private key (ed25519 seed or secp256k1 scalar), hex. Keep it secret. */
  readonly privateKey: string;
  /** 32-byte ed25519 key or 33-byte compressed secp256k1 point, hex. */
  readonly publicKey: string;
  readonly deviceId: string;
}

export function keyTypeFromName(name: string): KeyType {
  if (name === "ed25519") return KeyType.ED25519;
  if (name === "secp256k1") return KeyType.SECP256K1;
  throw new FieldnetValidationError(`unknown key type "${name}": use ed25519 or secp256k1`, "BAD_KEY");
}

export function keyTypeName(keyType: number): DeviceKeyTypeName {
  if (keyType === KeyType.ED25519) return "ed25519";
  if (keyType === KeyType.SECP256K1) return "secp256k1";
  throw new FieldnetValidationError(`unknown key type ${keyType}`, "BAD_KEY");
}

function b64url(b: string): Buffer {
  return Buffer.from(b, "base64url");
}

export class DeviceKey {
  readonly id: string;

  private constructor(
    readonly keyType: KeyType,
    private readonly privateKey: KeyObject,
    private readonly secret: Uint8Array,
    readonly pubkey: Uint8Array,
  ) {
    this.id = deviceIdFromPubKey(keyType, pubkey);
  }

  /** A fresh random key (ed25519 unless asked otherwise). */
  static generate(type: DeviceKeyTypeName = "ed25519"): DeviceKey {
    if (type === "ed25519") {
      // Both halves come out of the generator, so the key imports as JWK (~10x cheaper than PKCS#8 DER).
      const { privateKey: pkcs8, publicKey: spki } = generateKeyPairSync("ed25519", { privateKeyEncoding: { type: "pkcs8", format: "der" }, publicKeyEncoding: { type: "spki", format: "der" } });
      const seed = new Uint8Array(pkcs8.subarray(PKCS8_ED25519_PREFIX.length));
      const pubkey = new Uint8Array(spki.subarray(spki.length - 32));
      const key = createPrivateKey({ key: { kty: "OKP", crv: "Ed25519", d: Buffer.from(seed).toString("base64url"), x: Buffer.from(pubkey).toString("base64url") }, format: "jwk" });
      return new DeviceKey(KeyType.ED25519, key, seed, pubkey);
    }
    return DeviceKey.fromPrivateKey(type, generateSecp256k1Scalar());
  }

  /** Imports a 32-byte private key (ed25519 seed or secp256k1 scalar). */
  static fromPrivateKey(type: DeviceKeyTypeName, privateKey: Uint8Array): DeviceKey {
    if (privateKey.length !== 32) throw new FieldnetValidationError(`${type} private key must be 32 bytes, got ${privateKey.length}`, "BAD_KEY");
    try {
      if (type === "ed25519") {
        return DeviceKey.fromKeyObject(KeyType.ED25519, createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, privateKey]), format: "der", type: "pkcs8" }));
      }
      const der = Buffer.concat([SEC1_SECP256K1_PREFIX, privateKey, SEC1_SECP256K1_SUFFIX]);
      return DeviceKey.fromKeyObject(KeyType.SECP256K1, createPrivateKey({ key: der, format: "der", type: "sec1" }));
    } catch (error) {
      if (error instanceof FieldnetValidationError) throw error;
      throw new FieldnetValidationError(`not a valid ${type} private key: ${(error as Error).message}`, "BAD_KEY");
    }
  }

  /** Imports what `export()` produced (the public key and id are checked against the private key). */
  static import(exported: ExportedDeviceKey): DeviceKey {
    const key = DeviceKey.fromPrivateKey(exported.keyType, Buffer.from(exported.privateKey, "hex"));
    if (exported.publicKey && exported.publicKey !== Buffer.from(key.pubkey).toString("hex")) {
      throw new FieldnetValidationError("the exported public key does not match the private key: the file is corrupt", "BAD_KEY");
    }
    if (exported.deviceId && exported.deviceId !== key.id) throw new FieldnetValidationError("the exported device id does not match the key", "BAD_KEY");
    return key;
  }

  private static fromKeyObject(keyType: KeyType, privateKey: KeyObject): DeviceKey {
    const jwk = privateKey.export({ format: "jwk" });
    const secret = new Uint8Array(b64url(jwk.d!));
    if (keyType === KeyType.ED25519) return new DeviceKey(keyType, privateKey, secret, new Uint8Array(b64url(jwk.x!)));
    const pub = createPublicKey(privateKey).export({ format: "jwk" });
    const y = b64url(pub.y!);
    const compressed = new Uint8Array(33);
    compressed[0] = (y[31] & 1) === 1 ? 3 : 2;
    compressed.set(b64url(pub.x!), 1);
    return new DeviceKey(keyType, privateKey, secret, compressed);
  }

  get keyTypeName(): DeviceKeyTypeName {
    return keyTypeName(this.keyType);
  }

  /** Signs canonical sign bytes (from proofSignBytes / registrationSignBytes). 64 bytes for both key types. */
  sign(signBytes: Uint8Array): Uint8Array {
    if (this.keyType === KeyType.ED25519) return new Uint8Array(sign(null, signBytes, this.privateKey));
    const sig = new Uint8Array(sign("sha256", signBytes, { key: this.privateKey, dsaEncoding: "ieee-p1363" }));
    const s = BigInt("0x" + Buffer.from(sig.subarray(32)).toString("hex"));
    if (s > SECP256K1_N >> 1n) sig.set(Buffer.from((SECP256K1_N - s).toString(16).padStart(64, "0"), "hex"), 32);
    return sig;
  }

  export(): ExportedDeviceKey {
    return {
      keyType: this.keyTypeName,
      privateKey: Buffer.from(this.secret).toString("hex"),
      publicKey: Buffer.from(this.pubkey).toString("hex"),
      deviceId: this.id,
    };
  }
}
