/**
 * The `thread` layout of the latest state: its file is rebuilt from the change log when it is
 * behind the store (a crash between a commit and the thread's write), and fails loudly when it
 * cannot be.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { toHex } from "./bytes";
import { type StoreChange, openCommitStore } from "./commit-store";
import { type FlatChange, encodeChanges } from "./latest-state";
import { hexKeys } from "./test-util";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "latest-state-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const changesAt = (h: number): StoreChange[] => [
  [Buffer.from(`k${h}`), Buffer.from(`v${h}`)],
  [Buffer.from("counter"), Buffer.from(String(h))],
  [Buffer.from(`k${h - 2}`), undefined],
];

const flat = (changes: StoreChange[]): FlatChange[] =>
  changes.map(([k, v]) => [Buffer.from(k), v === undefined ? undefined : Buffer.from(v), Buffer.from(k).toString("latin1")] as const);

function commitHeights(path: string, from: number, to: number): void {
  const s = openCommitStore(path);
  for (let h = from; h <= to; h++) {
    s.stage(h, changesAt(h));
    s.commit();
  }
  s.close();
}

/** Copies of the latest-state file as it was after `height` (the store closed, so nothing is mid-write). */
function snapshotLatest(path: string, tag: string): () => void {
  const files = ["-latest", "-latest-wal"].filter((suffix) => existsSync(path + suffix));
  for (const suffix of files) copyFileSync(path + suffix, `${path}${suffix}.${tag}`);
  return () => {
    rmSync(`${path}-latest-shm`, { force: true });
    rmSync(`${path}-latest-wal`, { force: true });
    for (const suffix of files) copyFileSync(`${path}${suffix}.${tag}`, path + suffix);
  };
}

