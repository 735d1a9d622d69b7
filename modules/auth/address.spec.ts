import { rawSecp256k1PubkeyToRawAddress } from "@cosmjs/amino";
import { sha256 } from "@cosmjs/crypto";
import { createECDH } from "node:crypto";
import { moduleAddress, secp256k1Address } from "./address";

function compressedPubkey(): Uint8Array {
  const ecdh = createECDH("secp256k1");
  ecdh.generateKeys();
  return new Uint8Array(ecdh.getPublicKey(undefined, "compressed"));
}

describe("secp256k1Address", () => {
  it("derives the address cosmjs derives, on first use and from the cache", () => {
    const keys = Array.from({ length: 20 }, compressedPubkey);
    for (let round = 0; round < 2; round++) {
      for (const key of keys) expect(secp256k1Address(key)).toEqual(rawSecp256k1PubkeyToRawAddress(key));
    }
  });

  it("reads only the key's own bytes when it is a view into a larger buffer", () => {
    const key = compressedPubkey();
    const framed = new Uint8Array(key.length + 10);
    framed.set(key, 5);
    expect(secp256k1Address(framed.subarray(5, 5 + key.length))).toEqual(rawSecp256k1PubkeyToRawAddress(key));
  });

  it("returns a copy: a caller mutating the result does not change later answers", () => {
    const key = compressedPubkey();
    const first = secp256k1Address(key);
    first.fill(0);
    expect(secp256k1Address(key)).toEqual(rawSecp256k1PubkeyToRawAddress(key));
  });
});

describe("moduleAddress", () => {
  it("is sha256(name)[:20], as the SDK's address.Module", () => {
    expect(moduleAddress("rewards")).toEqual(sha256(new TextEncoder().encode("rewards")).slice(0, 20));
  });
});
