import { ceilDiv, floorDiv, mad, median, mulDiv, parseIntString, toBigInt } from "./int-math";

describe("integer math", () => {
  it("floor and ceil division round towards -inf / +inf", () => {
    expect(floorDiv(7n, 2n)).toBe(3n);
    expect(floorDiv(-7n, 2n)).toBe(-4n);
    expect(floorDiv(7n, -2n)).toBe(-4n);
    expect(floorDiv(-8n, 2n)).toBe(-4n);
    expect(ceilDiv(7n, 2n)).toBe(4n);
    expect(ceilDiv(-7n, 2n)).toBe(-3n);
    expect(mulDiv(1000n, 60n, 3600n)).toBe(16n);
    expect(() => floorDiv(1n, 0n)).toThrow();
  });
  it("median: odd, even (floor of the mean of the middle pair), order independent", () => {
    expect(median([5n, 1n, 3n])).toBe(3n);
    expect(median([4n, 1n, 2n, 3n])).toBe(2n);
    expect(median([-3n, -2n])).toBe(-3n);
    expect(median([10n])).toBe(10n);
    expect(() => median([])).toThrow();
  });
  it("mad", () => {
    // values 1 1 2 2 4 6 9 -> median 2, deviations 1 1 0 0 2 4 7 -> median 1
    expect(mad([1n, 1n, 2n, 2n, 4n, 6n, 9n])).toBe(1n);
    expect(mad([7n, 7n, 7n])).toBe(0n);
  });
  it("parses canonical integer strings only", () => {
    expect(parseIntString("123")).toBe(123n);
    expect(parseIntString("-5")).toBe(-5n);
    for (const bad of ["01", "+1", " 1", "1.0", "", "-0", "1e3"]) expect(() => parseIntString(bad)).toThrow();
    expect(() => parseIntString("-1", { unsigned: true })).toThrow();
    expect(() => parseIntString("18446744073709551616", { unsigned: true, maxBits: 64 })).toThrow();
    expect(parseIntString("18446744073709551615", { unsigned: true, maxBits: 64 })).toBe(2n ** 64n - 1n);
    expect(toBigInt(5)).toBe(5n);
    expect(toBigInt("9007199254740993")).toBe(9007199254740993n);
    expect(() => toBigInt(1.5)).toThrow();
  });
});
