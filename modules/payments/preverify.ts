/**
 * Pre-verification of usage receipts' signatures on the app's signature worker as a MsgSubmitUsage
 * tx arrives, before its CheckTx runs (as proofs and tx signatures are): both signatures of every
 * receipt whose device is known, the device's and the user's. Passes go into the receipt signature
 * cache, so FinalizeBlock finds them there and the main thread does no curve maths for receipts;
 * the tx is marked preverified so CheckTx skips its own pass (it only ever filled the cache). Best
 * effort and outside consensus: whatever it cannot prepare, or fails, is verified synchronously in
 * FinalizeBlock, which gives the real verdict.
 */
import { TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import type { Context } from "../app/context";
import type { DeviceSignatureJob } from "../app/tx/parallel-verifier";
import { KeyType } from "../plugin/device-keys";
import type { DeviceSignatureVerifier } from "../proofs/preverify";
import { MsgSubmitUsage } from "../../generated/depin/payments/v1/tx";
import type { PaymentsRegistryKeeper } from "./expected-keepers";
import { receiptSignBytes } from "./receipts";
import type { ReceiptSignatures } from "./signatures";

export const SUBMIT_USAGE_TYPE_URL = "/depin.payments.v1.MsgSubmitUsage";

export async function preverifyReceipts(
  txBytes: Uint8Array,
  txHash: string,
  chainId: string,
  ctx: () => Context,
  registry: Pick<PaymentsRegistryKeeper, "getDeviceShared">,
  signatures: ReceiptSignatures,
  verifier: DeviceSignatureVerifier,
): Promise<void> {
  const jobs: DeviceSignatureJob[] = [];
  const remember: Array<() => void> = [];
  try {
    const body = TxBody.decode(TxRaw.decode(txBytes).bodyBytes);
    if (!body.messages.some((any) => any.typeUrl === SUBMIT_USAGE_TYPE_URL)) return;
    const checkCtx = ctx();
    for (const any of body.messages) {
      if (any.typeUrl !== SUBMIT_USAGE_TYPE_URL) continue;
      for (const receipt of MsgSubmitUsage.decode(any.value).receipts) {
        const device = registry.getDeviceShared(checkCtx, receipt.deviceId);
        if (!device || receipt.userSignature.length === 0) continue;
        const bytes = receiptSignBytes(chainId, receipt);
        jobs.push({ keyType: device.keyType, pub: device.pubkey, msg: bytes, sig: receipt.deviceSignature });
        remember.push(() => signatures.rememberDevice(device.keyType, device.pubkey, bytes, receipt.deviceSignature));
        // A user signature is a Cosmos secp256k1 one: the worker's secp256k1 device check applies
        // the same rules as verifySecp256k1 (compressed key, 64 bytes, low S, sha256).
        jobs.push({ keyType: KeyType.SECP256K1, pub: receipt.userPubkey, msg: bytes, sig: receipt.userSignature });
        remember.push(() => signatures.rememberUser(receipt.userPubkey, bytes, receipt.userSignature));
      }
    }
  } catch {
    return;
  }
  if (jobs.length > 0) {
    const results = await verifier.verifyDeviceSignatures(jobs);
    results.forEach((ok, index) => {
      if (ok) remember[index]();
    });
  }
  // Receipts have no per-position verdicts (FinalizeBlock looks each signature up in the cache).
  signatures.markTxPreverified(txHash, chainId, new Map());
}
