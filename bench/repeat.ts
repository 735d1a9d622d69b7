/**
 * Runs a benchmark several times in a row and prints every run's numeric figures beside their
 * min / median / max, as one JSON object. On a shared host one run's ratio moves by tens of
 * percent with the host's speed; compare medians, and alternate code versions run by run.
 *
 *   npx tsx bench/repeat.ts [--runs 5] bench/proofs-throughput.ts [its arguments...]
 *
 * Each run is a fresh process (`node --import tsx <bench> <args>`), its stderr passed through.
 */
import { spawnSync } from "node:child_process";
import { type BenchResult, benchJsonOf, numericFields, summarizeRuns } from "./lib/run-summary";

function usage(message: string): never {
  console.error(`${message}\nusage: npx tsx bench/repeat.ts [--runs N] <bench script> [its arguments...]`);
  process.exit(2);
}

function main(): void {
  const argv = process.argv.slice(2);
  let runs = 5;
  if (argv[0] === "--runs") {
    runs = Number(argv[1]);
    if (!Number.isInteger(runs) || runs < 1) usage(`--runs must be a positive integer, got ${argv[1]}`);
    argv.splice(0, 2);
  }
  const [script, ...args] = argv;
  if (!script) usage("no benchmark script given");

  const results: BenchResult[] = [];
  for (let run = 1; run <= runs; run++) {
    console.error(`repeat: run ${run} of ${runs}: ${script} ${args.join(" ")}`);
    const child = spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
      stdio: ["ignore", "pipe", "inherit"],
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    if (child.status !== 0) {
      console.error(child.stdout);
      throw new Error(`run ${run} exited with ${child.status ?? child.signal}`);
    }
    results.push(benchJsonOf(child.stdout));
  }
  console.log(JSON.stringify({ bench: script, args, runs, perRun: results.map((result) => numericFields(result)), summary: summarizeRuns(results) }, null, 2));
}

main();
