/**
 * Test helpers: run the devnet CLI as a child process (one node process, tsx as a loader, so a
 * SIGKILL hits the devnet itself) and wait for its JSON ready line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { CHAIN_NODE_FLAGS, CHAIN_TS_LOADER } from "../node-flags";

export interface ReadyBanner {
  readonly event: "ready";
  readonly chainId: string;
  readonly rpcUrl: string;
  readonly wsUrl: string;
  readonly home: string;
  readonly app: string;
  readonly blockTimeMs: number;
  readonly height: number;
  readonly pid: number;
  readonly readyMs: number;
  readonly accounts: readonly { address: string; mnemonic: string; balance: string }[];
}

export interface DevnetChild {
  readonly child: ChildProcess;
  readonly banner: ReadyBanner;
  /** Everything the child wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (or signal name) once the child is gone. */
  readonly exited: Promise<number | string>;
}

const REPO = join(__dirname, "..", "..");

export async function spawnDevnet(args: readonly string[], timeoutMs = 60_000): Promise<DevnetChild> {
  // FIELDNET_DEVNET_NODE_ARGS: extra node flags for the child, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p" to profile a benchmark's devnet.
  const nodeArgs = (process.env.FIELDNET_DEVNET_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...CHAIN_NODE_FLAGS, ...nodeArgs, ...CHAIN_TS_LOADER, join(REPO, "devnet", "cli.ts"), "--json", "--no-indexer", ...args], {
    cwd: REPO,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  const banner = await new Promise<ReadyBanner>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`devnet not ready after ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
      const nl = stdout.indexOf("\n");
      if (nl >= 0) {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(stdout.slice(0, nl)) as ReadyBanner);
        } catch (error) {
          reject(new Error(`bad ready line: ${stdout.slice(0, nl)} (${String(error)})`));
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`devnet exited (${code}) before ready; stderr: ${stderr}`));
    });
  });
  return { child, banner, stderr: () => stderr, exited };
}

/** JSON-RPC POST helper returning the whole response object (result or error). */
export async function rpcCall(url: string, method: string, params: unknown = {}): Promise<{ result?: any; error?: { code: number; message: string; data: string } }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return (await res.json()) as { result?: any; error?: { code: number; message: string; data: string } };
}
