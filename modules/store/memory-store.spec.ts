import { MemoryKVStore } from "./memory-store";
import { hexKeys } from "./test-util";

const b = (...xs: number[]) => Uint8Array.from(xs);

describe("MemoryKVStore", () => {
  it("gets, sets, deletes and iterates in unsigned byte order", () => {
    const s = new MemoryKVStore();
    s.set(b(0xff), b(1));
    s.set(b(0x01), b(2));
    s.set(b(0x80), b(3));
    s.set(b(0x01, 0x00), b(4));
    expect(s.get(b(0x80))).toEqual(b(3));
    expect(s.has(b(0x02))).toBe(false);
    expect(hexKeys(s.iterate())).toEqual(["01=02", "0100=04", "80=03", "ff=01"]);
    expect(hexKeys(s.iterate({ reverse: true }))).toEqual(["ff=01", "80=03", "0100=04", "01=02"]);
    expect(hexKeys(s.iterate({ start: b(0x01, 0x00), end: b(0xff) }))).toEqual(["0100=04", "80=03"]);
    s.delete(b(0x80));
    expect(s.get(b(0x80))).toBeUndefined();
    expect(s.size).toBe(3);
  });

  it("copies values on set and is safe to mutate during iteration", () => {
    const s = new MemoryKVStore();
    const v = b(1);
    s.set(b(1), v);
    v[0] = 9;
    expect(s.get(b(1))).toEqual(b(1));
    s.set(b(2), b(2));
    const seen: string[] = [];
    for (const [k] of s.iterate()) {
      seen.push(Buffer.from(k).toString("hex"));
      s.set(b(3), b(3));
      s.delete(b(2));
    }
    expect(seen).toEqual(["01", "02"]);
  });
});
