import { createHash, createPrivateKey, generateKeyPairSync, sign } from "node:crypto";
import { canonicalJsonBytes } from "./canonical-json";
import { fromHex, toHex } from "./bytes";
import { proofSignBytes, registrationSignBytes } from "./sign-bytes";
import { KeyType, deviceIdFromPubKey, isDeviceId, verifyDeviceSignature, DeviceKeyError } from "./device-keys";
import { KeyType as ProtoKeyType } from "../../generated/depin/registry/v1/types";

// Test vectors: device SDKs in other languages must reproduce these bytes exactly.
const PROOF_INPUT = {
  chainId: "fieldnet-devnet-1",
  deviceId: "00".repeat(20),
  sequence: 7n,
  timestamp: 1700000000123n,
  payload: canonicalJsonBytes({ readAt: 1700000000, counterWh: 1000 }),
};
const PROOF_SIGN_BYTES_HEX =
  "000000116669656c646e65742f70726f6f662f7631" + // lp("fieldnet/proof/v1")
  "000000116669656c646e65742d6465766e65742d31" + // lp(chainId)
  "00000028" + "30".repeat(40) + // lp(deviceId)
  "0000000000000007" + // u64 sequence
  "0000018bcfe5687b" + // i64 timestamp ms
  "5a711d38468cea7a35f98c368b192db946398cf6b063277b70fb5fba8d4d65ba"; // sha256(payload)

const REG_INPUT = {
  chainId: "fieldnet-devnet-1",
  owner: "depin1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqnrql8a",
  networkType: "energy-meter",
  deviceNonce: 1n,
};
const REG_SIGN_BYTES_HEX =
  "000000146669656c646e65742f72656769737465722f7631" +
  "000000116669656c646e65742d6465766e65742d31" +
  "0000002c646570696e3171717171717171717171717171717171717171717171717171717171717171716e72716c3861" +
  "0000000c656e657267792d6d65746572" +
  "0000000000000001";

// RFC 8032 section 7.1, TEST 1 (empty message).
const RFC8032_PUB = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const RFC8032_SIG =
  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

// secp256k1 vector: private key 0x11 00.. 2a, low-S signature over sha256(PROOF sign bytes).
const SECP_PUB = "02f93861cfb892864d0e3c710532d620329c07a5e3c7ed3769eeacc617d73b75f7";
const SECP_SIG =
  "47342e9367528781d9958831e3bf261a412c8bb3f2cabbf78ed00f385c7a5400141f809746654ba319d7089be43f4a31057fd657ed31f3a7c7a66d0082881d83";
const SECP_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

describe("sign bytes", () => {
  it("proofSignBytes matches the documented layout and vector", () => {
    const b = proofSignBytes(PROOF_INPUT);
    expect(toHex(b)).toBe(PROOF_SIGN_BYTES_HEX);
    expect(toHex(b.subarray(b.length - 32))).toBe(createHash("sha256").update(PROOF_INPUT.payload).digest("hex"));
  });

  it("registrationSignBytes matches the vector", () => {
    expect(toHex(registrationSignBytes(REG_INPUT))).toBe(REG_SIGN_BYTES_HEX);
  });

  it("every field changes the bytes (no ambiguity between fields)", () => {
    const base = toHex(proofSignBytes(PROOF_INPUT));
    const variants = [
      { ...PROOF_INPUT, chainId: "fieldnet-devnet-2" },
      { ...PROOF_INPUT, deviceId: "11".repeat(20) },
      { ...PROOF_INPUT, sequence: 8n },
      { ...PROOF_INPUT, timestamp: 1700000000124n },
      { ...PROOF_INPUT, payload: canonicalJsonBytes({ readAt: 1700000000, counterWh: 1001 }) },
    ];
    for (const v of variants) expect(toHex(proofSignBytes(v))).not.toBe(base);
    // length prefixes: moving a character between chainId and owner changes the bytes
    const a = registrationSignBytes({ ...REG_INPUT, chainId: "ab", owner: "c" });
    const c = registrationSignBytes({ ...REG_INPUT, chainId: "a", owner: "bc" });
    expect(toHex(a)).not.toBe(toHex(c));
  });

  it("rejects out-of-range integers and empty strings", () => {
    expect(() => proofSignBytes({ ...PROOF_INPUT, sequence: -1n })).toThrow(RangeError);
    expect(() => proofSignBytes({ ...PROOF_INPUT, sequence: 1n << 64n })).toThrow(RangeError);
    expect(() => proofSignBytes({ ...PROOF_INPUT, timestamp: 1n << 63n })).toThrow(RangeError);
    expect(() => proofSignBytes({ ...PROOF_INPUT, chainId: "" })).toThrow(RangeError);
    expect(() => registrationSignBytes({ ...REG_INPUT, owner: "" })).toThrow(RangeError);
  });
});

