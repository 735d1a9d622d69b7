/**
 * Durability: a child process commits in a loop and is SIGKILLed at random moments. After each
 * kill the store must reopen at a height >= the last one the child reported committed, with
 * the app hash an independent replay computes, and flat table + trie must agree.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toHex } from "./bytes";
import { openCommitStore } from "./commit-store";
import { crashChanges } from "./crash-fixture";
import { prng } from "./test-util";

const ROOT = join(__dirname, "..", "..");

function runAndKill(dbPath: string, waitHeights: number, extraMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    // `node --import tsx` (not the tsx CLI, which forks a grandchild that SIGKILL would orphan).
    const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "crash-fixture.ts"), dbPath], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let last = -1;
    let seen = 0;
    let killing = false;
    let stderr = "";
    // Never hang the suite: kill anyway after 20 s (the result is then checked the same way).
    const guard = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      for (const line of d.toString().split("\n")) {
        if (line === "") continue;
        last = Number(line);
        seen++;
      }
      if (seen >= waitHeights && !killing) {
        killing = true;
        setTimeout(() => child.kill("SIGKILL"), extraMs);
      }
    });
    child.on("exit", (_code, signal) => {
      clearTimeout(guard);
      if (signal !== "SIGKILL") reject(new Error(`child exited unexpectedly: ${stderr}`));
      else resolve(last);
    });
  });
}

describe("CommitStore crash safety", () => {
  it("survives SIGKILL at random moments", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crash-"));
    const dbPath = join(dir, "state.db");
    const rand = prng(2024);
    const ref = openCommitStore(":memory:");
    try {
      for (let round = 0; round < 5; round++) {
        const reported = await runAndKill(dbPath, 1 + Math.floor(rand() * 8), Math.floor(rand() * 25));
        const s = openCommitStore(dbPath);
        const { height, appHash } = s.lastCommit;
        expect(height).toBeGreaterThanOrEqual(reported);
        while (ref.lastCommit.height < height) {
          const h = ref.lastCommit.height + 1;
          ref.stage(h, crashChanges(h));
          ref.commit();
        }
        expect(toHex(appHash)).toBe(toHex(ref.lastCommit.appHash));
        expect(s.problems()).toEqual([]);
        s.close();
      }
    } finally {
      ref.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
