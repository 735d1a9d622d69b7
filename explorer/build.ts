/**
 * Builds the explorer (vite, ~2 s) when explorer/dist is missing or older than its sources: used by
 * `npm run devnet`, the explorer's tests and the bench, so a fresh clone needs no separate step.
 * `npm run build:explorer` rebuilds unconditionally (scripts/test.sh runs it before jest).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_EXPLORER_DIR } from "../indexer/http/static";

export class ExplorerBuildError extends Error {
  override readonly name = "ExplorerBuildError";
}

const REPO = join(__dirname, "..");

export function explorerBuilt(dir = DEFAULT_EXPLORER_DIR): boolean {
  return existsSync(join(dir, "index.html"));
}

/** Newest modification time (ms) of the explorer's sources and the generated API it bundles. */
function sourcesMtime(): number {
  let newest = 0;
  const walk = (path: string) => {
    const st = statSync(path);
    if (st.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ["explorer/src", "explorer/index.html", "explorer/vite.config.mts", "generated/depin/indexer"]) if (existsSync(join(REPO, p))) walk(join(REPO, p));
  return newest;
}

export function ensureExplorerBuilt(): string {
  if (explorerBuilt() && statSync(join(DEFAULT_EXPLORER_DIR, "index.html")).mtimeMs >= sourcesMtime()) return DEFAULT_EXPLORER_DIR;
  const vite = join(REPO, "node_modules", "vite", "bin", "vite.js");
  if (!existsSync(vite)) throw new ExplorerBuildError(`cannot build the explorer: ${vite} is missing (run npm install)`);
  const r = spawnSync(process.execPath, [vite, "build", "--config", join(REPO, "explorer", "vite.config.mts")], { cwd: REPO, encoding: "utf8" });
  if (r.status !== 0 || !explorerBuilt()) throw new ExplorerBuildError(`explorer build failed (exit ${r.status}): ${(r.stderr || r.stdout).slice(-2000)}`);
  return DEFAULT_EXPLORER_DIR;
}
