/**
 * Receipt signature checks with a cache of successes, so a receipt's two signatures are verified
 * once: at CheckTx, then found at FinalizeBlock. The proofs module's SignatureCache, with a scheme
 * tag of its own for user (Cosmos account) signatures. Device keys: verifyDeviceSignature
 * (modules/plugin); user keys: the app's Cosmos secp256k1 verification (modules/app/tx/secp256k1.ts),
 * both on node:crypto.
 */
import { SignatureCache } from "../proofs/signature-cache";
import { verifySecp256k1 } from "../app/tx/secp256k1";

/** Scheme tag of user (Cosmos account) signatures in cache keys; device key types are 1 and 2. */
const USER_SCHEME = 0x80;

export class ReceiptSignatures extends SignatureCache {
  constructor() {
    super(200_000);
  }

  /** `consume`: FinalizeBlock, the last reader of the entry, takes it out (see SignatureCache). */
  verifyDevice(keyType: number, pubkey: Uint8Array, signBytes: Uint8Array, signature: Uint8Array, consume = false): boolean {
    return this.verify(keyType, pubkey, signBytes, signature, consume);
  }

  verifyUser(pubkey: Uint8Array, signBytes: Uint8Array, signature: Uint8Array, consume = false): boolean {
    return this.check(USER_SCHEME, pubkey, signBytes, signature, () => verifySecp256k1(pubkey, signBytes, signature), consume);
  }

  /** A device signature the pre-verification worker verified (see preverify.ts). */
  rememberDevice(keyType: number, pubkey: Uint8Array, signBytes: Uint8Array, signature: Uint8Array): void {
    this.remember(keyType, pubkey, signBytes, signature);
  }

  /** A user signature the pre-verification worker verified, by the rules of verifySecp256k1. */
  rememberUser(pubkey: Uint8Array, signBytes: Uint8Array, signature: Uint8Array): void {
    this.remember(USER_SCHEME, pubkey, signBytes, signature);
  }
}
