import { TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { Context } from "../app/context";
import { txHash } from "../app/tx/run-tx";
import { MemoryKVStore } from "../store/memory-store";
import { DeviceSigner } from "../plugin/device-signer";
import { verifyDeviceSignature } from "../plugin/device-keys";
import { MsgSubmitProofs } from "../../generated/depin/proofs/v1/tx";
import { DeviceStatus, type Device } from "../../generated/depin/registry/v1/types";
import type { DeviceSignatureVerifier } from "./preverify";
import { preverifyProofs, SUBMIT_PROOFS_TYPE_URL } from "./preverify";
import { precheckBatch } from "./process";
import { SignatureCache } from "./signature-cache";
import type { ProofsKeeper } from "./keeper";

const CHAIN_ID = "preverify-test";
const signer = DeviceSigner.fromLabel("preverify-spec");
const device = { id: signer.id, keyType: signer.keyType, pubkey: signer.pubkey, status: DeviceStatus.DEVICE_STATUS_ACTIVE, networkType: "energy-meter" } as Device;
const registry = { getDeviceShared: (_ctx: Context, id: string) => (id === device.id ? device : undefined) };

/** Verifies on the calling thread with the chain's own function (the worker runs the same one). */
const verifier: DeviceSignatureVerifier = {
  verifyDeviceSignatures: async (jobs) => jobs.map((job) => verifyDeviceSignature(job.keyType, job.pub, job.msg, job.sig)),
};

function proofsTx() {
  const good = signer.signProof(CHAIN_ID, { counterWh: 1, readAt: 1 }, 1_000n);
  const forged = { ...signer.signProof(CHAIN_ID, { counterWh: 2, readAt: 2 }, 2_000n), signature: new Uint8Array(64).fill(7) };
  const msg = MsgSubmitProofs.encode({ submitter: "depin1submitter", proofs: [good, forged] }).finish();
  const bodyBytes = TxBody.encode(TxBody.fromPartial({ messages: [{ typeUrl: SUBMIT_PROOFS_TYPE_URL, value: msg }] })).finish();
  const bytes = TxRaw.encode({ bodyBytes, authInfoBytes: new Uint8Array(), signatures: [] }).finish();
  return { bytes, hash: txHash(bytes), proofs: [good, forged] };
}

function checkContext(hash: string): Context {
  const header = { chainId: CHAIN_ID, height: 1n, timeMs: 0n, hash: new Uint8Array(), proposer: new Uint8Array() };
  return new Context(header, "check", new MemoryKVStore()).with({ txHash: hash });
}

describe("proof pre-verification and CheckTx", () => {
  it("keeps the worker's verdicts by position (the valid proof's, not the forged one's) for FinalizeBlock to take", async () => {
    const cache = new SignatureCache();
    const tx = proofsTx();
    await preverifyProofs(tx.bytes, tx.hash, CHAIN_ID, () => checkContext(""), registry, cache, verifier);
    expect(cache.txPreverified(tx.hash)).toBe(true);
    expect(cache.takeMsgVerdicts(tx.hash, 0, "other-chain")).toBeUndefined();
    const verdicts = cache.takeMsgVerdicts(tx.hash, 0, CHAIN_ID);
    expect(verdicts).toHaveLength(2);
    expect(cache.verdictCovers(verdicts![0], device.keyType, device.pubkey)).toBe(true);
    expect(cache.verdictCovers(verdicts![0], device.keyType, new Uint8Array(32).fill(1))).toBe(false); // another key: no pass
    expect(cache.verdictCovers(verdicts![1], device.keyType, device.pubkey)).toBe(false); // the forged proof
    expect(cache.takeMsgVerdicts(tx.hash, 0, CHAIN_ID)).toBeUndefined(); // taken: FinalizeBlock is the last reader
    expect(cache.txPreverified(tx.hash)).toBe(false);
  });

  it("CheckTx skips its own pass over a preverified tx's proofs and runs it for any other", async () => {
    const cache = new SignatureCache();
    const keeper = { registry, signatures: cache } as unknown as ProofsKeeper;
    const tx = proofsTx();
    await preverifyProofs(tx.bytes, tx.hash, CHAIN_ID, () => checkContext(""), registry, cache, verifier);
    const before = { hits: cache.hits, misses: cache.misses };
    precheckBatch(checkContext(tx.hash), keeper, tx.proofs);
    expect({ hits: cache.hits, misses: cache.misses }).toEqual(before);
    precheckBatch(checkContext("OTHER"), keeper, tx.proofs);
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: before.hits, misses: before.misses + 2 });
    expect(cache.size).toBe(1); // the valid signature, remembered by CheckTx's own pass
  });

  it("does not mark an undecodable tx", async () => {
    const cache = new SignatureCache();
    await preverifyProofs(Uint8Array.of(0xff, 0xff), "BAD", CHAIN_ID, () => checkContext(""), registry, cache, verifier);
    expect(cache.txPreverified("BAD")).toBe(false);
  });
});
