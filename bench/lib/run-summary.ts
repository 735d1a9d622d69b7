/**
 * Summaries of repeated benchmark runs (bench/repeat.ts). On a shared host a single run's ratio
 * moves by tens of percent with the host's speed between the raw measurement and the run; the
 * median of several runs, printed beside every run's own figure, is the figure to compare.
 */

export type BenchResult = Readonly<Record<string, unknown>>;

export interface FieldSummary {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/**
 * The benchmark's JSON object in a run's stdout: the last line that is a lone `{` from which the
 * rest of the output parses as JSON (benches print one pretty-printed object, possibly after
 * progress lines). Throws when there is none, quoting the tail of the output.
 */
export function benchJsonOf(stdout: string): BenchResult {
  const lines = stdout.split("\n");
  for (let start = lines.length - 1; start >= 0; start--) {
    if (lines[start].trim() !== "{") continue;
    try {
      const parsed: unknown = JSON.parse(lines.slice(start).join("\n"));
      if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as BenchResult;
    } catch {
      // Not the start of the object (a nested brace on its own line): keep looking upwards.
    }
  }
  throw new Error(`no JSON object in the benchmark's output; it ended with:\n${stdout.slice(-500)}`);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * A run's numeric figures by path: nested objects' fields as `outer.inner` (benches group figures,
 * e.g. per state size or per thread); arrays and non-numeric values are left out.
 */
export function numericFields(result: BenchResult, prefix = ""): Record<string, number> {
  const fields: Record<string, number> = {};
  for (const [key, value] of Object.entries(result)) {
    const path = prefix + key;
    if (typeof value === "number" && Number.isFinite(value)) fields[path] = value;
    else if (value !== null && typeof value === "object" && !Array.isArray(value)) Object.assign(fields, numericFields(value as BenchResult, `${path}.`));
  }
  return fields;
}

/** min / median / max of every numeric field (see numericFields) that all runs report, in first-run order. */
export function summarizeRuns(runs: readonly BenchResult[]): Record<string, FieldSummary> {
  const summary: Record<string, FieldSummary> = {};
  if (runs.length === 0) return summary;
  const fields = runs.map((run) => numericFields(run));
  for (const path of Object.keys(fields[0])) {
    const values = fields.map((run) => run[path]);
    if (values.some((value) => value === undefined)) continue;
    summary[path] = { min: Math.min(...values), median: median(values), max: Math.max(...values) };
  }
  return summary;
}
