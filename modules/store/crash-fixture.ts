/**
 * Crash-test fixture. Run as a child process: `tsx crash-fixture.ts <db path>` commits
 * blocks forever, printing each committed height; the spec SIGKILLs it at random moments.
 * `crashChanges(h)` is deterministic so the test can recompute the expected app hash.
 */
import { createHash } from "node:crypto";
import { writeSync } from "node:fs";
import { type StoreChange, openCommitStore } from "./commit-store";

export function crashChanges(height: number): StoreChange[] {
  const out: StoreChange[] = [];
  for (let i = 0; i < 400; i++) {
    const d = createHash("sha256").update(`${height}:${i}`).digest();
    // Keys from a space of 3,000 so blocks update, insert and delete existing keys.
    const key = Buffer.from(`key-${d.readUInt32BE(0) % 3000}`);
    out.push([key, d[4] < 40 ? undefined : d]);
  }
  // Last write per key wins within a block; the store refuses duplicates.
  const dedup = new Map<string, StoreChange>();
  for (const c of out) dedup.set(Buffer.from(c[0]).toString("latin1"), c);
  return [...dedup.values()];
}

if (require.main === module) {
  const store = openCommitStore(process.argv[2]);
  for (;;) {
    const h = store.lastCommit.height + 1;
    store.stage(h, crashChanges(h));
    store.commit();
    // Synchronous write: the loop never yields, so async pipe writes would never flush.
    writeSync(1, `${h}\n`);
  }
}
