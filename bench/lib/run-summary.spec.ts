import { benchJsonOf, median, numericFields, summarizeRuns } from "./run-summary";

describe("run-summary (bench/repeat.ts)", () => {
  it("finds the pretty-printed JSON object after progress lines", () => {
    const out = ["devnet ready", "{ not json", "{", '  "ratio": 0.7,', '  "nested": {', '    "a": 1', "  }", "}", ""].join("\n");
    expect(benchJsonOf(out)).toEqual({ ratio: 0.7, nested: { a: 1 } });
  });

  it("says what the output ended with when there is no JSON object", () => {
    expect(() => benchJsonOf("Error: devnet did not start\n")).toThrow(/no JSON object.*\n.*devnet did not start/s);
  });

  it("takes the median of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/no values/);
  });

  it("names nested figures by path and leaves out arrays and non-numbers", () => {
    expect(numericFields({ ratio: 0.7, big: { medianMs: 500, keys: { n: 3 } }, raw: [1, 2], bench: "x", none: null })).toEqual({
      ratio: 0.7,
      "big.medianMs": 500,
      "big.keys.n": 3,
    });
  });

  it("summarizes numeric fields every run reports and skips the rest", () => {
    const summary = summarizeRuns([
      { bench: "x", ratio: 0.6, proofs: 100, onlyFirst: 1, big: { ms: 5 } },
      { bench: "x", ratio: 0.8, proofs: 100, big: { ms: 7 } },
      { bench: "x", ratio: 0.7, proofs: 100, onlyFirst: "n/a", big: { ms: 6 } },
    ]);
    expect(summary).toEqual({
      ratio: { min: 0.6, median: 0.7, max: 0.8 },
      proofs: { min: 100, median: 100, max: 100 },
      "big.ms": { min: 5, median: 6, max: 7 },
    });
    expect(Object.keys(summarizeRuns([]))).toEqual([]);
  });
});
