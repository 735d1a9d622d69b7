import { cellsToMetres, fsplCdb, log2Q32, maxRssiCdbm, twentyLog10Cdb } from "./radio";

describe("integer radio math", () => {
  it("log2 in Q32 is exact on powers of two and within one unit in the last place otherwise", () => {
    expect(log2Q32(1n)).toBe(0n);
    expect(log2Q32(1024n)).toBe(10n << 32n);
    expect(log2Q32(3n)).toBe(6807362105n); // log2(3) * 2^32 = 6807362106.3: truncation while squaring costs one unit in the last place
    expect(() => log2Q32(0n)).toThrow(RangeError);
  });

  it("20 log10 in centi-dB within 1 cdB of the real value", () => {
    expect(twentyLog10Cdb(10n)).toBe(1999n); // 2000, floored through fixed point
    expect(twentyLog10Cdb(1000n)).toBe(5999n);
    expect(twentyLog10Cdb(915_000_000n)).toBe(17922n); // 179.228 dB
  });

  it("free-space path loss: 1 km at 915 MHz is 91.7 dB; x2 distance = +6 dB", () => {
    expect(fsplCdb(1000n, 915_000_000n)).toBe(9166n);
    expect(fsplCdb(2000n, 915_000_000n) - fsplCdb(1000n, 915_000_000n)).toBe(603n); // 6.02 dB, each term floored
    expect(fsplCdb(0n, 915_000_000n)).toBe(fsplCdb(1n, 915_000_000n));
  });

  it("the RSSI limit falls with distance", () => {
    const at = (m: bigint) => maxRssiCdbm({ txPowerCdbm: 2700n, txGainCdb: 1200n, rxGainCdb: 1200n, minDistanceM: m, frequencyHz: 904_300_000n, marginCdb: 600n });
    expect(at(1000n)).toBe(-3456n); // -34.56 dBm at 1 km
    expect(at(10_000n)).toBeLessThan(at(1000n) - 1990n);
    expect(cellsToMetres(10, 10)).toBe(1310n);
  });
});
