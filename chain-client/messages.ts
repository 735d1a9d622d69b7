/**
 * Typed EncodeObject builders, one per Msg (cosmjs `MsgSendEncodeObject` style). Use them with
 * `signAndBroadcast`, or call the SigningFieldnetClient helpers that wrap them.
 */
import type { EncodeObject } from "@cosmjs/proto-signing";
import {
  MsgDeactivateDevice,
  MsgDisableNetworkType,
  MsgEnableNetworkType,
  MsgRegisterDevice,
  MsgTransferDevice,
  MsgUpdateDevice,
  MsgUpdateParams as RegistryMsgUpdateParams,
} from "../generated/depin/registry/v1/tx";
import { MsgSubmitProofs, MsgUpdateParams as ProofsMsgUpdateParams } from "../generated/depin/proofs/v1/tx";
import { MsgClaimRewards, MsgUpdateParams as RewardsMsgUpdateParams } from "../generated/depin/rewards/v1/tx";
import {
  MsgBuyCredits,
  MsgDelegateCredits,
  MsgRevokeCreditDelegation,
  MsgSubmitUsage,
  MsgUpdateParams as PaymentsMsgUpdateParams,
  MsgUpdatePriceFeed,
} from "../generated/depin/payments/v1/tx";
import type { Params as PaymentsParams, UsageReceipt } from "../generated/depin/payments/v1/types";
import type { Params as RegistryParams } from "../generated/depin/registry/v1/types";
import type { Params as ProofsParams, Proof } from "../generated/depin/proofs/v1/types";
import type { Params as RewardsParams } from "../generated/depin/rewards/v1/types";
import { TypeUrls } from "./registry";

export interface TypedEncodeObject<U extends string, T> extends EncodeObject {
  readonly typeUrl: U;
  readonly value: T;
}

export type MsgRegisterDeviceEncodeObject = TypedEncodeObject<typeof TypeUrls.RegisterDevice, MsgRegisterDevice>;
export type MsgUpdateDeviceEncodeObject = TypedEncodeObject<typeof TypeUrls.UpdateDevice, MsgUpdateDevice>;
export type MsgTransferDeviceEncodeObject = TypedEncodeObject<typeof TypeUrls.TransferDevice, MsgTransferDevice>;
export type MsgDeactivateDeviceEncodeObject = TypedEncodeObject<typeof TypeUrls.DeactivateDevice, MsgDeactivateDevice>;
export type MsgSubmitProofsEncodeObject = TypedEncodeObject<typeof TypeUrls.SubmitProofs, MsgSubmitProofs>;
export type MsgClaimRewardsEncodeObject = TypedEncodeObject<typeof TypeUrls.ClaimRewards, MsgClaimRewards>;
export type MsgBuyCreditsEncodeObject = TypedEncodeObject<typeof TypeUrls.BuyCredits, MsgBuyCredits>;
export type MsgDelegateCreditsEncodeObject = TypedEncodeObject<typeof TypeUrls.DelegateCredits, MsgDelegateCredits>;
export type MsgRevokeCreditDelegationEncodeObject = TypedEncodeObject<typeof TypeUrls.RevokeCreditDelegation, MsgRevokeCreditDelegation>;
export type MsgSubmitUsageEncodeObject = TypedEncodeObject<typeof TypeUrls.SubmitUsage, MsgSubmitUsage>;

