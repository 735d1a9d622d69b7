import { DeviceSigner } from "../plugin/device-signer";
import { proofSignBytesFor } from "./process";
import { SignatureCache } from "./signature-cache";

const CHAIN_ID = "signature-cache-spec";
const signer = DeviceSigner.fromLabel("signature-cache-spec");

function check(cache: SignatureCache, proof: ReturnType<DeviceSigner["signProof"]>, consume: boolean): boolean {
  return cache.verifyProof(CHAIN_ID, signer.keyType, signer.pubkey, proof, () => proofSignBytesFor(CHAIN_ID, proof), consume);
}

describe("SignatureCache", () => {
  it("keeps a verified proof signature for later lookups, and FinalizeBlock's consuming lookup takes it out", () => {
    const cache = new SignatureCache();
    const proof = signer.signProof(CHAIN_ID, { counterWh: 1, readAt: 1 }, 1_000n);
    expect(check(cache, proof, false)).toBe(true); // CheckTx: a miss, verified and remembered
    expect(check(cache, proof, false)).toBe(true); // recheck: a hit
    expect({ hits: cache.hits, misses: cache.misses, size: cache.size }).toEqual({ hits: 1, misses: 1, size: 1 });
    expect(check(cache, proof, true)).toBe(true); // FinalizeBlock: a hit that removes the entry
    expect({ hits: cache.hits, size: cache.size }).toEqual({ hits: 2, size: 0 });
  });

  it("verifies on a consuming miss without remembering, and never caches a bad signature", () => {
    const cache = new SignatureCache();
    const proof = signer.signProof(CHAIN_ID, { counterWh: 2, readAt: 2 }, 2_000n);
    expect(check(cache, proof, true)).toBe(true);
    expect(cache.size).toBe(0);
    const forged = { ...proof, signature: new Uint8Array(64).fill(7) };
    expect(check(cache, forged, false)).toBe(false);
    expect(check(cache, forged, true)).toBe(false);
    expect({ misses: cache.misses, size: cache.size }).toEqual({ misses: 3, size: 0 });
  });
});

describe("SignatureCache.check (any scheme)", () => {
  it("takes an entry out on a consuming hit and does not remember a consuming miss", () => {
    const cache = new SignatureCache();
    let verifications = 0;
    const verify = () => (verifications++, true);
    const run = (consume: boolean) => cache.check(0x80, Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3), verify, consume);
    expect([run(false), run(false), run(true)]).toEqual([true, true, true]);
    expect({ verifications, size: cache.size }).toEqual({ verifications: 1, size: 0 });
    expect(run(true)).toBe(true);
    expect({ verifications, size: cache.size }).toEqual({ verifications: 2, size: 0 });
  });
});
