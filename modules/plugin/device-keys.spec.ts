import { createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
import { KeyType, importDevicePublicKey, verifyDeviceSignature } from "./device-keys";

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
      expect(verifyDeviceSignature(KeyType.ED25519, pub, message, sig)).toBe(expected === true);
    }
  });
});
