/**
 * An OfflineDirectSigner for one secp256k1 account that signs with node:crypto (native OpenSSL).
 * cosmjs's DirectSecp256k1HdWallet re-derives the HD key (pure-JS HMAC-SHA512 chain) and signs
 * with a pure-JS curve on every call; for a long-running signer such as the proof gateway that was
 * the larger part of its per-tx CPU. Signatures are what the chain accepts from cosmjs: 64-byte
 * r||s with low S over sha256(SignDoc). ECDSA nonces come from OpenSSL (random, not RFC 6979),
 * so two signatures of the same bytes differ; both verify.
 */
import { createPrivateKey, pbkdf2Sync, sign, type KeyObject } from "node:crypto";
import { encodeSecp256k1Signature, makeCosmoshubPath, pubkeyToAddress } from "@cosmjs/amino";
import { EnglishMnemonic, Secp256k1, Slip10, Slip10Curve, type HdPath } from "@cosmjs/crypto";
import { makeSignBytes, type AccountData, type DirectSignResponse, type OfflineDirectSigner } from "@cosmjs/proto-signing";
import type { SignDoc } from "cosmjs-types/cosmos/tx/v1beta1/tx";

const ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** A node:crypto private key for a secp256k1 key pair (`pubkey` uncompressed, 65 bytes). */
export function secp256k1PrivateKeyObject(privkey: Uint8Array, pubkey: Uint8Array): KeyObject {
  const b64url = (b: Uint8Array) => Buffer.from(b).toString("base64url");
  return createPrivateKey({ format: "jwk", key: { kty: "EC", crv: "secp256k1", d: b64url(privkey), x: b64url(pubkey.subarray(1, 33)), y: b64url(pubkey.subarray(33, 65)) } });
}

/** ECDSA over sha256(message) as Cosmos accepts it: 64-byte r||s with low S. */
export function signSecp256k1LowS(key: KeyObject, message: Uint8Array): Uint8Array {
  const signature = new Uint8Array(sign("sha256", message, { key, dsaEncoding: "ieee-p1363" }));
  const s = BigInt("0x" + Buffer.from(signature.subarray(32)).toString("hex"));
  if (s > ORDER / 2n) signature.set(Buffer.from((ORDER - s).toString(16).padStart(64, "0"), "hex"), 32);
  return signature;
}

/**
 * The BIP39 seed (PBKDF2-HMAC-SHA512, 2048 rounds, salt "mnemonic", no passphrase) of a mnemonic
 * that cosmjs's EnglishMnemonic accepts (words and checksum). node:crypto's PBKDF2 takes ~2 ms;
 * cosmjs's pure-JS Bip39.mnemonicToSeed ~750 ms on this machine.
 */
export function bip39Seed(mnemonic: string): Uint8Array {
  const words = new EnglishMnemonic(mnemonic).toString();
  return new Uint8Array(pbkdf2Sync(Buffer.from(words.normalize("NFKD"), "utf8"), "mnemonic", 2048, 64, "sha512"));
}

export class NativeSecp256k1Signer implements OfflineDirectSigner {
  private constructor(
    private readonly key: KeyObject,
    private readonly account: AccountData,
  ) {}

  /** The account at `hdPath` (default m/44'/118'/0'/0/0, as cosmjs and the devnet's dev accounts). */
  static async fromMnemonic(mnemonic: string, prefix: string, hdPath: HdPath = makeCosmoshubPath(0)): Promise<NativeSecp256k1Signer> {
    return NativeSecp256k1Signer.fromPrivkey(Slip10.derivePath(Slip10Curve.Secp256k1, bip39Seed(mnemonic), hdPath).privkey, prefix);
  }

  static async fromPrivkey(privkey: Uint8Array, prefix: string): Promise<NativeSecp256k1Signer> {
    const { pubkey } = await Secp256k1.makeKeypair(privkey);
    const key = secp256k1PrivateKeyObject(privkey, pubkey);
    const compressed = Secp256k1.compressPubkey(pubkey);
    const address = pubkeyToAddress({ type: "tendermint/PubKeySecp256k1", value: Buffer.from(compressed).toString("base64") }, prefix);
    return new NativeSecp256k1Signer(key, { address, algo: "secp256k1", pubkey: compressed });
  }

  async getAccounts(): Promise<readonly AccountData[]> {
    return [this.account];
  }

  async signDirect(signerAddress: string, signDoc: SignDoc): Promise<DirectSignResponse> {
    if (signerAddress !== this.account.address) throw new Error(`this signer holds ${this.account.address}, not ${signerAddress}`);
    return { signed: signDoc, signature: encodeSecp256k1Signature(this.account.pubkey, signSecp256k1LowS(this.key, makeSignBytes(signDoc))) };
  }
}
