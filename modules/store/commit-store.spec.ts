import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bytesToKeyString, keyStringToBytes, toHex } from "./bytes";
import { type StoreChange, openCommitStore } from "./commit-store";
import { EMPTY_ROOT } from "./merkle-node";
import { verifyProof } from "./merkle-proof";
import { hexKeys, prng, randomBytes } from "./test-util";

const b = (...xs: number[]) => Uint8Array.from(xs);
const hex = (x: Uint8Array) => toHex(x);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "commit-store-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function modelEntries(m: Map<string, Uint8Array>): string[] {
  return hexKeys([...m.keys()].sort().map((k) => [keyStringToBytes(k), m.get(k)!] as const));
}

describe("CommitStore", () => {
  it("starts empty at height 0 with the empty root", () => {
    const s = openCommitStore(":memory:");
    expect(s.lastCommit.height).toBe(0);
    expect(hex(s.lastCommit.appHash)).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect([...s.latest.iterate()]).toEqual([]);
    expect(s.verify()).toBe(true);
    s.close();
  });

  it("stages, commits, reads latest and historical versions", () => {
    const s = openCommitStore(":memory:");
    const br = s.branch();
    br.set(b(1), b(10));
    br.set(b(2), b(20));
    expect(() => br.write()).toThrow(/read-only/);
    const h1 = s.stage(1, br.changes());
    expect(s.lastCommit.height).toBe(0);
    expect(s.latest.get(b(1))).toBeUndefined();
    const c1 = s.commit();
    expect(c1.height).toBe(1);
    expect(hex(c1.appHash)).toBe(hex(h1));
    expect(s.latest.get(b(1))).toEqual(b(10));

    const br2 = s.branch();
    br2.delete(b(1));
    br2.set(b(2), b(21));
    br2.set(b(3), b(30));
    s.stage(2, br2.changes());
    s.commit();
    expect(hexKeys(s.latest.iterate())).toEqual(["02=15", "03=1e"]);
    expect(hexKeys(s.latest.iterate({ reverse: true, end: b(3) }))).toEqual(["02=15"]);
    expect(s.getAt(1, b(1))).toEqual(b(10));
    expect(s.getAt(1, b(2))).toEqual(b(20));
    expect(s.getAt(1, b(3))).toBeUndefined();
    expect(s.getAt(2, b(2))).toEqual(b(21));
    expect(s.getAt(0, b(2))).toBeUndefined();
    expect(() => s.getAt(3, b(2))).toThrow(RangeError);
    expect(() => s.stage(4, [])).toThrow(/last commit is 2/);
    expect(() => s.commit()).toThrow(/without stage/);
    expect(() => s.stage(3, [[b(1), b(1)], [b(1), b(2)]])).toThrow(/duplicate/);
    s.close();
  });

  it("re-staging replaces the staged version; empty blocks keep the root", () => {
    const s = openCommitStore(":memory:");
    const a = s.stage(1, [[b(1), b(1)]]);
    const bb = s.stage(1, [[b(2), b(2)]]);
    expect(hex(a)).not.toBe(hex(bb));
    s.commit();
    expect(s.latest.has(b(1))).toBe(false);
    expect(s.latest.has(b(2))).toBe(true);
    expect(hex(s.stage(2, []))).toBe(hex(bb));
    s.commit();
    expect(s.getAt(1, b(2))).toEqual(b(2));
    // Deleting everything returns to the empty root; deleting an absent key is a no-op.
    expect(hex(s.stage(3, [[b(2), undefined], [b(9), undefined]]))).toBe(hex(EMPTY_ROOT));
    s.commit();
    expect(s.verify()).toBe(true);
    s.close();
  });

  // The last: most internal nodes evicted from the node cache and read back from SQLite.
  const setups = [
    [4, "inline", {}],
    [2, "inline", {}],
    [1, "inline", {}],
    [4, "thread", {}],
    [4, "inline", { nodeCacheSize: 4 }],
  ] as const;
  for (const [radixBits, latestState, caches] of setups) {
    it(`matches a reference model over random histories (radixBits=${radixBits}, latestState=${latestState}, ${JSON.stringify(caches)})`, () => {
      const rand = prng(7 + radixBits);
      const path = latestState === "thread" ? join(dir, `model-${radixBits}.db`) : ":memory:";
      const s = openCommitStore(path, { radixBits, latestState, ...caches });
      const model = new Map<string, Uint8Array>();
      const history: Array<Map<string, Uint8Array>> = [new Map()];
      const pool: Uint8Array[] = [];
      for (let h = 1; h <= 40; h++) {
        const n = Math.floor(rand() * 60);
        const batch = new Map<string, Uint8Array | undefined>();
        for (let i = 0; i < n; i++) {
          const r = rand();
          let k: Uint8Array;
          if (r < 0.5 || pool.length === 0) {
            k = randomBytes(rand, 1 + Math.floor(rand() * 6));
            pool.push(k);
          } else k = pool[Math.floor(rand() * pool.length)];
          batch.set(bytesToKeyString(k), rand() < 0.3 ? undefined : randomBytes(rand, Math.floor(rand() * 40)));
        }
        const changes: StoreChange[] = [...batch].map(([k, v]) => [keyStringToBytes(k), v]);
        for (const [k, v] of batch) {
          if (v === undefined) model.delete(k);
          else model.set(k, v);
        }
        const staged = s.stage(h, changes);
        expect(hex(s.commit().appHash)).toBe(hex(staged));
        history.push(new Map(model));
        expect(hexKeys(s.latest.iterate())).toEqual(modelEntries(model));
        // A random range, both directions (the thread layout merges its pending overlay here).
        const [lo, hi] = [pool[Math.floor(rand() * pool.length)], pool[Math.floor(rand() * pool.length)]].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
        const inRange = modelEntries(model).filter((e) => e.split("=")[0] >= hex(lo) && e.split("=")[0] < hex(hi));
        expect(hexKeys(s.latest.iterate({ start: lo, end: hi }))).toEqual(inRange);
        expect(hexKeys(s.latest.iterate({ start: lo, end: hi, reverse: true }))).toEqual([...inRange].reverse());
        for (const k of pool.slice(-20)) {
          const want = model.get(bytesToKeyString(k));
          const got = s.latest.get(k);
          expect(got === undefined ? undefined : hex(got)).toBe(want === undefined ? undefined : hex(want));
        }
        expect(hex(s.recomputeRoot())).toBe(hex(staged));
      }
      expect(s.verify()).toBe(true);
      // Historical reads through the trie.
      for (let q = 0; q < 300; q++) {
        const h = 1 + Math.floor(rand() * 39);
        const k = pool[Math.floor(rand() * pool.length)];
        const want = history[h].get(bytesToKeyString(k));
        const got = s.getAt(h, k);
        expect(got === undefined ? undefined : hex(got)).toBe(want === undefined ? undefined : hex(want));
      }
      s.close();
    });
  }

  for (const radixBits of [4, 1] as const) {
    it(`keys read before they are written (no leaf read on update) give the blind writer's roots (radixBits=${radixBits})`, () => {
      const rand = prng(31 + radixBits);
      const reading = openCommitStore(":memory:", { radixBits });
      const blind = openCommitStore(":memory:", { radixBits });
      const pool: Uint8Array[] = [];
      for (let h = 1; h <= 40; h++) {
        const batch = new Map<string, Uint8Array | undefined>();
        for (let i = Math.floor(rand() * 50); i > 0; i--) {
          const fresh = rand() < 0.4 || pool.length === 0;
          const k = fresh ? randomBytes(rand, 1 + Math.floor(rand() * 6)) : pool[Math.floor(rand() * pool.length)];
          if (fresh) pool.push(k);
          // Same value now and then: an update that changes nothing.
          const value = rand() < 0.25 ? undefined : rand() < 0.1 ? reading.latest.get(k) : randomBytes(rand, Math.floor(rand() * 40));
          batch.set(bytesToKeyString(k), value);
        }
        // As an app does: most keys are read (read-modify-write) in the block that writes them.
        for (const k of batch.keys()) if (rand() < 0.8) reading.latest.get(keyStringToBytes(k));
        const changes: StoreChange[] = [...batch].map(([k, v]) => [keyStringToBytes(k), v]);
        expect(hex(reading.stage(h, changes))).toBe(hex(blind.stage(h, changes)));
        reading.commit();
        blind.commit();
      }
      expect(reading.problems()).toEqual([]);
      reading.close();
      blind.close();
    });
  }

  it("root depends only on the final key/value set (order, history, batching)", () => {
    const rand = prng(99);
    const final = new Map<string, Uint8Array>();
    for (let i = 0; i < 300; i++) final.set(bytesToKeyString(randomBytes(rand, 8)), randomBytes(rand, 20));
    const entries = [...final].map(([k, v]) => [keyStringToBytes(k), v] as const);

    const one = openCommitStore(":memory:");
    one.stage(1, entries);
    const rootOne = hex(one.commit().appHash);

    // Different history: many small batches in reverse order, with junk inserted then deleted
    // and values overwritten.
    const many = openCommitStore(":memory:");
    let h = 0;
    const rev = [...entries].reverse();
    for (let i = 0; i < rev.length; i += 37) {
      const chunk = rev.slice(i, i + 37);
      const junk: StoreChange[] = [[randomBytes(rand, 5), b(1)]];
      many.stage(++h, [...chunk.map(([k]) => [k, b(0xee)] as StoreChange), ...junk]);
      many.commit();
      many.stage(++h, [...chunk, [junk[0][0], undefined]]);
      many.commit();
    }
    expect(hex(many.lastCommit.appHash)).toBe(rootOne);
    expect(hex(many.recomputeRoot())).toBe(rootOne);

    // Two stores fed the same changes agree at every height.
    const x = openCommitStore(":memory:");
    const y = openCommitStore(":memory:");
    for (let i = 1; i <= 10; i++) {
      const ch = entries.slice(i * 20, i * 20 + 25);
      expect(hex(x.stage(i, ch))).toBe(hex(y.stage(i, [...ch].reverse())));
      x.commit();
      y.commit();
    }
    for (const s of [one, many, x, y]) s.close();
  });

  it("persists across reopen; a staged but uncommitted height is not visible", () => {
    const path = join(dir, "reopen.db");
    let s = openCommitStore(path);
    s.stage(1, [[b(1), b(1)]]);
    const c1 = s.commit();
    s.stage(2, [[b(2), b(2)]]); // never committed
    s.close();
    s = openCommitStore(path);
    expect(s.lastCommit.height).toBe(1);
    expect(hex(s.lastCommit.appHash)).toBe(hex(c1.appHash));
    expect(s.latest.has(b(2))).toBe(false);
    s.stage(2, [[b(3), b(3)]]);
    s.commit();
    expect(s.verify()).toBe(true);
    s.close();
    expect(() => openCommitStore(path, { radixBits: 2 })).toThrow(/radixBits/);
  });

  it("proves inclusion and exclusion", () => {
    const rand = prng(5);
    const s = openCommitStore(":memory:");
    const keys = Array.from({ length: 200 }, () => randomBytes(rand, 6));
    const absent = b(1, 2, 3);
    expect(verifyProof(s.lastCommit.appHash, absent, undefined, s.prove(absent))).toBe(true);
    s.stage(1, keys.map((k, i) => [k, b(i & 0xff)]));
    const root = s.commit().appHash;
    for (let i = 0; i < keys.length; i += 7) {
      const p = s.prove(keys[i]);
      expect(verifyProof(root, keys[i], b(i & 0xff), p)).toBe(true);
      expect(verifyProof(root, keys[i], b(0xfe), p)).toBe(false);
      expect(verifyProof(root, keys[i], undefined, p)).toBe(false);
    }
    for (let i = 0; i < 50; i++) {
      const k = randomBytes(rand, 7);
      const p = s.prove(k);
      expect(verifyProof(root, k, undefined, p)).toBe(true);
      expect(verifyProof(root, k, b(1), p)).toBe(false);
    }
    // Historical proof.
    s.stage(2, [[keys[0], b(0xaa)]]);
    const root2 = s.commit().appHash;
    expect(verifyProof(root, keys[0], b(0), s.prove(keys[0], 1))).toBe(true);
    expect(verifyProof(root2, keys[0], b(0xaa), s.prove(keys[0]))).toBe(true);
    expect(verifyProof(root2, keys[0], b(0), s.prove(keys[0], 1))).toBe(false);
    s.close();
  });

  it("prunes old versions with keepRecent", () => {
    const rand = prng(11);
    const s = openCommitStore(":memory:", { keepRecent: 3 });
    const keys = Array.from({ length: 50 }, () => randomBytes(rand, 4));
    for (let h = 1; h <= 30; h++) {
      s.stage(h, keys.slice(0, 10 + h).map((k) => [k, b(h)]));
      s.commit();
    }
    expect(s.getAt(27, keys[0])).toBeUndefined(); // pruned
    expect(s.getAt(28, keys[0])).toEqual(b(28));
    expect(s.getAt(29, keys[0])).toEqual(b(29));
    expect(s.verify()).toBe(true);
    const db = (s as unknown as { db: import("better-sqlite3").Database }).db;
    const nodes = db.prepare("SELECT count(*) FROM nodes").pluck().get() as number;
    expect(nodes).toBeLessThan(3 * 40 * 2 + 50); // about 3 versions' worth, not 30
    s.close();
  });
});
