/**
 * Keys and signed txs for tests, made with cosmjs itself (so tests sign exactly as users do); only
 * the BIP39 seed's PBKDF2 runs on node:crypto (~2 ms instead of cosmjs's pure-JS ~750 ms).
 */
import { pbkdf2Sync } from "node:crypto";
import { encodeSecp256k1Pubkey } from "@cosmjs/amino";
import { Bip39, EnglishMnemonic, Secp256k1, Slip10, Slip10Curve, sha256, stringToPath } from "@cosmjs/crypto";
import { toBech32 } from "@cosmjs/encoding";
import { encodePubkey, makeAuthInfoBytes, makeSignDoc, Registry, type EncodeObject } from "@cosmjs/proto-signing";
import { defaultRegistryTypes } from "@cosmjs/stargate";
import { SignDoc, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { secp256k1Address } from "../../auth/address";

export interface TestAccount {
  readonly address: string;
  readonly pubkey: Uint8Array;
  readonly privkey: Uint8Array;
  readonly mnemonic: string;
}

export const registry = new Registry(defaultRegistryTypes);

/** A deterministic mnemonic for test account `index` (namespace separates suites). */
export function testMnemonic(index: number, namespace = "fieldnet test account"): string {
  const entropy = sha256(new TextEncoder().encode(`${namespace} ${index}`));
  return Bip39.encode(entropy).toString();
}

export async function accountFromMnemonic(mnemonic: string, prefix: string): Promise<TestAccount> {
  const words = new EnglishMnemonic(mnemonic).toString();
  const seed = new Uint8Array(pbkdf2Sync(Buffer.from(words.normalize("NFKD"), "utf8"), "mnemonic", 2048, 64, "sha512"));
  const { privkey } = Slip10.derivePath(Slip10Curve.Secp256k1, seed, stringToPath("m/44'/118'/0'/0/0"));
  const keypair = await Secp256k1.makeKeypair(privkey);
  const pubkey = Secp256k1.compressPubkey(keypair.pubkey);
  return { address: toBech32(prefix, secp256k1Address(pubkey)), pubkey, privkey, mnemonic };
}

export interface SignOptions {
  readonly chainId: string;
  readonly accountNumber: bigint;
  readonly sequence: bigint;
  readonly fee?: { amount: Array<{ denom: string; amount: string }>; gas: bigint };
  readonly memo?: string;
}

/** Signs `messages` in SIGN_MODE_DIRECT and returns the TxRaw bytes. */
export async function signTx(account: TestAccount, messages: readonly EncodeObject[], options: SignOptions): Promise<Uint8Array> {
  const bodyBytes = registry.encodeTxBody({ messages: [...messages], memo: options.memo ?? "" });
  const fee = options.fee ?? { amount: [{ denom: "ufield", amount: "5000" }], gas: 200_000n };
  const authInfoBytes = makeAuthInfoBytes(
    [{ pubkey: encodePubkey(encodeSecp256k1Pubkey(account.pubkey)), sequence: Number(options.sequence) }],
    fee.amount,
    Number(fee.gas),
    undefined,
    undefined,
  );
  const signDoc = makeSignDoc(bodyBytes, authInfoBytes, options.chainId, Number(options.accountNumber));
  const signature = await Secp256k1.createSignature(sha256(SignDoc.encode(signDoc).finish()), account.privkey);
  const signatureBytes = new Uint8Array([...signature.r(32), ...signature.s(32)]);
  return TxRaw.encode({ bodyBytes, authInfoBytes, signatures: [signatureBytes] }).finish();
}

export function msgSend(from: string, to: string, amount: string, denom = "ufield"): EncodeObject {
  return {
    typeUrl: "/cosmos.bank.v1beta1.MsgSend",
    value: { fromAddress: from, toAddress: to, amount: [{ denom, amount }] },
  };
}
