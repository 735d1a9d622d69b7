/**
 * The emission schedule, in one place (closing an epoch and the emission invariant both use it).
 *
 * emission(n) = initial, times decay_numerator / decay_denominator (floor, one step at a time)
 * floor(n / decay_interval_epochs) times, then clipped so the running total never passes
 * emission_cap ("0" = no cap).
 */
import type { Params } from "../../generated/depin/rewards/v1/types";

export function scheduledEmission(params: Params, epoch: bigint, emittedBefore: bigint): bigint {
  let emission = BigInt(params.initialEmissionPerEpoch || "0");
  if (params.decayIntervalEpochs > 0n && params.decayDenominator > 0n) {
    const steps = epoch / params.decayIntervalEpochs;
    for (let i = 0n; i < steps && emission > 0n; i++) emission = (emission * params.decayNumerator) / params.decayDenominator;
  }
  const cap = BigInt(params.emissionCap || "0");
  if (cap > 0n) {
    const room = cap > emittedBefore ? cap - emittedBefore : 0n;
    if (emission > room) emission = room;
  }
  return emission;
}
