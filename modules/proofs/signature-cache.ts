/**
 * Verified device signatures, so a proof's signature is checked once: at CheckTx (or on the
 * pre-verification worker), then found here at FinalizeBlock. Only successes are cached, keyed by
 * sha256(key type, pubkey, sign bytes, signature): a hit means exactly this check already passed,
 * so the cache can change how fast a node is, never what it decides.
 */
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { verifyDeviceSignature } from "../plugin/device-keys";

export function signatureCacheKey(keyType: number, pubkey: Uint8Array, signBytes: Uint8Array, signature: Uint8Array): string {
  return createHash("sha256").update(Uint8Array.of(keyType)).update(pubkey).update(signBytes).update(signature).digest("base64");
}

export class SignatureCache {
  private readonly verified: LRUCache<string, true>;
  hits = 0;
  misses = 0;

  constructor(max = 500_000) {
    this.verified = new LRUCache<string, true>({ max });
  }

  markVerified(key: string): void {
    this.verified.set(key, true);
  }

  /** verifyDeviceSignature, skipping the curve maths when this exact check already passed. */
  verify(keyType: number, pubkey: Uint8Array, signBytes: Uint8Array, signature: Uint8Array): boolean {
    const key = signatureCacheKey(keyType, pubkey, signBytes, signature);
    if (this.verified.has(key)) {
      this.hits++;
      return true;
    }
    this.misses++;
    const ok = verifyDeviceSignature(keyType, pubkey, signBytes, signature);
    if (ok) this.verified.set(key, true);
    return ok;
  }
}
