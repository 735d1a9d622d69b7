/** env-sensor verifyUsage rules (README "Usage receipts"), called directly: the plugin is pure. */
import { canonicalJsonBytes, type UsageContext } from "../../modules/plugin";
import { envSensor, maxReadingsInMs, type EnvSensorMetadata, type EnvSensorParams, type EnvSensorUsage } from "./index";

const MIN = 60_000n;

function ctx(readings: number, start: bigint, end: bigint, user = "depin1a", last?: { user: string; end: bigint }): UsageContext<EnvSensorParams, EnvSensorMetadata, EnvSensorUsage> {
  return {
    params: { minIntervalSeconds: 300 },
    device: { metadata: {} },
    receipt: { user, payer: user, sequence: 2n, periodStartMs: start, periodEndMs: end, payload: { readings }, payloadBytes: canonicalJsonBytes({ readings }) },
    lastReceipt: last ? { sequence: 1n, user: last.user, periodStartMs: 0n, periodEndMs: last.end, payload: { readings: 1 }, height: 1n } : undefined,
  } as unknown as UsageContext<EnvSensorParams, EnvSensorMetadata, EnvSensorUsage>;
}

describe("env-sensor usage receipts", () => {
  it("units = readings delivered, at most one per minIntervalSeconds plus one", () => {
    expect(maxReadingsInMs(300, 60n * MIN)).toBe(13n);
    expect(maxReadingsInMs(0, 2000n)).toBe(3n);
    expect(envSensor.verifyUsage!(ctx(13, 0n, 60n * MIN))).toEqual({ accepted: true, units: 13n });
    expect(envSensor.verifyUsage!(ctx(14, 0n, 60n * MIN))).toMatchObject({ accepted: false, reason: "EXCEEDS_CAPACITY" });
  });

  it("several users may overlap; one user's receipts may not", () => {
    expect(envSensor.verifyUsage!(ctx(1, 0n, 10n * MIN, "depin1b", { user: "depin1a", end: 10n * MIN })).accepted).toBe(true);
    expect(envSensor.verifyUsage!(ctx(1, 0n, 10n * MIN, "depin1a", { user: "depin1a", end: 10n * MIN }))).toMatchObject({ accepted: false, reason: "PERIOD_OVERLAP" });
  });
});
