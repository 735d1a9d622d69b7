/**
 * Usage receipts with the chain's ONE sign-bytes definition (modules/plugin/usage-sign-bytes.ts,
 * imported, not re-implemented): the device signs with its DeviceKey, the user with its Cosmos
 * account key (secp256k1 over sha256, low-S, as cosmjs signs), then anyone submits
 * MsgSubmitUsage (`msgs.submitUsage` / `SigningFieldnetClient.submitUsage`).
 */
import { Secp256k1, sha256 } from "@cosmjs/crypto";
import type { UsageReceipt } from "../../generated/depin/payments/v1/types";
import { usageSignBytes } from "../../modules/plugin/usage-sign-bytes";
import type { DeviceKey } from "./keys";

export interface UsageReceiptInput {
  readonly chainId: string;
  readonly deviceId: string;
  /** bech32 account that received the service (and signs). */
  readonly user: string;
  /** bech32 account paying through a delegation; "" or omitted = the user. */
  readonly payer?: string;
  /** Per device, strictly increasing. */
  readonly sequence: bigint | number;
  readonly periodStartMs: bigint | number;
  readonly periodEndMs: bigint | number;
  /** Canonical JSON bytes of the plugin's usage payload (e.g. {"deliveredWh":1200}). */
  readonly payload: Uint8Array;
  /** Most credits the user accepts to pay (0 = no cap). */
  readonly maxCredits?: bigint | number;
}

/** An unsigned receipt (both signatures empty) and the bytes both parties sign. */
export function usageReceipt(input: UsageReceiptInput): { receipt: UsageReceipt; signBytes: Uint8Array } {
  const fields = {
    deviceId: input.deviceId,
    user: input.user,
    payer: input.payer ?? "",
    sequence: BigInt(input.sequence),
    periodStartMs: BigInt(input.periodStartMs),
    periodEndMs: BigInt(input.periodEndMs),
    maxCredits: BigInt(input.maxCredits ?? 0),
    payload: input.payload,
  };
  const signBytes = usageSignBytes({ chainId: input.chainId, ...fields });
  return { receipt: { ...fields, userPubkey: new Uint8Array(), deviceSignature: new Uint8Array(), userSignature: new Uint8Array() }, signBytes };
}

/** Device side: adds the device signature. */
export function signUsageAsDevice(key: DeviceKey, receipt: UsageReceipt, signBytes: Uint8Array): UsageReceipt {
  return { ...receipt, deviceSignature: key.sign(signBytes) };
}

/** User side (wallet with the raw account key): adds the user's pubkey and signature. */
export async function signUsageAsUser(privkey: Uint8Array, receipt: UsageReceipt, signBytes: Uint8Array): Promise<UsageReceipt> {
  const keypair = await Secp256k1.makeKeypair(privkey);
  const signature = await Secp256k1.createSignature(sha256(signBytes), privkey);
  return { ...receipt, userPubkey: Secp256k1.compressPubkey(keypair.pubkey), userSignature: new Uint8Array([...signature.r(32), ...signature.s(32)]) };
}
