import { createPublicKey, generateKeyPairSync, randomBytes, sign, verify } from "node:crypto";
import {
  assertValidPubKey,
  DeviceKeyError,
  isSmallOrderEd25519Key,
  KeyType,
  importDevicePublicKey,
  SMALL_ORDER_ED25519_KEYS,
  verifyDeviceSignature,
  verifyDeviceSignatureAsync,
} from "./device-keys";
import { secp256k1SForms } from "./secp256k1-s-forms";

const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

function derImport(pub: Uint8Array) {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, pub]), format: "der", type: "spki" });
}

describe("importDevicePublicKey (ed25519 as JWK)", () => {
  it("gives the same verdicts as the DER import, for good, tampered and odd keys", () => {
    const message = Buffer.from("fieldnet device-keys spec");
    const cases: { pub: Uint8Array; sig: Uint8Array }[] = [];
    for (let i = 0; i < 20; i++) {
      const { publicKey, privateKey } = generateKeyPairSync("ed25519");
      const pub = publicKey.export({ format: "der", type: "spki" }).subarray(12);
      const sig = sign(null, message, privateKey);
      cases.push({ pub, sig });
      const tampered = Buffer.from(sig);
      tampered[i % 64] ^= 1;
      cases.push({ pub, sig: tampered });
    }
    // Odd public keys: all zeros, the identity point, all 0xff (non-canonical y), a low-order point.
    const oddKeys = ["00".repeat(32), "01" + "00".repeat(31), "ff".repeat(32), "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"];
    for (const hex of oddKeys) cases.push({ pub: Buffer.from(hex, "hex"), sig: Buffer.alloc(64, 0) });
    for (const { pub, sig } of cases) {
      let expected: boolean | "throws";
      try {
        expected = verify(null, message, derImport(pub), sig);
      } catch {
        expected = "throws";
      }
      let actual: boolean | "throws";
      try {
        actual = verify(null, message, importDevicePublicKey(KeyType.ED25519, pub), sig);
      } catch {
        actual = "throws";
      }
      expect(actual).toBe(expected);
      expect(verifyDeviceSignature(KeyType.ED25519, pub, message, sig)).toBe(expected === true && !isSmallOrderEd25519Key(pub));
    }
  });
});

describe("small-order ed25519 keys", () => {
  // R = the identity point, S = 0: OpenSSL accepts it for every message under the identity key,
  // and for a quarter to an eighth of messages under the other small-order keys.
  const forged = Buffer.concat([Buffer.from("01" + "00".repeat(31), "hex"), Buffer.alloc(32)]);
  const variants = SMALL_ORDER_ED25519_KEYS.flatMap((hex) => {
    const withSign = Buffer.from(hex, "hex");
    withSign[31] |= 0x80;
    return [Buffer.from(hex, "hex"), withSign];
  });

  it("are what OpenSSL lets a keyless signature pass for", () => {
    const identity = importDevicePublicKey(KeyType.ED25519, Buffer.from(SMALL_ORDER_ED25519_KEYS[1], "hex"));
    for (let i = 0; i < 20; i++) expect(verify(null, randomBytes(40), identity, forged)).toBe(true);
  });

  it("are refused as malformed, and no signature verifies for them", () => {
    expect(variants).toHaveLength(14);
    for (const pub of variants) {
      expect(isSmallOrderEd25519Key(pub)).toBe(true);
      expect(() => assertValidPubKey(KeyType.ED25519, pub)).toThrow(DeviceKeyError);
      for (let i = 0; i < 20; i++) expect(verifyDeviceSignature(KeyType.ED25519, pub, randomBytes(40), forged)).toBe(false);
    }
  });

  it("does not catch generated keys", () => {
    for (let i = 0; i < 50; i++) {
      const pub = generateKeyPairSync("ed25519").publicKey.export({ format: "der", type: "spki" }).subarray(12);
      expect(isSmallOrderEd25519Key(pub)).toBe(false);
      expect(() => assertValidPubKey(KeyType.ED25519, pub)).not.toThrow();
    }
  });
});

describe("verifyDeviceSignatureAsync (the thread-pool form)", () => {
  const message = Buffer.from("fieldnet async device signature");
  const flipped = (sig: Uint8Array) => Buffer.from(sig).fill(sig[5] ^ 1, 5, 6);

  function secp256k1Case(): { pub: Buffer; lowS: Buffer; highS: Buffer } {
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
    const jwk = publicKey.export({ format: "jwk" });
    const y = Buffer.from(jwk.y!, "base64url");
    const pub = Buffer.concat([Buffer.from([y[31] & 1 ? 3 : 2]), Buffer.from(jwk.x!, "base64url")]);
    const sig = sign("sha256", message, { key: privateKey, dsaEncoding: "ieee-p1363" });
    return { pub, ...secp256k1SForms(sig) };
  }

  it("gives the synchronous verdict in every case, true only for the good signatures", async () => {
    const ed = generateKeyPairSync("ed25519");
    const edPub = ed.publicKey.export({ format: "der", type: "spki" }).subarray(12);
    const edSig = sign(null, message, ed.privateKey);
    const secp = secp256k1Case();
    const identity = Buffer.from(SMALL_ORDER_ED25519_KEYS.find((hex) => hex.startsWith("01"))!, "hex");
    const cases: Array<{ name: string; keyType: number; pub: Uint8Array; sig: Uint8Array; expected: boolean }> = [
      { name: "ed25519 good", keyType: KeyType.ED25519, pub: edPub, sig: edSig, expected: true },
      { name: "ed25519 tampered", keyType: KeyType.ED25519, pub: edPub, sig: flipped(edSig), expected: false },
      { name: "ed25519 short signature", keyType: KeyType.ED25519, pub: edPub, sig: edSig.subarray(0, 63), expected: false },
      { name: "small-order key, keyless forgery", keyType: KeyType.ED25519, pub: identity, sig: Buffer.concat([identity, Buffer.alloc(32)]), expected: false },
      { name: "secp256k1 low-S", keyType: KeyType.SECP256K1, pub: secp.pub, sig: secp.lowS, expected: true },
      { name: "secp256k1 high-S", keyType: KeyType.SECP256K1, pub: secp.pub, sig: secp.highS, expected: false },
      { name: "secp256k1 tampered", keyType: KeyType.SECP256K1, pub: secp.pub, sig: flipped(secp.lowS), expected: false },
      { name: "unknown key type", keyType: 99, pub: edPub, sig: edSig, expected: false },
    ];
    for (const c of cases) {
      expect([c.name, verifyDeviceSignature(c.keyType, c.pub, message, c.sig)]).toEqual([c.name, c.expected]);
      expect([c.name, await verifyDeviceSignatureAsync(c.keyType, c.pub, message, c.sig)]).toEqual([c.name, c.expected]);
    }
  });
});
