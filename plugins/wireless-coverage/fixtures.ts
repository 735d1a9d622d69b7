/**
 * Test fixtures (tests only): H3 cells at resolution 12 (the registry's default), computed off
 * chain from the latitude/longitude in the comment (Berlin; FAR is near Hamburg), and params.
 */
import type { CoverageParams } from "./schema";

export const CELLS = {
  H0: "8c1f1d489403bff", // 52.5200, 13.4000
  H1: "8c1f1d489d4c7ff", // 52.5300, 13.4000 (~1.1 km N of H0)
  H2: "8c1f1d4d44b6bff", // 52.5200, 13.4300 (~2 km E)
  H3: "8c1f18b25c0e9ff", // 52.4930, 13.4000 (~3 km S)
  LIAR_CLAIMED: "8c1f1d41c79b9ff", // 52.6200, 13.4000: asserted ~11 km N, while the radio sits at 52.5100, 13.4150
  COLOCATED: "8c1f1d4894017ff", // 52.5201, 13.4001 (~13 m from H0)
  FAR: "8c1f15ad31861ff", // 53.5500, 10.0000 (~300 km away)
  IMPOSSIBLE: "8c1f1d48d2849ff", // 52.5380, 13.4000 (~2 km N)
  LATE: "8c1f1d48b523dff", // 52.5050, 13.3800 (~2.3 km SW)
} as const;

export const CHANNEL_HZ = 904_300_000;

export const PARAMS: CoverageParams = {
  challengeIntervalBlocks: 2,
  challengesPerRound: 2,
  windowBlocks: 1,
  channelsHz: [CHANNEL_HZ],
  frequencyToleranceHz: 20_000,
  distanceResolution: 10,
  minWitnessCells: 3,
  maxWitnessDistanceM: 30_000,
  maxTxPowerDeciDbm: 270,
  maxAntennaGainDeciDbi: 120,
  rssiMarginDeciDb: 60,
  maxClockSkewMs: 30_000,
  rewards: { baseUnits: 1000, redundancy: 4, decayPermille: 500, maxWitnesses: 14, densityResolution: 8, densityTarget: 2, densityCap: 32 },
};

/** A plausible reading at 1-4 km in free space with 12 dBi antennas; impossible at 13 km. */
export const HONEST_RSSI = -500;

