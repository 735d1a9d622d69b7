/** A small, fast network for the indexer's tests: short epochs, no proof interval, cheap fees. */
import { defineNetwork } from "../../modules/app/network-config";
import { energyMeter } from "../../plugins/energy-meter";
import { envSensor } from "../../plugins/env-sensor";

export const EPOCH_BLOCKS = 10;

export const testNetwork = defineNetwork({
  chainId: "fieldnet-indexer-test-1",
  bech32Prefix: "depin",
  denom: "ufield",
  minGasPrice: "0.025",
  devAccounts: { count: 3, balance: "1000000000000" },
  plugins: [energyMeter, envSensor],
  depin: {
    authority: { devAccount: 0 },
    networkTypes: [{ plugin: "energy-meter", weight: 3, params: { minIntervalSeconds: 0, maxClockSkewSeconds: 30 } }],
    registry: { onboardingFee: "1000", onboardingFeeDestination: "burn" },
    rewards: { epochLengthBlocks: EPOCH_BLOCKS, initialEmissionPerEpoch: "1000000", decayNumerator: 9, decayDenominator: 10, decayIntervalEpochs: 100 },
  },
});

/** The same network with the demand side on: energy-meter usage is priced and earns 30% of its pool. */
export const paymentsNetwork = defineNetwork({
  ...testNetwork,
  chainId: "fieldnet-indexer-payments-1",
  depin: {
    ...testNetwork.depin,
    networkTypes: [{ plugin: "energy-meter", weight: 3, params: { minIntervalSeconds: 0, maxClockSkewSeconds: 30 }, usage: { shareBps: 3000, creditsPerUnit: "3" } }],
  },
});