describe("CommitStore latest state on its own thread", () => {
  it("replays committed heights the latest-state file lacks when the store opens", () => {
    const path = join(dir, "replay.db");
    commitHeights(path, 1, 3);
    const restoreHeight3 = snapshotLatest(path, "h3");
    commitHeights(path, 4, 8);
    const want = hexKeys(readLatest(path));
    // As if the process died before the thread wrote heights 4..8: the file is at 3 and the change
    // log still holds them (the store prunes the log only up to what the file holds).
    restoreHeight3();
    const db = new Database(path);
    const log = db.prepare("INSERT OR REPLACE INTO change_log (height, changes) VALUES (?, ?)");
    for (let h = 4; h <= 8; h++) log.run(h, encodeChanges(flat(changesAt(h))));
    db.close();
    const s = openCommitStore(path);
    expect(s.lastCommit.height).toBe(8);
    expect(hexKeys(s.latest.iterate())).toEqual(want);
    expect(toHex(s.latest.get(Buffer.from("counter")) as Uint8Array)).toBe(Buffer.from("8").toString("hex"));
    expect(s.problems()).toEqual([]);
    s.close();
  });

  it("rebuilds the file from the trie when the change log cannot bring it up to date", () => {
    const path = join(dir, "gap.db");
    commitHeights(path, 1, 2);
    const restoreHeight2 = snapshotLatest(path, "h2");
    commitHeights(path, 3, 5);
    const want = hexKeys(readLatest(path));
    // Behind, with the log pruned past it (its last writes lost after the log was pruned).
    restoreHeight2();
    const db = new Database(path);
    db.prepare("DELETE FROM change_log").run();
    db.close();
    const behind = openCommitStore(path);
    expect(hexKeys(behind.latest.iterate())).toEqual(want);
    expect(behind.problems()).toEqual([]);
    behind.close();
    // Deleted altogether.
    for (const suffix of ["-latest", "-latest-wal", "-latest-shm"]) rmSync(path + suffix, { force: true });
    const deleted = openCommitStore(path);
    expect(hexKeys(deleted.latest.iterate())).toEqual(want);
    deleted.stage(6, changesAt(6));
    deleted.commit();
    deleted.close();
    expect(readLatest(path).length).toBe(want.length);
  });

  it("a store whose first commit is at a later height (a chain's initial_height) replays and rebuilds from there", () => {
    const path = join(dir, "initial-height.db");
    const empty = openCommitStore(path);
    empty.close();
    const restoreEmpty = snapshotLatest(path, "empty");
    commitHeights(path, 100, 103);
    const want = hexKeys(readLatest(path));
    const s = openCommitStore(path);
    expect(s.lastCommit.height).toBe(103);
    expect(s.getAt(99, Buffer.from("counter"))).toBeUndefined();
    expect(Buffer.from(s.getAt(100, Buffer.from("counter")) as Uint8Array).toString()).toBe("100");
    expect(() => s.stage(105, changesAt(105))).toThrow(/stage\(105\) but last commit is 103/);
    s.close();
    // The file as it was before the first commit, the log holding 100..103: replayed from 100.
    restoreEmpty();
    const db = new Database(path);
    const log = db.prepare("INSERT OR REPLACE INTO change_log (height, changes) VALUES (?, ?)");
    for (let h = 100; h <= 103; h++) log.run(h, encodeChanges(flat(changesAt(h))));
    db.close();
    const replayed = openCommitStore(path);
    expect(hexKeys(replayed.latest.iterate())).toEqual(want);
    expect(replayed.problems()).toEqual([]);
    replayed.close();
    // Deleted, the log pruned: rebuilt from the trie.
    for (const suffix of ["-latest", "-latest-wal", "-latest-shm"]) rmSync(path + suffix, { force: true });
    const rebuilt = openCommitStore(path);
    expect(hexKeys(rebuilt.latest.iterate())).toEqual(want);
    rebuilt.close();
  });

  it("a failed write of the latest-state file fails the next commit, and the next open replays what it missed", () => {
    const path = join(dir, "failing.db");
    commitHeights(path, 1, 2);
    const latest = new Database(`${path}-latest`);
    latest.exec("CREATE TRIGGER refuse BEFORE INSERT ON state BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    latest.close();
    const s = openCommitStore(path);
    s.stage(3, changesAt(3));
    s.commit();
    // Reads stay exact from the overlay while the thread cannot write.
    expect(Buffer.from(s.latest.get(Buffer.from("counter")) as Uint8Array).toString()).toBe("3");
    expect(() => s.settle()).toThrow(/latest-state thread failed \(disk says no\)/);
    s.stage(4, changesAt(4));
    expect(() => s.commit()).toThrow(/latest-state thread failed/);
    expect(s.lastCommit.height).toBe(3);
    s.close();
    const fixed = new Database(`${path}-latest`);
    fixed.exec("DROP TRIGGER refuse");
    fixed.close();
    const reopened = openCommitStore(path);
    expect(reopened.lastCommit.height).toBe(3);
    expect(Buffer.from(reopened.latest.get(Buffer.from("k3")) as Uint8Array).toString()).toBe("v3");
    expect(reopened.problems()).toEqual([]);
    reopened.close();
  });

  it("keeps the layout chosen at creation", () => {
    const path = join(dir, "layout.db");
    commitHeights(path, 1, 1);
    expect(() => openCommitStore(path, { latestState: "inline" })).toThrow(/created with latestState=thread/);
    expect(() => openCommitStore(":memory:", { latestState: "thread" })).toThrow(/needs a file path/);
    const inlinePath = join(dir, "inline.db");
    const inline = openCommitStore(inlinePath, { latestState: "inline" });
    inline.stage(1, changesAt(1));
    inline.commit();
    inline.close();
    expect(existsSync(`${inlinePath}-latest`)).toBe(false);
    // A store from before the layout existed (no meta row) keeps its table inline.
    const db = new Database(inlinePath);
    db.prepare("DELETE FROM meta WHERE k = 'latestState'").run();
    db.close();
    const old = openCommitStore(inlinePath);
    expect(hexKeys(old.latest.iterate())).toEqual([`636f756e746572=31`, `6b31=7631`]);
    old.close();
    expect(existsSync(`${inlinePath}-latest`)).toBe(false);
  });
});

function readLatest(path: string) {
  const s = openCommitStore(path);
  const entries = [...s.latest.iterate()].map(([k, v]) => [Buffer.from(k), Buffer.from(v)] as const);
  s.close();
  return entries;
}
