/**
 * In-process benchmarks run the app in the bench's own process: to measure it as a node runs it,
 * that process needs the chain's node flags (devnet/node-flags.ts). Without them, the bench runs
 * itself again as a child with the flags and exits with the child's status.
 */
import { spawnSync } from "node:child_process";
import { CHAIN_NODE_FLAGS } from "../../devnet/node-flags";

export function runWithChainNodeFlags(): void {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(" ")];
  if (CHAIN_NODE_FLAGS.every((flag) => given.includes(flag))) return;
  const child = spawnSync(process.execPath, [...CHAIN_NODE_FLAGS, ...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(child.status ?? 1);
}
