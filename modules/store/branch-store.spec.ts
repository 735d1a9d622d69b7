import { CacheKVStore } from "./branch-store";
import { bytesToKeyString, keyStringToBytes } from "./bytes";
import { MemoryKVStore } from "./memory-store";
import { hexKeys, prng, randomBytes } from "./test-util";
import type { KeyRange, ReadonlyKVStore } from "./types";

const b = (...xs: number[]) => Uint8Array.from(xs);

/** Reference model: a plain Map with sort-on-read. */
function modelIterate(m: Map<string, Uint8Array>, r: KeyRange): string[] {
  const s = r.start ? bytesToKeyString(r.start) : undefined;
  const e = r.end ? bytesToKeyString(r.end) : undefined;
  const keys = [...m.keys()].filter((k) => (s === undefined || k >= s) && (e === undefined || k < e)).sort();
  if (r.reverse) keys.reverse();
  return hexKeys(keys.map((k) => [keyStringToBytes(k), m.get(k)!] as const));
}

describe("CacheKVStore", () => {
  it("buffers writes, reads fall through, deletes hide parent entries", () => {
    const parent = new MemoryKVStore([
      [b(1), b(10)],
      [b(2), b(20)],
      [b(3), b(30)],
    ]);
    const br = new CacheKVStore(parent);
    br.set(b(2), b(21));
    br.delete(b(3));
    br.set(b(0), b(0));
    expect(br.get(b(1))).toEqual(b(10));
    expect(br.get(b(2))).toEqual(b(21));
    expect(br.get(b(3))).toBeUndefined();
    expect(br.has(b(3))).toBe(false);
    expect(parent.get(b(2))).toEqual(b(20));
    expect(hexKeys(br.iterate())).toEqual(["00=00", "01=0a", "02=15"]);
    expect(hexKeys(br.iterate({ reverse: true }))).toEqual(["02=15", "01=0a", "00=00"]);
    expect(br.changes().map(([k, v]) => [Buffer.from(k).toString("hex"), v && Buffer.from(v).toString("hex")])).toEqual([
      ["00", "00"],
      ["02", "15"],
      ["03", undefined],
    ]);
    br.write();
    expect(hexKeys(parent.iterate())).toEqual(["00=00", "01=0a", "02=15"]);
    expect(br.changes()).toEqual([]);
  });

  it("nests: child writes land in the parent branch only", () => {
    const root = new MemoryKVStore([[b(1), b(1)]]);
    const outer = new CacheKVStore(root);
    const inner = outer.branch();
    inner.set(b(2), b(2));
    inner.delete(b(1));
    expect(outer.get(b(2))).toBeUndefined();
    inner.write();
    expect(hexKeys(outer.iterate())).toEqual(["02=02"]);
    expect(hexKeys(root.iterate())).toEqual(["01=01"]);
    // Dropping a branch discards it.
    const dropped = outer.branch();
    dropped.set(b(9), b(9));
    expect(outer.has(b(9))).toBe(false);
  });

  it("refuses write() over a read-only parent", () => {
    const ro: ReadonlyKVStore = {
      get: () => undefined,
      has: () => false,
      iterate: function* () {},
    };
    const br = new CacheKVStore(ro);
    br.set(b(1), b(1));
    expect(() => br.write()).toThrow(/read-only/);
  });

  it("snapshots its buffer when iteration starts", () => {
    const br = new CacheKVStore(new MemoryKVStore([[b(5), b(5)]]));
    br.set(b(1), b(1));
    br.set(b(3), b(3));
    const seen: string[] = [];
    for (const [k] of br.iterate()) {
      seen.push(Buffer.from(k).toString("hex"));
      br.set(b(2), b(2));
      br.delete(b(3));
      br.delete(b(5));
    }
    expect(seen).toEqual(["01", "03", "05"]);
    expect(hexKeys(br.iterate())).toEqual(["01=01", "02=02"]);
  });

  it("closes the parent iterator on early break", () => {
    let closed = false;
    const parent: ReadonlyKVStore = {
      get: () => undefined,
      has: () => false,
      iterate: function* () {
        try {
          yield [b(1), b(1)] as const;
          yield [b(2), b(2)] as const;
        } finally {
          closed = true;
        }
      },
    };
    for (const _ of new CacheKVStore(parent).iterate()) break;
    expect(closed).toBe(true);
  });

  it("matches a reference model under random nested operations", () => {
    const rand = prng(42);
    for (let round = 0; round < 30; round++) {
      const base = new MemoryKVStore();
      const model = new Map<string, Uint8Array>();
      // Short keys over a tiny alphabet so collisions, prefixes and 0x00/0xff edges occur.
      const key = () => randomBytes(rand, 1 + Math.floor(rand() * 3)).map((x) => [0, 1, 0x7f, 0x80, 0xff][x % 5]);
      for (let i = 0; i < 40; i++) {
        const k = key();
        const v = randomBytes(rand, 2);
        base.set(k, v);
        model.set(bytesToKeyString(k), v);
      }
      const outer = new CacheKVStore(base);
      const inner = outer.branch();
      const innerModel = new Map(model);
      for (let i = 0; i < 60; i++) {
        const k = key();
        if (rand() < 0.35) {
          inner.delete(k);
          innerModel.delete(bytesToKeyString(k));
        } else {
          const v = randomBytes(rand, 2);
          inner.set(k, v);
          innerModel.set(bytesToKeyString(k), v);
        }
      }
      for (let q = 0; q < 10; q++) {
        const r: KeyRange = {
          start: rand() < 0.7 ? key() : undefined,
          end: rand() < 0.7 ? key() : undefined,
          reverse: rand() < 0.5,
        };
        expect(hexKeys(inner.iterate(r))).toEqual(modelIterate(innerModel, r));
        expect(hexKeys(outer.iterate(r))).toEqual(modelIterate(model, r));
      }
      inner.write();
      outer.write();
      expect(hexKeys(base.iterate())).toEqual(modelIterate(innerModel, {}));
    }
  });
});
