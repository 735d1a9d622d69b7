/** Rewards params: defaults and validation. */
import type { Params } from "../../generated/depin/rewards/v1/types";
import { ErrInvalidParams } from "./errors";

export const DEFAULT_REWARDS_PARAMS: Params = {
  epochLengthBlocks: 100n,
  denom: "ufield",
  initialEmissionPerEpoch: "1000000000",
  decayNumerator: 9n,
  decayDenominator: 10n,
  decayIntervalEpochs: 100n,
  emissionCap: "0",
  networkTypeWeights: [],
};

const INT = /^(0|[1-9][0-9]*)$/;

export function validateRewardsParams(params: Params | undefined): Params {
  if (!params) throw ErrInvalidParams.wrap("params are missing");
  if (params.epochLengthBlocks < 1n) throw ErrInvalidParams.wrap("epoch_length_blocks must be >= 1");
  if (!/^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/.test(params.denom)) throw ErrInvalidParams.wrap(`denom "${params.denom}" is invalid`);
  if (!INT.test(params.initialEmissionPerEpoch)) throw ErrInvalidParams.wrap("initial_emission_per_epoch must be an integer string");
  if (!INT.test(params.emissionCap || "0")) throw ErrInvalidParams.wrap("emission_cap must be an integer string");
  if (params.decayIntervalEpochs > 0n) {
    if (params.decayDenominator === 0n) throw ErrInvalidParams.wrap("decay_denominator must be > 0");
    if (params.decayNumerator > params.decayDenominator) throw ErrInvalidParams.wrap("decay_numerator must be <= decay_denominator");
  }
  let previous = "";
  for (const weight of params.networkTypeWeights) {
    if (weight.networkType <= previous) throw ErrInvalidParams.wrap("network_type_weights must be sorted by network_type and unique");
    previous = weight.networkType;
    if (weight.usageShareBps > 10_000) throw ErrInvalidParams.wrap(`usage_share_bps of ${weight.networkType} must be <= 10000`);
  }
  return params;
}
