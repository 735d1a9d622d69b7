/**
 * Our Msg types for cosmjs's proto-signing Registry (the cosmjs `defaultRegistryTypes` pattern).
 * `fieldnetRegistry()` = cosmjs defaults + every depin Msg, so SigningStargateClient can encode them.
 */
import { Registry, type GeneratedType } from "@cosmjs/proto-signing";
import { defaultRegistryTypes } from "@cosmjs/stargate";
import * as registryTx from "../generated/depin/registry/v1/tx";
import * as proofsTx from "../generated/depin/proofs/v1/tx";
import * as rewardsTx from "../generated/depin/rewards/v1/tx";
import * as paymentsTx from "../generated/depin/payments/v1/tx";

export const TypeUrls = {
  EnableNetworkType: "/depin.registry.v1.MsgEnableNetworkType",
  DisableNetworkType: "/depin.registry.v1.MsgDisableNetworkType",
  RegistryUpdateParams: "/depin.registry.v1.MsgUpdateParams",
  RegisterDevice: "/depin.registry.v1.MsgRegisterDevice",
  UpdateDevice: "/depin.registry.v1.MsgUpdateDevice",
  TransferDevice: "/depin.registry.v1.MsgTransferDevice",
  DeactivateDevice: "/depin.registry.v1.MsgDeactivateDevice",
  SubmitProofs: "/depin.proofs.v1.MsgSubmitProofs",
  ProofsUpdateParams: "/depin.proofs.v1.MsgUpdateParams",
  ClaimRewards: "/depin.rewards.v1.MsgClaimRewards",
  RewardsUpdateParams: "/depin.rewards.v1.MsgUpdateParams",
  BuyCredits: "/depin.payments.v1.MsgBuyCredits",
  DelegateCredits: "/depin.payments.v1.MsgDelegateCredits",
  RevokeCreditDelegation: "/depin.payments.v1.MsgRevokeCreditDelegation",
  SubmitUsage: "/depin.payments.v1.MsgSubmitUsage",
  UpdatePriceFeed: "/depin.payments.v1.MsgUpdatePriceFeed",
  PaymentsUpdateParams: "/depin.payments.v1.MsgUpdateParams",
} as const;

/** Response types by request type URL, to decode `msgResponses`. */
export const ResponseTypes = {
  [TypeUrls.EnableNetworkType]: registryTx.MsgEnableNetworkTypeResponse,
  [TypeUrls.DisableNetworkType]: registryTx.MsgDisableNetworkTypeResponse,
  [TypeUrls.RegistryUpdateParams]: registryTx.MsgUpdateParamsResponse,
  [TypeUrls.RegisterDevice]: registryTx.MsgRegisterDeviceResponse,
  [TypeUrls.UpdateDevice]: registryTx.MsgUpdateDeviceResponse,
  [TypeUrls.TransferDevice]: registryTx.MsgTransferDeviceResponse,
  [TypeUrls.DeactivateDevice]: registryTx.MsgDeactivateDeviceResponse,
  [TypeUrls.SubmitProofs]: proofsTx.MsgSubmitProofsResponse,
  [TypeUrls.ProofsUpdateParams]: proofsTx.MsgUpdateParamsResponse,
  [TypeUrls.ClaimRewards]: rewardsTx.MsgClaimRewardsResponse,
  [TypeUrls.RewardsUpdateParams]: rewardsTx.MsgUpdateParamsResponse,
  [TypeUrls.BuyCredits]: paymentsTx.MsgBuyCreditsResponse,
  [TypeUrls.DelegateCredits]: paymentsTx.MsgDelegateCreditsResponse,
  [TypeUrls.RevokeCreditDelegation]: paymentsTx.MsgRevokeCreditDelegationResponse,
  [TypeUrls.SubmitUsage]: paymentsTx.MsgSubmitUsageResponse,
  [TypeUrls.UpdatePriceFeed]: paymentsTx.MsgUpdatePriceFeedResponse,
  [TypeUrls.PaymentsUpdateParams]: paymentsTx.MsgUpdateParamsResponse,
} as const;

export const fieldnetTypes: ReadonlyArray<[string, GeneratedType]> = [
  [TypeUrls.EnableNetworkType, registryTx.MsgEnableNetworkType],
  [TypeUrls.DisableNetworkType, registryTx.MsgDisableNetworkType],
  [TypeUrls.RegistryUpdateParams, registryTx.MsgUpdateParams],
  [TypeUrls.RegisterDevice, registryTx.MsgRegisterDevice],
  [TypeUrls.UpdateDevice, registryTx.MsgUpdateDevice],
  [TypeUrls.TransferDevice, registryTx.MsgTransferDevice],
  [TypeUrls.DeactivateDevice, registryTx.MsgDeactivateDevice],
  [TypeUrls.SubmitProofs, proofsTx.MsgSubmitProofs],
  [TypeUrls.ProofsUpdateParams, proofsTx.MsgUpdateParams],
  [TypeUrls.ClaimRewards, rewardsTx.MsgClaimRewards],
  [TypeUrls.RewardsUpdateParams, rewardsTx.MsgUpdateParams],
  [TypeUrls.BuyCredits, paymentsTx.MsgBuyCredits],
  [TypeUrls.DelegateCredits, paymentsTx.MsgDelegateCredits],
  [TypeUrls.RevokeCreditDelegation, paymentsTx.MsgRevokeCreditDelegation],
  [TypeUrls.SubmitUsage, paymentsTx.MsgSubmitUsage],
  [TypeUrls.UpdatePriceFeed, paymentsTx.MsgUpdatePriceFeed],
  [TypeUrls.PaymentsUpdateParams, paymentsTx.MsgUpdateParams],
] as unknown as ReadonlyArray<[string, GeneratedType]>;

/** cosmjs's default types plus Fieldnet's. */
export function fieldnetRegistry(): Registry {
  return new Registry([...defaultRegistryTypes, ...fieldnetTypes]);
}
