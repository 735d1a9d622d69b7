/** The explorer tests' network: both shipped plugins enabled, short epochs, no proof interval. */
import { defineNetwork } from "../../modules/app/network-config";
import { testNetwork } from "../../indexer/testing/network";

/** The indexer tests' network (short epochs, burned onboarding fee) with env-sensor enabled too. */
export const explorerNetwork = defineNetwork({
  ...testNetwork,
  chainId: "fieldnet-explorer-test-1",
  depin: {
    ...testNetwork.depin,
    networkTypes: [
      // Usage is priced so the page can show receipts and credits (payments module).
      { plugin: "energy-meter", weight: 3, params: { minIntervalSeconds: 0, maxClockSkewSeconds: 30 }, usage: { shareBps: 2000, creditsPerUnit: "2" } },
      {
        plugin: "env-sensor",
        weight: 1,
        params: {
          minIntervalSeconds: 0,
          maxClockSkewSeconds: 30,
          ranges: { temperature_cC: { min: -4000, max: 6000 }, humidity_pBP: { min: 0, max: 10000 } },
          neighbourhood: { resolution: 8, ringSize: 1, maxReadingsPerCell: 32, maxAgeSeconds: 3600 },
          outlier: { minSamples: 3, madMultiplier: 3, minMad: { temperature_cC: 50, humidity_pBP: 100 }, penaltyPerMetric: 50 },
        },
      },
    ],
  },
});
