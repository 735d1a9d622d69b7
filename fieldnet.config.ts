/** The repository's default network: what `npm run devnet` runs. Copy and edit it for your own. */
import { defineNetwork } from "./modules/app/network-config";
import { energyMeter } from "./plugins/energy-meter";
import { envSensor } from "./plugins/env-sensor";

export default defineNetwork({
  chainId: "fieldnet-devnet-1",
  bech32Prefix: "depin",
  denom: "ufield",
  minGasPrice: "0.025",
  devAccounts: { count: 10, balance: "1000000000000" },
  // Plugins compiled into the app, like SDK modules. Adding a network type = a plugin here plus a
  // genesis entry below (or MsgEnableNetworkType from the authority).
  plugins: [energyMeter, envSensor],
  depin: {
    authority: { devAccount: 0 },
    networkTypes: [
      { plugin: "energy-meter", weight: 3, params: { minIntervalSeconds: 300, maxClockSkewSeconds: 30 } },
      {
        plugin: "env-sensor",
        weight: 1,
        params: {
          minIntervalSeconds: 300,
          maxClockSkewSeconds: 30,
          ranges: { temperature_cC: { min: -4000, max: 6000 }, humidity_pBP: { min: 0, max: 10000 }, pressure_Pa: { min: 30000, max: 110000 }, pm25_ugm3x10: { min: 0, max: 10000 } },
          neighbourhood: { resolution: 8, ringSize: 1, maxReadingsPerCell: 32, maxAgeSeconds: 3600 },
          outlier: { minSamples: 3, madMultiplier: 3, minMad: { temperature_cC: 50, humidity_pBP: 100 }, penaltyPerMetric: 50 },
        },
      },
    ],
    registry: { onboardingFee: "1000000", onboardingFeeDestination: "burn" },
    rewards: { epochLengthBlocks: 60, initialEmissionPerEpoch: "1000000000", decayNumerator: 9, decayDenominator: 10, decayIntervalEpochs: 1440 },
  },
});
