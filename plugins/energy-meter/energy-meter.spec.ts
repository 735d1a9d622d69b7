import { PluginHarness } from "../../modules/plugin/testing";
import { energyMeter, maxDeliveredWh } from "./index";

const T0 = 1_700_000_000; // unix seconds
function setup(params = { minIntervalSeconds: 60, maxClockSkewSeconds: 30 }) {
  const h = new PluginHarness(energyMeter, params);
  h.timeMs = BigInt(T0 + 10_000) * 1000n;
  const d = h.register({ ratedPowerW: 3600, model: "EM-1" });
  return { h, d };
}

describe("energy-meter", () => {
  it("first reading is a baseline with 0 units", () => {
    const { h, d } = setup();
    expect(h.submit(d, { counterWh: 5000, readAt: T0 })).toMatchObject({ accepted: true, units: 0n, reason: "BASELINE" });
  });

  it("units = Wh delivered since the last accepted reading", () => {
    const { h, d } = setup();
    h.submit(d, { counterWh: 5000, readAt: T0 });
    expect(h.submit(d, { counterWh: 5100, readAt: T0 + 600 })).toMatchObject({ accepted: true, units: 100n, reason: "", quality: 100 });
    expect(h.submit(d, { counterWh: "5100", readAt: T0 + 1200 })).toMatchObject({ accepted: true, units: 0n });
  });

  it("rejects a counter going backwards, and the next reading compares with the last accepted one", () => {
    const { h, d } = setup();
    h.submit(d, { counterWh: 5000, readAt: T0 });
    expect(h.submit(d, { counterWh: 4999, readAt: T0 + 600 })).toMatchObject({ accepted: false, units: 0n, reason: "COUNTER_BACKWARDS" });
    expect(h.submit(d, { counterWh: 5200, readAt: T0 + 1200 })).toMatchObject({ accepted: true, units: 200n });
  });

  it("caps the increase at ceil(ratedPowerW * elapsed / 3600)", () => {
    const { h, d } = setup(); // 3600 W = 1 Wh per second
    h.submit(d, { counterWh: 0, readAt: T0 });
    expect(h.submit(d, { counterWh: 601, readAt: T0 + 600 })).toMatchObject({ accepted: false, reason: "EXCEEDS_RATED_POWER" });
    expect(h.submit(d, { counterWh: 600, readAt: T0 + 600 })).toMatchObject({ accepted: true, units: 600n });
    expect(maxDeliveredWh(1000n, 60n)).toBe(17n); // 16.67 -> 17: counters quantize to whole Wh
    expect(maxDeliveredWh(3600n, 0n)).toBe(0n);
  });

  it("rejects readings closer than minIntervalSeconds and non-increasing readAt", () => {
    const { h, d } = setup();
    h.submit(d, { counterWh: 0, readAt: T0 });
    expect(h.submit(d, { counterWh: 10, readAt: T0 + 59 })).toMatchObject({ accepted: false, reason: "INTERVAL_TOO_SHORT" });
    expect(h.submit(d, { counterWh: 10, readAt: T0 })).toMatchObject({ accepted: false, reason: "READ_AT_NOT_INCREASING" });
    expect(h.submit(d, { counterWh: 10, readAt: T0 - 5 })).toMatchObject({ accepted: false, reason: "READ_AT_NOT_INCREASING" });
    expect(h.submit(d, { counterWh: 10, readAt: T0 + 60 })).toMatchObject({ accepted: true, units: 10n });
  });

  it("rejects readings from the future beyond the allowed skew", () => {
    const { h, d } = setup();
    const now = Number(h.timeMs / 1000n);
    expect(h.submit(d, { counterWh: 0, readAt: now + 31 })).toMatchObject({ accepted: false, reason: "READ_IN_FUTURE" });
    expect(h.submit(d, { counterWh: 0, readAt: now + 30 })).toMatchObject({ accepted: true, reason: "BASELINE" });
  });

  it("accepts string counters beyond 2^53 and rejects past 2^64 - 1", () => {
    const { h, d } = setup();
    h.submit(d, { counterWh: "9007199254740993", readAt: T0 });
    expect(h.submit(d, { counterWh: "9007199254741093", readAt: T0 + 600 })).toMatchObject({ accepted: true, units: 100n });
    expect(h.submit(d, { counterWh: "18446744073709551616", readAt: T0 + 1200 })).toMatchObject({ accepted: false, reason: "COUNTER_OUT_OF_RANGE" });
  });

  it("schema errors are field-level", () => {
    const { h, d } = setup();
    expect(h.submit(d, { counterWh: -1, readAt: T0 })).toMatchObject({ accepted: false, reason: "PAYLOAD_SCHEMA" });
    expect(h.submit(d, { counterWh: "01", readAt: T0 })).toMatchObject({ reason: "PAYLOAD_SCHEMA" });
    expect(h.submit(d, { readAt: T0 })).toMatchObject({ detail: "payload.counterWh: is required" });
    expect(h.submit(d, { counterWh: 1.5, readAt: T0 })).toMatchObject({ reason: "PAYLOAD_INVALID_JSON" });
    expect(() => h.register({ ratedPowerW: 1.5 })).toThrow("metadata.ratedPowerW: must be integer");
    expect(() => new PluginHarness(energyMeter, { minIntervalSeconds: 1 })).toThrow("params.maxClockSkewSeconds: is required");
  });
});
