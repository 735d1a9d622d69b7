/** Registry params: defaults and validation. */
import { FeeDestination, type Params } from "../../generated/depin/registry/v1/types";
import { ErrInvalidParams } from "./errors";

export const DEFAULT_REGISTRY_PARAMS: Params = {
  onboardingFee: undefined,
  onboardingFeeDestination: FeeDestination.FEE_DESTINATION_BURN,
  maxMetadataBytes: 4096,
  locationResolution: 12,
  locationUpdateCooldownBlocks: 0n,
};

export function validateRegistryParams(params: Params | undefined): Params {
  if (!params) throw ErrInvalidParams.wrap("params are missing");
  const fee = params.onboardingFee;
  if (fee && fee.amount !== "" && fee.amount !== "0") {
    if (!/^[1-9][0-9]*$/.test(fee.amount)) throw ErrInvalidParams.wrap(`onboarding_fee amount "${fee.amount}" is not a positive integer`);
    if (!/^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/.test(fee.denom)) throw ErrInvalidParams.wrap(`onboarding_fee denom "${fee.denom}" is invalid`);
    if (params.onboardingFeeDestination === FeeDestination.FEE_DESTINATION_UNSPECIFIED) {
      throw ErrInvalidParams.wrap("onboarding_fee_destination must be set when the fee is non-zero");
    }
  }
  if (![FeeDestination.FEE_DESTINATION_UNSPECIFIED, FeeDestination.FEE_DESTINATION_BURN, FeeDestination.FEE_DESTINATION_REWARD_POOL].includes(params.onboardingFeeDestination)) {
    throw ErrInvalidParams.wrap("unknown onboarding_fee_destination");
  }
  if (params.maxMetadataBytes < 2 || params.maxMetadataBytes > 65536) throw ErrInvalidParams.wrap("max_metadata_bytes must be in 2..65536");
  if (params.locationResolution > 15) throw ErrInvalidParams.wrap("location_resolution must be in 0..15");
  return params;
}

/** The onboarding fee as (denom, amount), or undefined when free. */
export function onboardingFee(params: Params): { denom: string; amount: bigint } | undefined {
  const fee = params.onboardingFee;
  if (!fee || fee.amount === "" || fee.amount === "0") return undefined;
  return { denom: fee.denom, amount: BigInt(fee.amount) };
}
