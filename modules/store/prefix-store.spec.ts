import { CacheKVStore } from "./branch-store";
import { MemoryKVStore } from "./memory-store";
import { prefixStore, readonlyPrefixStore } from "./prefix-store";
import { hexKeys } from "./test-util";

const b = (...xs: number[]) => Uint8Array.from(xs);

describe("prefixStore", () => {
  it("prefixes keys and confines iteration to the prefix", () => {
    const parent = new MemoryKVStore([
      [b(0x01, 0xfe), b(0)],
      [b(0x02), b(9)],
      [b(0x03, 0x00), b(9)],
    ]);
    const ps = prefixStore(parent, b(0x02));
    ps.set(b(0x01), b(1));
    ps.set(b(0xff, 0xff), b(2));
    ps.set(b(), b(3));
    expect(parent.get(b(0x02, 0x01))).toEqual(b(1));
    expect(ps.get(b(0x01))).toEqual(b(1));
    expect(hexKeys(ps.iterate())).toEqual(["=03", "01=01", "ffff=02"]);
    expect(hexKeys(ps.iterate({ reverse: true }))).toEqual(["ffff=02", "01=01", "=03"]);
    expect(hexKeys(ps.iterate({ start: b(0x01), end: b(0xff, 0xff) }))).toEqual(["01=01"]);
    ps.delete(b(0x01));
    expect(parent.has(b(0x02, 0x01))).toBe(false);
  });

  it("handles a 0xff prefix (no finite upper bound) and read-only views", () => {
    const parent = new MemoryKVStore([
      [b(0xfe, 0x01), b(0)],
      [b(0xff), b(1)],
      [b(0xff, 0xff, 0x01), b(2)],
    ]);
    const ro = readonlyPrefixStore(parent, b(0xff));
    expect(hexKeys(ro.iterate())).toEqual(["=01", "ff01=02"]);
    expect((ro as { set?: unknown }).set).toBeUndefined();
  });

  it("composes over a branch", () => {
    const parent = new MemoryKVStore();
    const br = new CacheKVStore(parent);
    const ps = prefixStore(br, b(0x0a));
    ps.set(b(1), b(1));
    expect(hexKeys(br.iterate())).toEqual(["0a01=01"]);
    br.write();
    expect(parent.get(b(0x0a, 1))).toEqual(b(1));
  });
});
