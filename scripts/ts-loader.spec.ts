import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const REPO = join(__dirname, "..");
/** As package.json's scripts and devnet/node-flags.ts pass it (from the repository root). */
const LOADER = ["--require", "./scripts/ts-loader.cjs"];

/** Runs `script` under the chain's TypeScript loader with tsx's load log on (TSX_DEBUG=2 prints each file tsx loads). */
function runWithLoader(script: string): { stdout: string; tsxLoaded: string[] } {
  const run = spawnSync(process.execPath, [...LOADER, "-e", script], {
    cwd: REPO,
    env: { ...process.env, TSX_DEBUG: "2", NO_COLOR: "1" },
    encoding: "utf8",
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`loader run failed (${run.status}): ${run.stderr}`);
  const plain = run.stdout.replace(/\x1b\[[0-9;]*m/g, "");
  const tsxLoaded = [...plain.matchAll(/CJS\s+load \{ filePath: '([^']+)' \}/g)].map((match) => match[1]);
  return { stdout: plain, tsxLoaded };
}

describe("scripts/ts-loader.cjs (how the chain processes and the CLI load TypeScript)", () => {
  it("loads our TypeScript and ES-module-only dependencies through tsx, CommonJS dependencies through Node", () => {
    const { stdout, tsxLoaded } = runWithLoader(
      [
        'const { prefixEnd } = require("./modules/store/bytes.ts");',
        'const { Command } = require("commander");',
        'const { sha256 } = require("@noble/hashes/sha2.js");',
        'console.log("result", prefixEnd(Buffer.from("a"))[0], typeof Command, sha256(new Uint8Array()).length);',
      ].join("\n"),
    );
    expect(stdout).toContain("result 98 function 32");
    expect(tsxLoaded).toContain(join(REPO, "modules", "store", "bytes.ts"));
    expect(tsxLoaded).toContain(join(REPO, "node_modules", "@noble", "hashes", "sha2.js"));
    expect(tsxLoaded.filter((file) => file.includes(`${join("node_modules", "commander")}`))).toEqual([]);
  });

  it("keeps stack traces on TypeScript lines", () => {
    const { stdout } = runWithLoader(
      'try { require("./modules/store/commit-store.ts").openCommitStore(":memory:").stage(0, []); } catch (error) { console.log("stack", error.stack.split("\\n")[1]); }',
    );
    expect(stdout).toMatch(/stack\s+at SqliteCommitStore\.stage \(.*modules\/store\/commit-store\.ts:\d+:\d+\)/);
    const line = Number(/commit-store\.ts:(\d+):/.exec(stdout)![1]);
    const source = readFileSync(join(REPO, "modules", "store", "commit-store.ts"), "utf8").split("\n");
    expect(source[line - 1]).toContain("but last commit is");
  });
});
