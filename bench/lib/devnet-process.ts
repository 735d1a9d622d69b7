/** Starts the devnet CLI as a separate process for benchmarks (the load runs in this process). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnDevnet, rpcCall, type DevnetChild } from "../../devnet/testing/spawn";

export interface BenchDevnet {
  readonly devnet: DevnetChild;
  readonly home: string;
  stop(): Promise<void>;
}

export async function startBenchDevnet(args: readonly string[]): Promise<BenchDevnet> {
  const home = mkdtempSync(join(tmpdir(), "fieldnet-bench-"));
  const devnet = await spawnDevnet(["--home", home, "--reset", "--port", "0", ...args], 60_000);
  return {
    devnet,
    home,
    stop: async () => {
      devnet.child.kill("SIGTERM");
      await devnet.exited;
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export { rpcCall };
