/** Shared app-test options for the payments specs and benchmark: two network types with usage prices. */
import * as h3 from "h3-js";
import { energyMeter } from "../../plugins/energy-meter";
import { envSensor, type EnvSensorParams } from "../../plugins/env-sensor";
import type { AppTestKitOptions } from "../plugin/test-kit";

export const SENSOR_PARAMS: EnvSensorParams = {
  minIntervalSeconds: 300,
  maxClockSkewSeconds: 30,
  ranges: { temperature_cC: { min: -4000, max: 6000 } },
  neighbourhood: { resolution: 8, ringSize: 1, maxReadingsPerCell: 8, maxAgeSeconds: 3600 },
  outlier: { minSamples: 3, madMultiplier: 3, minMad: { temperature_cC: 50 }, penaltyPerMetric: 50 },
};

export const HOME = h3.latLngToCell(52.52, 13.405, 12);

/** energy-meter: weight 3, half of its pool for usage, 2 credits per Wh; env-sensor: weight 1, all usage, 5 credits per reading. */
export const PAYMENTS_OPTIONS: AppTestKitOptions = {
  plugins: [energyMeter, envSensor],
  networkTypes: [
    { plugin: "energy-meter", params: { minIntervalSeconds: 60, maxClockSkewSeconds: 30 }, weight: 3, usage: { shareBps: 5000, creditsPerUnit: "2" } },
    { plugin: "env-sensor", params: SENSOR_PARAMS, weight: 1, usage: { shareBps: 10_000, creditsPerUnit: "5" } },
  ],
  depin: {
    rewards: { epochLengthBlocks: 10, initialEmissionPerEpoch: "1000000", decayIntervalEpochs: 0 },
    // 10 ufield buy 1 credit.
    payments: { fixedRate: { credits: "1", baseUnits: "10" } },
  },
  owners: 4,
  namespace: "payments",
};

export const HOUR_MS = 3_600_000n;
