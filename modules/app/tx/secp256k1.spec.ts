import { Secp256k1, sha256 } from "@cosmjs/crypto";
import { accountFromMnemonic, testMnemonic } from "../testing/test-accounts";
import { secp256k1SForms } from "../../plugin/secp256k1-s-forms";
import { verifySecp256k1 } from "./secp256k1";

describe("verifySecp256k1 (the tx path's signature check)", () => {
  it("accepts a Cosmos signature and refuses its high-S twin, a tampered one and malformed inputs", async () => {
    const account = await accountFromMnemonic(testMnemonic(5, "secp256k1 spec"), "depin");
    const message = Buffer.from("fieldnet secp256k1 spec");
    const signature = await Secp256k1.createSignature(sha256(message), account.privkey);
    const rs = new Uint8Array([...signature.r(32), ...signature.s(32)]);
    expect(verifySecp256k1(account.pubkey, message, rs)).toBe(true);

    const { highS } = secp256k1SForms(rs);
    expect(verifySecp256k1(account.pubkey, message, highS)).toBe(false);

    const tampered = Uint8Array.from(rs);
    tampered[7] ^= 1;
    expect(verifySecp256k1(account.pubkey, message, tampered)).toBe(false);
    expect(verifySecp256k1(account.pubkey, Buffer.from("another message"), rs)).toBe(false);
    expect(verifySecp256k1(account.pubkey.subarray(1), message, rs)).toBe(false);
    expect(verifySecp256k1(account.pubkey, message, new Uint8Array([...rs, 1]))).toBe(false);
    expect(verifySecp256k1(account.pubkey, message, new Uint8Array(64))).toBe(false);
  });
});
