/**
 * Pre-verification of proof signatures on the worker thread as a MsgSubmitProofs tx arrives (before
 * its CheckTx runs), so the main thread never does the curve maths for proofs: CheckTx and
 * FinalizeBlock then hit the signature cache. Best effort and outside consensus, like the tx
 * pre-verifier: any proof it cannot prepare (unknown device, undecodable tx) is left to the normal
 * synchronous path. Verdicts are kept by position in the tx (message index, proof index) with the
 * key they were checked with, so FinalizeBlock needs no per-proof cache key.
 */
import { TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import type { Context } from "../app/context";
import type { DeviceSignatureJob } from "../app/tx/parallel-verifier";
import { MsgSubmitProofs } from "../../generated/depin/proofs/v1/tx";
import type { ProofsRegistryKeeper } from "./expected-keepers";
import { proofSignBytesFor } from "./process";
import type { SignatureCache, VerifiedWith } from "./signature-cache";

export const SUBMIT_PROOFS_TYPE_URL = "/depin.proofs.v1.MsgSubmitProofs";

export interface DeviceSignatureVerifier {
  verifyDeviceSignatures(jobs: readonly DeviceSignatureJob[]): Promise<boolean[]>;
}

export async function preverifyProofs(
  txBytes: Uint8Array,
  txHash: string,
  chainId: string,
  ctx: () => Context,
  registry: Pick<ProofsRegistryKeeper, "getDeviceShared">,
  cache: SignatureCache,
  verifier: DeviceSignatureVerifier,
): Promise<void> {
  const jobs: DeviceSignatureJob[] = [];
  const positions: Array<{ verdicts: Array<VerifiedWith | undefined>; proof: number; key: VerifiedWith }> = [];
  const byMsg = new Map<number, Array<VerifiedWith | undefined>>();
  try {
    const body = TxBody.decode(TxRaw.decode(txBytes).bodyBytes);
    if (!body.messages.some((any) => any.typeUrl === SUBMIT_PROOFS_TYPE_URL)) return;
    const checkCtx = ctx();
    body.messages.forEach((any, msg) => {
      if (any.typeUrl !== SUBMIT_PROOFS_TYPE_URL) return;
      const proofs = MsgSubmitProofs.decode(any.value).proofs;
      const verdicts: Array<VerifiedWith | undefined> = new Array(proofs.length);
      byMsg.set(msg, verdicts);
      proofs.forEach((proof, index) => {
        const device = registry.getDeviceShared(checkCtx, proof.deviceId);
        if (!device || proof.signature.length !== 64) return;
        jobs.push({ keyType: device.keyType, pub: device.pubkey, msg: proofSignBytesFor(chainId, proof), sig: proof.signature });
        positions.push({ verdicts, proof: index, key: { keyType: device.keyType, pubkey: device.pubkey } });
      });
    });
  } catch {
    return;
  }
  if (jobs.length > 0) {
    const results = await verifier.verifyDeviceSignatures(jobs);
    results.forEach((ok, index) => {
      const at = positions[index];
      if (ok) at.verdicts[at.proof] = at.key;
    });
  }
  // Every proof of known devices is now checked. Failures have no verdict: FinalizeBlock checks
  // those again, as CheckTx would have.
  cache.markTxPreverified(txHash, chainId, byMsg);
}
