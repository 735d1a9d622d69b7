/** energy-meter verifyUsage rules (README "Usage receipts"), called directly: the plugin is pure. */
import { canonicalJsonBytes, type UsageContext } from "../../modules/plugin";
import { energyMeter, maxDeliveredWhInMs, type EnergyMeterMetadata, type EnergyMeterParams, type EnergyMeterUsage } from "./index";

const HOUR = 3_600_000n;

function ctx(deliveredWh: number, start: bigint, end: bigint, last?: { start: bigint; end: bigint }): UsageContext<EnergyMeterParams, EnergyMeterMetadata, EnergyMeterUsage> {
  return {
    params: { minIntervalSeconds: 60, maxClockSkewSeconds: 30 },
    device: { metadata: { ratedPowerW: 7200 } },
    receipt: { user: "depin1user", payer: "depin1user", sequence: 2n, periodStartMs: start, periodEndMs: end, payload: { deliveredWh }, payloadBytes: canonicalJsonBytes({ deliveredWh }) },
    lastReceipt: last ? { sequence: 1n, user: "depin1user", periodStartMs: last.start, periodEndMs: last.end, payload: { deliveredWh: 1 }, height: 1n } : undefined,
  } as unknown as UsageContext<EnergyMeterParams, EnergyMeterMetadata, EnergyMeterUsage>;
}

describe("energy-meter usage receipts", () => {
  it("units = Wh delivered, up to the rated power over the period (ceiling)", () => {
    expect(maxDeliveredWhInMs(7200n, HOUR)).toBe(7200n);
    expect(maxDeliveredWhInMs(7200n, 1n)).toBe(1n);
    expect(energyMeter.verifyUsage!(ctx(7200, 0n, HOUR))).toEqual({ accepted: true, units: 7200n });
    expect(energyMeter.verifyUsage!(ctx(0, 0n, HOUR))).toEqual({ accepted: true, units: 0n });
    expect(energyMeter.verifyUsage!(ctx(7201, 0n, HOUR))).toMatchObject({ accepted: false, reason: "EXCEEDS_CAPACITY", units: 0n });
    expect(energyMeter.verifyUsage!(ctx(3601, 0n, HOUR / 2n))).toMatchObject({ reason: "EXCEEDS_CAPACITY" });
  });

  it("consecutive receipts may touch but not overlap (one session at a time)", () => {
    expect(energyMeter.verifyUsage!(ctx(10, HOUR, 2n * HOUR, { start: 0n, end: HOUR })).accepted).toBe(true);
    expect(energyMeter.verifyUsage!(ctx(10, HOUR - 1n, 2n * HOUR, { start: 0n, end: HOUR }))).toMatchObject({ accepted: false, reason: "PERIOD_OVERLAP" });
  });
});