describe("device keys", () => {
  it("KeyType values equal the proto enum", () => {
    expect(KeyType.ED25519).toBe(ProtoKeyType.KEY_TYPE_ED25519);
    expect(KeyType.SECP256K1).toBe(ProtoKeyType.KEY_TYPE_SECP256K1);
  });

  it("device id = hex(sha256(keyType || pubkey)[0..20])", () => {
    const pub = fromHex(RFC8032_PUB);
    const expected = createHash("sha256").update(Buffer.from([1])).update(pub).digest("hex").slice(0, 40);
    expect(deviceIdFromPubKey(KeyType.ED25519, pub)).toBe(expected);
    expect(deviceIdFromPubKey(KeyType.ED25519, pub)).toBe("bcd1d56b5845f21e54ce5b764fc1d5520cc2c462");
    expect(deviceIdFromPubKey(KeyType.SECP256K1, fromHex(SECP_PUB))).toBe("e3aa2a9adddef15035ad99175fcf950fc38bbe93");
    expect(isDeviceId(deviceIdFromPubKey(KeyType.ED25519, pub))).toBe(true);
    expect(() => deviceIdFromPubKey(KeyType.ED25519, new Uint8Array(33))).toThrow(DeviceKeyError);
    expect(() => deviceIdFromPubKey(KeyType.SECP256K1, new Uint8Array(33))).toThrow(DeviceKeyError);
    expect(() => deviceIdFromPubKey(3, new Uint8Array(32))).toThrow(DeviceKeyError);
  });

  it("verifies the RFC 8032 Ed25519 vector", () => {
    expect(verifyDeviceSignature(KeyType.ED25519, fromHex(RFC8032_PUB), new Uint8Array(0), fromHex(RFC8032_SIG))).toBe(true);
    const bad = fromHex(RFC8032_SIG);
    bad[0]! ^= 1;
    expect(verifyDeviceSignature(KeyType.ED25519, fromHex(RFC8032_PUB), new Uint8Array(0), bad)).toBe(false);
    expect(verifyDeviceSignature(KeyType.ED25519, fromHex(RFC8032_PUB), Uint8Array.of(0), fromHex(RFC8032_SIG))).toBe(false);
  });

  it("verifies the secp256k1 vector and rejects its high-S twin", () => {
    const msg = proofSignBytes(PROOF_INPUT);
    const pub = fromHex(SECP_PUB);
    const sig = fromHex(SECP_SIG);
    expect(verifyDeviceSignature(KeyType.SECP256K1, pub, msg, sig)).toBe(true);
    const s = BigInt("0x" + SECP_SIG.slice(64));
    const highS = fromHex(SECP_SIG.slice(0, 64) + (SECP_N - s).toString(16).padStart(64, "0"));
    expect(verifyDeviceSignature(KeyType.SECP256K1, pub, msg, highS)).toBe(false);
    expect(verifyDeviceSignature(KeyType.SECP256K1, pub, registrationSignBytes(REG_INPUT), sig)).toBe(false);
    // wrong key type for the same bytes
    expect(verifyDeviceSignature(KeyType.ED25519, pub.subarray(1), msg, sig)).toBe(false);
  });

  it("round-trips freshly generated keys of both types", () => {
    const msg = registrationSignBytes(REG_INPUT);
    const ed = generateKeyPairSync("ed25519");
    const edPub = new Uint8Array(ed.publicKey.export({ format: "der", type: "spki" }).subarray(12));
    expect(verifyDeviceSignature(KeyType.ED25519, edPub, msg, new Uint8Array(sign(null, msg, ed.privateKey)))).toBe(true);

    const ec = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
    // DER, not JWK: a JWK export of a generateKeyPairSync key can deadlock on Node 20 (chain-client/device/keys.ts).
    const point = ec.publicKey.export({ format: "der", type: "spki" }).subarray(-65); // 04 ‖ x ‖ y
    const compressed = new Uint8Array(Buffer.concat([Buffer.from([2 + (point[64]! & 1)]), point.subarray(1, 33)]));
    let sig = sign("sha256", msg, { key: createPrivateKey(ec.privateKey.export({ format: "pem", type: "pkcs8" })), dsaEncoding: "ieee-p1363" });
    const s = BigInt("0x" + sig.subarray(32).toString("hex"));
    if (s > SECP_N / 2n) sig = Buffer.concat([sig.subarray(0, 32), Buffer.from((SECP_N - s).toString(16).padStart(64, "0"), "hex")]);
    expect(verifyDeviceSignature(KeyType.SECP256K1, compressed, msg, new Uint8Array(sig))).toBe(true);
  });

  it("returns false (not throw) on garbage", () => {
    expect(verifyDeviceSignature(KeyType.SECP256K1, Uint8Array.of(2, ...new Uint8Array(32).fill(0xff)), new Uint8Array(1), new Uint8Array(64))).toBe(false);
    expect(verifyDeviceSignature(KeyType.ED25519, fromHex(RFC8032_PUB), new Uint8Array(0), new Uint8Array(63))).toBe(false);
    expect(verifyDeviceSignature(9, new Uint8Array(32), new Uint8Array(0), new Uint8Array(64))).toBe(false);
  });
});
