import { LazyLruCache } from "./lazy-lru";

describe("LazyLruCache", () => {
  it("is not built by lookups, only by the first set", () => {
    const cache = new LazyLruCache<string, number>({ max: 3 });
    expect(cache.get("a")).toBeUndefined();
    expect(cache.has("a")).toBe(false);
    expect(cache.delete("a")).toBe(false);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.built).toBe(false);
    cache.set("a", 1);
    expect(cache.built).toBe(true);
    expect(cache.get("a")).toBe(1);
  });

  it("evicts the least recently used entry beyond max, like LRUCache", () => {
    const cache = new LazyLruCache<string, number>({ max: 2 });
    cache.set("a", 1).set("b", 2);
    expect(cache.get("a")).toBe(1); // "b" is now the least recently used
    cache.set("c", 3);
    expect(cache.has("b")).toBe(false);
    expect([cache.get("a"), cache.get("c"), cache.size]).toEqual([1, 3, 2]);
    expect(cache.delete("a")).toBe(true);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
