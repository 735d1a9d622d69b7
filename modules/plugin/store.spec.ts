import { MemoryPluginStore, getJson, pluginStoreFromKV, setJson, storeKey, prefixEnd } from "./store";
import { toHex, utf8 } from "./bytes";

describe("plugin store", () => {
  it("iterates in byte order with prefix / range / reverse", () => {
    const s = new MemoryPluginStore();
    for (const k of ["b/2", "a/1", "b/1", "b\xff", "c", "b/10"]) s.set(k, k);
    const keys = (o?: Parameters<typeof s.iterate>[0]) => [...s.iterate(o)].map(([k]) => Buffer.from(k).toString("latin1"));
    expect(keys({ prefix: "b/" })).toEqual(["b/1", "b/10", "b/2"]);
    expect(keys({ prefix: "b/", reverse: true })).toEqual(["b/2", "b/10", "b/1"]);
    expect(keys({ start: "b/10", end: "c" })).toEqual(["b/10", "b/2", "bÃ¿"].map((x) => x));
    s.delete("c");
    expect(s.has("c")).toBe(false);
    expect(prefixEnd(Uint8Array.of(1, 0xff))).toEqual(Uint8Array.of(2));
    expect(prefixEnd(Uint8Array.of(0xff))).toBeUndefined();
  });
  it("JSON helpers and key builder", () => {
    const s = new MemoryPluginStore();
    setJson(s, storeKey("dev", "x"), { b: 1, a: [1] });
    expect(Buffer.from(s.get("dev/x")!).toString()).toBe('{"a":[1],"b":1}');
    expect(getJson(s, "dev/x")).toEqual({ a: [1], b: 1 });
    expect(getJson(s, "nope")).toBeUndefined();
  });
  it("adapts a KVStore-shaped store", () => {
    const inner = new MemoryPluginStore();
    const kv = {
      get: (k: Uint8Array) => inner.get(k),
      has: (k: Uint8Array) => inner.has(k),
      set: (k: Uint8Array, v: Uint8Array) => inner.set(k, v),
      delete: (k: Uint8Array) => inner.delete(k),
      iterate: (r?: { start?: Uint8Array; end?: Uint8Array; reverse?: boolean }) =>
        inner.iterate({ ...(r?.start ? { start: r.start } : {}), ...(r?.end ? { end: r.end } : {}), reverse: r?.reverse ?? false }),
    };
    const ps = pluginStoreFromKV(kv);
    ps.set("p/1", "x");
    ps.set("q", utf8("y"));
    expect([...ps.iterate({ prefix: "p/" })].map(([k]) => toHex(k))).toEqual([toHex(utf8("p/1"))]);
  });
});