export const msgs = {
  registerDevice(value: Omit<MsgRegisterDevice, "location" | "metadataJson"> & { location?: string; metadataJson?: Uint8Array }): MsgRegisterDeviceEncodeObject {
    return { typeUrl: TypeUrls.RegisterDevice, value: MsgRegisterDevice.fromPartial({ location: "", metadataJson: new Uint8Array(), ...value }) };
  },
  updateDevice(value: { owner: string; deviceId: string; metadataJson?: Uint8Array; location?: string }): MsgUpdateDeviceEncodeObject {
    return { typeUrl: TypeUrls.UpdateDevice, value: MsgUpdateDevice.fromPartial(value) };
  },
  transferDevice(value: MsgTransferDevice): MsgTransferDeviceEncodeObject {
    return { typeUrl: TypeUrls.TransferDevice, value: MsgTransferDevice.fromPartial(value) };
  },
  deactivateDevice(value: MsgDeactivateDevice): MsgDeactivateDeviceEncodeObject {
    return { typeUrl: TypeUrls.DeactivateDevice, value: MsgDeactivateDevice.fromPartial(value) };
  },
  submitProofs(submitter: string, proofs: readonly Proof[]): MsgSubmitProofsEncodeObject {
    return { typeUrl: TypeUrls.SubmitProofs, value: { submitter, proofs: [...proofs] } };
  },
  claimRewards(owner: string, deviceIds: readonly string[] = []): MsgClaimRewardsEncodeObject {
    return { typeUrl: TypeUrls.ClaimRewards, value: { owner, deviceIds: [...deviceIds] } };
  },
  enableNetworkType(value: MsgEnableNetworkType): TypedEncodeObject<typeof TypeUrls.EnableNetworkType, MsgEnableNetworkType> {
    return { typeUrl: TypeUrls.EnableNetworkType, value: MsgEnableNetworkType.fromPartial(value) };
  },
  disableNetworkType(value: MsgDisableNetworkType): TypedEncodeObject<typeof TypeUrls.DisableNetworkType, MsgDisableNetworkType> {
    return { typeUrl: TypeUrls.DisableNetworkType, value: MsgDisableNetworkType.fromPartial(value) };
  },
  updateRegistryParams(authority: string, params: RegistryParams): TypedEncodeObject<typeof TypeUrls.RegistryUpdateParams, RegistryMsgUpdateParams> {
    return { typeUrl: TypeUrls.RegistryUpdateParams, value: { authority, params } };
  },
  updateProofsParams(authority: string, params: ProofsParams): TypedEncodeObject<typeof TypeUrls.ProofsUpdateParams, ProofsMsgUpdateParams> {
    return { typeUrl: TypeUrls.ProofsUpdateParams, value: { authority, params } };
  },
  updateRewardsParams(authority: string, params: RewardsParams): TypedEncodeObject<typeof TypeUrls.RewardsUpdateParams, RewardsMsgUpdateParams> {
    return { typeUrl: TypeUrls.RewardsUpdateParams, value: { authority, params } };
  },
  /** Burns `amount` (in the credits denom) for service credits; `minCredits` guards against a price change. */
  buyCredits(buyer: string, amount: { denom: string; amount: string }, minCredits = "0"): MsgBuyCreditsEncodeObject {
    return { typeUrl: TypeUrls.BuyCredits, value: { buyer, amount, minCredits } };
  },
  /** Lets `grantee`'s usage receipts (payer = granter) spend up to `allowance` of granter's credits. */
  delegateCredits(value: { granter: string; grantee: string; allowance: string; expiresMs?: bigint }): MsgDelegateCreditsEncodeObject {
    return { typeUrl: TypeUrls.DelegateCredits, value: MsgDelegateCredits.fromPartial(value) };
  },
  revokeCreditDelegation(granter: string, grantee: string): MsgRevokeCreditDelegationEncodeObject {
    return { typeUrl: TypeUrls.RevokeCreditDelegation, value: { granter, grantee } };
  },
  /** A batch of usage receipts signed by device and user (see device/usage.ts). */
  submitUsage(submitter: string, receipts: readonly UsageReceipt[]): MsgSubmitUsageEncodeObject {
    return { typeUrl: TypeUrls.SubmitUsage, value: { submitter, receipts: [...receipts] } };
  },
  updatePriceFeed(value: MsgUpdatePriceFeed): TypedEncodeObject<typeof TypeUrls.UpdatePriceFeed, MsgUpdatePriceFeed> {
    return { typeUrl: TypeUrls.UpdatePriceFeed, value: MsgUpdatePriceFeed.fromPartial(value) };
  },
  updatePaymentsParams(authority: string, params: PaymentsParams): TypedEncodeObject<typeof TypeUrls.PaymentsUpdateParams, PaymentsMsgUpdateParams> {
    return { typeUrl: TypeUrls.PaymentsUpdateParams, value: { authority, params } };
  },
};
