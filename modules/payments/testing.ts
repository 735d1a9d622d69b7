/**
 * Test helpers for the payments module on top of the plugin test kit (AppTestKit): sign usage
 * receipts with a device key and a user's Cosmos key (cosmjs, as wallets do), buy credits, submit
 * receipts, query. Used by the payments specs and the usage-receipts benchmark.
 */
import { Secp256k1, sha256 as cosmSha256 } from "@cosmjs/crypto";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import type { EncodeObject } from "@cosmjs/proto-signing";
import * as paymentsTx from "../../generated/depin/payments/v1/tx";
import * as q from "../../generated/depin/payments/v1/query";
import type { CreditAccount, NetEmission, ReceiptOutcome, UsageReceipt } from "../../generated/depin/payments/v1/types";
import { canonicalJsonBytes } from "../plugin/canonical-json";
import { usageSignBytes } from "../plugin/usage-sign-bytes";
import type { AppTestKit, KitDevice, TxOutcome } from "../plugin/test-kit";
import type { TestAccount } from "../app/testing/test-accounts";

export interface ReceiptInput {
  readonly device: KitDevice;
  /** Index of the kit owner account that receives the service and signs. */
  readonly user: number;
  /** Index of the paying account (delegation), default: the user. */
  readonly payer?: number;
  readonly sequence: bigint;
  readonly periodStartMs: bigint;
  readonly periodEndMs: bigint;
  readonly payload: unknown;
  readonly maxCredits?: bigint;
}

/** A user's signature over receipt sign bytes: secp256k1 over sha256, 64-byte r || s, low-S (cosmjs). */
export async function signAsUser(account: TestAccount, signBytes: Uint8Array): Promise<Uint8Array> {
  const sig = await Secp256k1.createSignature(cosmSha256(signBytes), account.privkey);
  return new Uint8Array([...sig.r(32), ...sig.s(32)]);
}

export async function signReceipt(kit: AppTestKit, input: ReceiptInput): Promise<UsageReceipt> {
  const user = kit.owners[input.user];
  const payer = input.payer === undefined ? "" : kit.owners[input.payer].address;
  const payload = input.payload instanceof Uint8Array ? input.payload : canonicalJsonBytes(input.payload);
  const fields = {
    deviceId: input.device.id,
    user: user.address,
    payer,
    sequence: input.sequence,
    periodStartMs: input.periodStartMs,
    periodEndMs: input.periodEndMs,
    maxCredits: input.maxCredits ?? 0n,
    payload,
  };
  const bytes = usageSignBytes({ chainId: kit.config.chainId, ...fields });
  return {
    ...fields,
    userPubkey: user.pubkey,
    deviceSignature: input.device.signer.signBytes(bytes),
    userSignature: await signAsUser(user, bytes),
  };
}

export function submitUsageMsg(kit: AppTestKit, receipts: readonly UsageReceipt[], submitter = 0): EncodeObject {
  return { typeUrl: "/depin.payments.v1.MsgSubmitUsage", value: paymentsTx.MsgSubmitUsage.fromPartial({ submitter: kit.owners[submitter].address, receipts: [...receipts] }) };
}

/** Submits receipts in one tx (one block); returns one outcome per receipt. Throws if the tx failed. */
export async function submitUsage(kit: AppTestKit, receipts: readonly UsageReceipt[], submitter = 0): Promise<ReceiptOutcome[]> {
  const { result } = await kit.deliver([submitUsageMsg(kit, receipts, submitter)], submitter);
  if (result.code !== 0) throw new Error(`MsgSubmitUsage failed: ${result.codespace}/${result.code} ${result.log}`);
  return paymentsTx.MsgSubmitUsageResponse.decode(TxMsgData.decode(result.data).msgResponses[0].value).outcomes;
}

export function buyCreditsMsg(kit: AppTestKit, buyer: number, amount: bigint, minCredits = "0"): EncodeObject {
  return { typeUrl: "/depin.payments.v1.MsgBuyCredits", value: paymentsTx.MsgBuyCredits.fromPartial({ buyer: kit.owners[buyer].address, amount: { denom: "ufield", amount: amount.toString() }, minCredits }) };
}

export async function buyCredits(kit: AppTestKit, buyer: number, amount: bigint, minCredits = "0"): Promise<TxOutcome> {
  return kit.deliver([buyCreditsMsg(kit, buyer, amount, minCredits)], buyer);
}

export async function delegateCredits(kit: AppTestKit, granter: number, grantee: number, allowance: bigint, expiresMs = 0n): Promise<TxOutcome> {
  const value = paymentsTx.MsgDelegateCredits.fromPartial({ granter: kit.owners[granter].address, grantee: kit.owners[grantee].address, allowance: allowance.toString(), expiresMs });
  return kit.deliver([{ typeUrl: "/depin.payments.v1.MsgDelegateCredits", value }], granter);
}

export async function creditBalance(kit: AppTestKit, owner: number): Promise<CreditAccount> {
  return (await kit.query("/depin.payments.v1.Query/CreditBalance", q.QueryCreditBalanceRequest, { address: kit.owners[owner].address }, q.QueryCreditBalanceResponse)).account!;
}

export async function netEmission(kit: AppTestKit, epoch: bigint): Promise<NetEmission> {
  return (await kit.query("/depin.payments.v1.Query/NetEmission", q.QueryNetEmissionRequest, { epoch }, q.QueryNetEmissionResponse)).netEmission!;
}
