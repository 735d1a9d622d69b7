/**
 * `npm install` (the `prepare` script) fills tsx's compile cache with what a devnet start loads, so
 * the first `npm run devnet` compiles nothing: a start after the warm-up adds or rewrites no cache file.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { CHAIN_NODE_FLAGS, CHAIN_TS_LOADER } from "../devnet/node-flags";

const REPO = join(__dirname, "..");
jest.setTimeout(120_000);

/** Cache file name → mtime, in tsx's cache directory under `tmp` (tsx keeps it in os.tmpdir()/tsx-<uid>). */
function cacheFiles(tmp: string): Map<string, number> {
  const dir = join(tmp, `tsx-${userInfo().uid}`);
  return new Map(readdirSync(dir).map((name) => [name, statSync(join(dir, name)).mtimeMs]));
}

/**
 * Starts the devnet CLI with TMPDIR=`tmp` until the indexer it starts after block 1 is up (its JSON
 * `indexer` line), then stops it with SIGINT. The explorer page is left out: serving it may need a
 * vite build, which is not what this checks.
 */
async function startAndStopDevnet(tmp: string, home: string): Promise<void> {
  const args = ["devnet/cli.ts", "--json", "--reset", "--port", "0", "--indexer-port", "0", "--no-explorer", "--home", home];
  const child = spawn(process.execPath, [...CHAIN_NODE_FLAGS, ...CHAIN_TS_LOADER, ...args], {
    cwd: REPO,
    env: { ...process.env, TMPDIR: tmp },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      let stdout = "";
      child.stdout!.on("data", (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('"event":"indexer"')) resolve();
      });
      // The chain keeps running when its indexer fails to start: that is a failure here.
      child.stderr!.on("data", () => (stderr.includes("indexer not started") ? reject(new Error(`the devnet's indexer did not start: ${stderr}`)) : undefined));
      setTimeout(() => reject(new Error(`no indexer line after 60 s; stderr: ${stderr}`)), 60_000).unref();
      void exited.then(() => reject(new Error(`devnet exited before its indexer was up: ${stderr}`)));
    });
  } finally {
    child.kill("SIGINT");
    await exited;
  }
}

describe("scripts/warm-ts-cache.cjs (npm's prepare script)", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), "fieldnet-warm-"));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("leaves nothing for the first devnet start to compile", async () => {
    const warm = spawnSync(process.execPath, ["scripts/warm-ts-cache.cjs"], { cwd: REPO, env: { ...process.env, TMPDIR: tmp }, encoding: "utf8", timeout: 60_000 });
    expect(warm.status).toBe(0);
    expect(warm.stdout).toMatch(/compiled into tsx's cache/);
    const warmed = cacheFiles(tmp);
    expect(warmed.size).toBeGreaterThan(100);

    await startAndStopDevnet(tmp, join(tmp, "home"));
    const afterStart = cacheFiles(tmp);
    const compiledByStart = [...afterStart].filter(([name, mtime]) => warmed.get(name) !== mtime).map(([name]) => name);
    expect(compiledByStart).toEqual([]);
  });
});
