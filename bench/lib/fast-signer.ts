/**
 * Signs Cosmos txs with node:crypto (native) so a benchmark can pre-sign tens of thousands of
 * txs quickly. Produces exactly what cosmjs produces: SIGN_MODE_DIRECT, 64-byte low-S r||s.
 */
import { createPrivateKey, sign, type KeyObject } from "node:crypto";
import { Secp256k1 } from "@cosmjs/crypto";
import { encodeSecp256k1Pubkey } from "@cosmjs/amino";
import { encodePubkey, makeAuthInfoBytes, makeSignDoc, Registry, type EncodeObject } from "@cosmjs/proto-signing";
import { defaultRegistryTypes } from "@cosmjs/stargate";
import { SignDoc, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";

const ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const registry = new Registry(defaultRegistryTypes);

function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}

export class FastSigner {
  private constructor(
    private readonly key: KeyObject,
    readonly compressedPubkey: Uint8Array,
  ) {}

  static async fromPrivkey(privkey: Uint8Array): Promise<FastSigner> {
    const { pubkey } = await Secp256k1.makeKeypair(privkey);
    const key = createPrivateKey({
      format: "jwk",
      key: { kty: "EC", crv: "secp256k1", d: b64url(privkey), x: b64url(pubkey.slice(1, 33)), y: b64url(pubkey.slice(33, 65)) },
    });
    return new FastSigner(key, Secp256k1.compressPubkey(pubkey));
  }

  signTx(messages: readonly EncodeObject[], opts: { chainId: string; accountNumber: number; sequence: number; fee: { amount: { denom: string; amount: string }[]; gas: number } }): Uint8Array {
    const bodyBytes = registry.encodeTxBody({ messages: [...messages], memo: "" });
    const authInfoBytes = makeAuthInfoBytes(
      [{ pubkey: encodePubkey(encodeSecp256k1Pubkey(this.compressedPubkey)), sequence: opts.sequence }],
      opts.fee.amount,
      opts.fee.gas,
      undefined,
      undefined,
    );
    const doc = SignDoc.encode(makeSignDoc(bodyBytes, authInfoBytes, opts.chainId, opts.accountNumber)).finish();
    const signature = new Uint8Array(sign("sha256", doc, { key: this.key, dsaEncoding: "ieee-p1363" }));
    // Cosmos accepts only low-S signatures.
    const s = BigInt("0x" + Buffer.from(signature.subarray(32)).toString("hex"));
    if (s > ORDER / 2n) signature.set(Buffer.from((ORDER - s).toString(16).padStart(64, "0"), "hex"), 32);
    return TxRaw.encode({ bodyBytes, authInfoBytes, signatures: [signature] }).finish();
  }
}
