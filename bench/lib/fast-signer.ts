/**
 * Signs Cosmos txs with node:crypto (native) so a benchmark can pre-sign tens of thousands of
 * txs quickly. Produces exactly what cosmjs produces: SIGN_MODE_DIRECT, 64-byte low-S r||s.
 */
import type { KeyObject } from "node:crypto";
import { Secp256k1 } from "@cosmjs/crypto";
import { encodeSecp256k1Pubkey } from "@cosmjs/amino";
import { encodePubkey, makeAuthInfoBytes, makeSignDoc, Registry, type EncodeObject } from "@cosmjs/proto-signing";
import { defaultRegistryTypes } from "@cosmjs/stargate";
import { SignDoc, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { secp256k1PrivateKeyObject, signSecp256k1LowS } from "../../chain-client/native-signer";

const registry = new Registry(defaultRegistryTypes);

export class FastSigner {
  private constructor(
    private readonly key: KeyObject,
    readonly compressedPubkey: Uint8Array,
  ) {}

  static async fromPrivkey(privkey: Uint8Array): Promise<FastSigner> {
    const { pubkey } = await Secp256k1.makeKeypair(privkey);
    return new FastSigner(secp256k1PrivateKeyObject(privkey, pubkey), Secp256k1.compressPubkey(pubkey));
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
    return TxRaw.encode({ bodyBytes, authInfoBytes, signatures: [signSecp256k1LowS(this.key, doc)] }).finish();
  }
}
