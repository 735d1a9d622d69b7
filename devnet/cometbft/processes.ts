/**
 * Child processes of a local CometBFT network: one app process and one cometbft per validator,
 * each logging to a file in its node home. The app runs as `node` with CHAIN_TS_LOADER (not npx) so a
 * SIGKILL reaches the app itself, not a wrapper.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { join } from "node:path";
import { CHAIN_NODE_FLAGS, CHAIN_TS_LOADER } from "../node-flags";

export const REPO_ROOT = join(__dirname, "..", "..");
export const COMETBFT_BIN = process.env.COMETBFT_BIN ?? join(REPO_ROOT, ".bin", "cometbft");

export class ProcessStartError extends Error {
  override readonly name = "ProcessStartError";
}

export interface ManagedProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | string>;
  /** True once the process has exited. */
  readonly isExited: () => boolean;
}

/**
 * Children run in their own process group (detached) so a terminal's Ctrl-C reaches only the
 * orchestrator, which then stops CometBFT before its app. If the orchestrator dies anyway, the
 * exit hook below still takes its children down.
 */
const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

function manage(child: ChildProcess): ManagedProcess {
  let done = false;
  live.add(child);
  child.on("exit", () => live.delete(child));
  const exited = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => {
      done = true;
      resolve(code ?? signal ?? -1);
    }),
  );
  return { child, exited, isExited: () => done };
}

export function cometbftInstalled(): boolean {
  return existsSync(COMETBFT_BIN);
}

/** Starts an app process and resolves when it listens (its JSON line on stdout). */
export async function startAppProcess(options: { home: string; address: string; configPath: string; signatureWorkers?: number; logFile: string; timeoutMs?: number }): Promise<ManagedProcess> {
  const log = openSync(options.logFile, "a");
  const workers = options.signatureWorkers === undefined ? [] : ["--signature-workers", String(options.signatureWorkers)];
  const child = spawn(process.execPath, [...CHAIN_NODE_FLAGS, ...CHAIN_TS_LOADER, join(REPO_ROOT, "devnet", "cometbft", "app-process.ts"), "--home", options.home, "--config", options.configPath, "--address", options.address, ...workers], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", log],
    detached: true,
  });
  closeSync(log);
  const managed = manage(child);
  let stdout = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ProcessStartError(`app process for ${options.home} not listening after ${options.timeoutMs ?? 30_000} ms (log: ${options.logFile})`)), options.timeoutMs ?? 30_000);
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes("\n")) {
        clearTimeout(timer);
        resolve();
      }
    });
    void managed.exited.then((code) => {
      clearTimeout(timer);
      reject(new ProcessStartError(`app process for ${options.home} exited (${code}) before listening (log: ${options.logFile})`));
    });
  });
  // Keep draining stdout so the child never blocks on a full pipe.
  child.stdout!.resume();
  return managed;
}

export function startCometbftProcess(options: { home: string; logFile: string }): ManagedProcess {
  if (!cometbftInstalled()) throw new ProcessStartError(`${COMETBFT_BIN} not found: run scripts/install-cometbft.sh`);
  const log = openSync(options.logFile, "a");
  const child = spawn(COMETBFT_BIN, ["start", "--home", options.home], { stdio: ["ignore", log, log], detached: true });
  closeSync(log);
  return manage(child);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(p: ManagedProcess | undefined, graceMs = 5000): Promise<void> {
  if (!p || p.isExited()) return;
  p.child.kill("SIGTERM");
  const timer = setTimeout(() => p.child.kill("SIGKILL"), graceMs);
  await p.exited;
  clearTimeout(timer);
}

export async function killProcess(p: ManagedProcess | undefined): Promise<void> {
  if (!p || p.isExited()) return;
  p.child.kill("SIGKILL");
  await p.exited;
}
