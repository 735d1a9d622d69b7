import * as h3 from "h3-js";
import { PluginHarness } from "../../modules/plugin/testing";
import { envSensor, findOutliers, type EnvSensorParams } from "./index";

const PARAMS: EnvSensorParams = {
  minIntervalSeconds: 300,
  maxClockSkewSeconds: 30,
  ranges: { temperature_cC: { min: -4000, max: 6000 }, humidity_pBP: { min: 0, max: 10000 } },
  neighbourhood: { resolution: 8, ringSize: 1, maxReadingsPerCell: 8, maxAgeSeconds: 3600 },
  outlier: { minSamples: 3, madMultiplier: 3, minMad: { temperature_cC: 50, humidity_pBP: 100 }, penaltyPerMetric: 50 },
};

const HOME = h3.latLngToCell(52.52, 13.405, 12);
const NEAR = h3.latLngToCell(52.521, 13.406, 12); // same res-8 neighbourhood
const FAR = h3.latLngToCell(48.8566, 2.3522, 12); // Paris

function setup() {
  const h = new PluginHarness(envSensor, PARAMS);
  return { h, now: () => Number(h.timeMs / 1000n) };
}

describe("env-sensor", () => {
  it("requires a location fine enough for the neighbourhood", () => {
    const { h } = setup();
    expect(() => h.register({})).toThrow("LOCATION_REQUIRED");
    expect(() => h.register({}, { location: h3.cellToParent(HOME, 7) })).toThrow("LOCATION_TOO_COARSE");
    expect(h.register({ indoor: false }, { location: HOME }).location).toBe(HOME);
  });

  it("a lone sensor gets full quality: units = 100 quality-points", () => {
    const { h, now } = setup();
    const d = h.register({}, { location: HOME });
    expect(h.submit(d, { readAt: now(), metrics: { temperature_cC: 2150, humidity_pBP: 5500 } })).toMatchObject({ accepted: true, units: 100n, quality: 100, reason: "" });
  });

  it("rejects out-of-range and unconfigured metrics", () => {
    const { h, now } = setup();
    const d = h.register({}, { location: HOME });
    expect(h.submit(d, { readAt: now(), metrics: { temperature_cC: 6001 } })).toMatchObject({ accepted: false, reason: "OUT_OF_RANGE", detail: "temperature_cC=6001 not in [-4000, 6000]" });
    expect(h.submit(d, { readAt: now(), metrics: { pm25_ugm3x10: 120 } })).toMatchObject({ accepted: false, reason: "METRIC_NOT_CONFIGURED" });
    expect(h.submit(d, { readAt: now(), metrics: {} })).toMatchObject({ accepted: false, reason: "PAYLOAD_SCHEMA" });
    expect(h.submit(d, { readAt: now(), metrics: { windSpeed: 3 } })).toMatchObject({ reason: "PAYLOAD_SCHEMA", detail: "payload.metrics: unknown property 'windSpeed'" });
  });

  it("enforces the minimum interval and monotonic readAt", () => {
    const { h, now } = setup();
    const d = h.register({}, { location: HOME });
    const t = now();
    expect(h.submit(d, { readAt: t - 600, metrics: { temperature_cC: 2000 } }).accepted).toBe(true);
    expect(h.submit(d, { readAt: t - 400, metrics: { temperature_cC: 2000 } })).toMatchObject({ accepted: false, reason: "INTERVAL_TOO_SHORT" });
    expect(h.submit(d, { readAt: t - 600, metrics: { temperature_cC: 2000 } })).toMatchObject({ accepted: false, reason: "READ_AT_NOT_INCREASING" });
    expect(h.submit(d, { readAt: t + 31, metrics: { temperature_cC: 2000 } })).toMatchObject({ accepted: false, reason: "READ_IN_FUTURE" });
    expect(h.submit(d, { readAt: t, metrics: { temperature_cC: 2000 } }).accepted).toBe(true);
  });

  it("lowers quality for an outlier against neighbours (median/MAD), per metric", () => {
    const { h, now } = setup();
    const neighbours = [2100, 2120, 2080, 2150].map(() => h.register({}, { location: NEAR }));
    [2100, 2120, 2080, 2150].forEach((t, i) => expect(h.submit(neighbours[i]!, { readAt: now(), metrics: { temperature_cC: t, humidity_pBP: 5000 } }).quality).toBeLessThanOrEqual(100));
    const d = h.register({}, { location: HOME });
    // median 2110, MAD 30 -> floor 50 -> threshold 150: 2250 is within, 2300 is not
    const ok = h.submit(d, { readAt: now(), metrics: { temperature_cC: 2250, humidity_pBP: 5050 } });
    expect(ok).toMatchObject({ accepted: true, units: 100n, quality: 100 });
    h.advance(60n, 600_000n);
    const bad = h.submit(d, { readAt: now(), metrics: { temperature_cC: 3500, humidity_pBP: 5000 } });
    expect(bad).toMatchObject({ accepted: true, units: 50n, quality: 50, reason: "OUTLIER" });
    expect(bad.detail).toContain("temperature_cC=3500 median 2110");
    h.advance(60n, 600_000n);
    expect(h.submit(d, { readAt: now(), metrics: { temperature_cC: 3500, humidity_pBP: 9000 } })).toMatchObject({ units: 0n, quality: 0 });
  });

  it("ignores far-away devices, stale readings and the device's own history", () => {
    const { h, now } = setup();
    const far = [1, 2, 3].map(() => h.register({}, { location: FAR }));
    far.forEach((f) => h.submit(f, { readAt: now(), metrics: { temperature_cC: 0 } }));
    const d = h.register({}, { location: HOME });
    expect(h.submit(d, { readAt: now(), metrics: { temperature_cC: 3000 } }).quality).toBe(100);
    const near = [1, 2, 3].map(() => h.register({}, { location: NEAR }));
    near.forEach((n) => h.submit(n, { readAt: now(), metrics: { temperature_cC: 0 } }));
    h.advance(400n, 3_601_000n); // neighbours' readings are now too old
    expect(h.submit(d, { readAt: now(), metrics: { temperature_cC: 3000 } }).quality).toBe(100);
  });

  it("prunes each bucket to maxReadingsPerCell", () => {
    const { h, now } = setup();
    const devs = Array.from({ length: 12 }, () => h.register({}, { location: NEAR }));
    devs.forEach((d) => h.submit(d, { readAt: now(), metrics: { temperature_cC: 2000 } }));
    expect([...h.store.iterate({ prefix: "n/" })]).toHaveLength(PARAMS.neighbourhood.maxReadingsPerCell);
  });

  it("findOutliers needs minSamples and uses integer median/MAD", () => {
    const o = PARAMS.outlier;
    expect(findOutliers({ temperature_cC: 9000 }, [{ metrics: { temperature_cC: 0 } }, { metrics: { temperature_cC: 0 } }], o)).toEqual([]);
    const n = [0, 10, 20].map((t) => ({ metrics: { temperature_cC: t } }));
    expect(findOutliers({ temperature_cC: 160 }, n, o)).toEqual([]);
    expect(findOutliers({ temperature_cC: 161 }, n, o)).toEqual([{ metric: "temperature_cC", value: 161n, median: 10n, mad: 10n, samples: 3 }]);
  });

  it("rejects inconsistent params", () => {
    expect(() => new PluginHarness(envSensor, { ...PARAMS, ranges: { temperature_cC: { min: 5, max: 4 } } })).toThrow("ranges.temperature_cC: min must be <= max");
  });
});
