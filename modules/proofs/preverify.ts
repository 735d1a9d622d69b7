/**
 * Pre-verification of proof signatures on the worker thread as a MsgSubmitProofs tx arrives (before
 * its CheckTx runs), so the main thread never does the curve maths for proofs: CheckTx and
 * FinalizeBlock then hit the signature cache. Best effort and outside consensus, like the tx
 * pre-verifier: any proof it cannot prepare (unknown device, undecodable tx) is left to the normal
 * synchronous path.
 */
import { TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import type { Context } from "../app/context";
import type { DeviceSignatureJob } from "../app/tx/parallel-verifier";
import { MsgSubmitProofs } from "../../generated/depin/proofs/v1/tx";
import type { ProofsRegistryKeeper } from "./expected-keepers";
import { proofSignBytesFor } from "./process";
import { proofSignatureKey, type SignatureCache } from "./signature-cache";

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
  const keys: string[] = [];
  try {
    const body = TxBody.decode(TxRaw.decode(txBytes).bodyBytes);
    const proofMsgs = body.messages.filter((any) => any.typeUrl === SUBMIT_PROOFS_TYPE_URL);
    if (proofMsgs.length === 0) return;
    const checkCtx = ctx();
    for (const any of proofMsgs) {
      for (const proof of MsgSubmitProofs.decode(any.value).proofs) {
        const device = registry.getDeviceShared(checkCtx, proof.deviceId);
        if (!device || proof.signature.length !== 64) continue;
        const key = proofSignatureKey(chainId, device.keyType, device.pubkey, proof);
        if (cache.has(key)) continue;
        const msg = proofSignBytesFor(chainId, proof);
        jobs.push({ keyType: device.keyType, pub: device.pubkey, msg, sig: proof.signature });
        keys.push(key);
      }
    }
  } catch {
    return;
  }
  if (jobs.length > 0) {
    const results = await verifier.verifyDeviceSignatures(jobs);
    results.forEach((ok, index) => {
      if (ok) cache.markVerified(keys[index]);
    });
  }
  // Every proof of known devices is now checked (failures are not cached: FinalizeBlock checks
  // those again, as CheckTx would have).
  cache.markTxPreverified(txHash);
}
