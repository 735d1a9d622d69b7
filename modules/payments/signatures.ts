/**
 * Receipt signature checks with a cache of successes, so a receipt's two signatures are verified
 * once: at CheckTx, then found here at FinalizeBlock (as the proofs module's SignatureCache). The
 * key is sha256 of everything the check depends on (scheme, pubkey, sign bytes, signature): a hit
 * means exactly this check already passed, so the cache changes how fast a node is, never what it
 * decides. Device keys: verifyDeviceSignature (modules/plugin); user keys: the app's Cosmos
 * secp256k1 verification (modules/app/tx/secp256k1.ts), both on node:crypto.
 */
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { verifyDeviceSignature } from "../plugin/device-keys";
import { verifySecp256k1 } from "../app/tx/secp256k1";

/** Scheme tag of user (Cosmos account) signatures in cache keys; device key types are 1 and 2. */
const USER_SCHEME = 0x80;

function cacheKey(scheme: number, pubkey: Uint8Array, signBytes: Uint8Array, signature: Uint8Array): string {
  return createHash("sha256").update(Uint8Array.of(scheme, pubkey.length)).update(pubkey).update(signBytes).update(signature).digest("base64");
}

export class ReceiptSignatures {
  private readonly verified = new LRUCache<string, true>({ max: 200_000 });
  hits = 0;
  misses = 0;

  private check(scheme: number, pubkey: Uint8Array, signBytes: Uint8Array, signature: Uint8Array, verify: () => boolean): boolean {
    const key = cacheKey(scheme, pubkey, signBytes, signature);
    if (this.verified.has(key)) {
      this.hits++;
      return true;
    }
    this.misses++;
    const ok = verify();
    if (ok) this.verified.set(key, true);
    return ok;
  }

  verifyDevice(keyType: number, pubkey: Uint8Array, signBytes: Uint8Array, signature: Uint8Array): boolean {
    return this.check(keyType, pubkey, signBytes, signature, () => verifyDeviceSignature(keyType, pubkey, signBytes, signature));
  }

  verifyUser(pubkey: Uint8Array, signBytes: Uint8Array, signature: Uint8Array): boolean {
    return this.check(USER_SCHEME, pubkey, signBytes, signature, () => verifySecp256k1(pubkey, signBytes, signature));
  }
}
