/** NativeSecp256k1Signer gives cosmjs's account and signatures cosmjs verifies (low S), from node:crypto. */
import { DirectSecp256k1HdWallet, makeSignBytes, makeSignDoc } from "@cosmjs/proto-signing";
import { Secp256k1, Secp256k1Signature, sha256 } from "@cosmjs/crypto";
import { fromBase64 } from "@cosmjs/encoding";
import { NativeSecp256k1Signer } from "./native-signer";

const MNEMONIC = "surround miss nominee dream gap cross assault thank captain prosper drop duty group candy wealth weather scale put";
const N_HALF = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

describe("NativeSecp256k1Signer", () => {
  it("derives the same account as DirectSecp256k1HdWallet and signs so that cosmjs verifies it", async () => {
    const native = await NativeSecp256k1Signer.fromMnemonic(MNEMONIC, "depin");
    const [reference] = await (await DirectSecp256k1HdWallet.fromMnemonic(MNEMONIC, { prefix: "depin" })).getAccounts();
    const [account] = await native.getAccounts();
    expect(account).toEqual(reference);
    for (let i = 0; i < 20; i++) {
      const doc = makeSignDoc(new Uint8Array([i, 1, 2]), new Uint8Array([3, 4, i]), "fieldnet-devnet-1", i);
      const { signature, signed } = await native.signDirect(account.address, doc);
      expect(signed).toBe(doc);
      const raw = fromBase64(signature.signature);
      expect(raw).toHaveLength(64);
      expect(BigInt("0x" + Buffer.from(raw.subarray(32)).toString("hex")) <= N_HALF).toBe(true);
      const ok = await Secp256k1.verifySignature(Secp256k1Signature.fromFixedLength(raw), sha256(makeSignBytes(doc)), account.pubkey);
      expect(ok).toBe(true);
    }
    await expect(native.signDirect("depin1other", makeSignDoc(new Uint8Array(), new Uint8Array(), "x", 0))).rejects.toThrow(/this signer holds/);
  });
});
