import { SamplingIndex } from "./sampling";
import { MemoryPluginStore } from "./store";
import { MemoryRegistry } from "./testing";
import { KeyType } from "./device-keys";
import type { DeviceView } from "./types";
import { sha256, utf8 } from "./bytes";

function device(i: number, status: "ACTIVE" | "INACTIVE" = "ACTIVE"): DeviceView {
  return { id: `d${i}`.padEnd(40, "0"), owner: "o", networkType: "t", keyType: KeyType.ED25519, pubkey: new Uint8Array(32), metadata: {}, location: undefined, status, registeredHeight: 1n };
}

describe("SamplingIndex", () => {
  it("keeps a dense ordinal array under add and swap-remove", () => {
    const ix = new SamplingIndex(new MemoryPluginStore());
    for (let i = 0; i < 5; i++) ix.add(device(i).id);
    ix.add(device(2).id); // idempotent
    expect(ix.count()).toBe(5n);
    ix.remove(device(1).id);
    expect(ix.count()).toBe(4n);
    expect(ix.at(1n)).toBe(device(4).id); // the last one moved into the hole
    expect(ix.has(device(1).id)).toBe(false);
    ix.remove(device(4).id);
    ix.remove(device(4).id);
    expect([0n, 1n, 2n].map((o) => ix.at(o))).toEqual([device(0).id, device(3).id, device(2).id]);
    expect(ix.at(3n)).toBeUndefined();
  });

  it("samples distinct active devices deterministically and prunes inactive ones it hits", () => {
    const store = new MemoryPluginStore();
    const registry = new MemoryRegistry("t");
    const ix = new SamplingIndex(store);
    for (let i = 0; i < 20; i++) {
      const d = device(i, i % 2 ? "INACTIVE" : "ACTIVE");
      registry.put(d);
      ix.add(d.id);
    }
    const seed = sha256(utf8("seed"));
    const a = ix.sample(registry, seed, "x", 3, 40).map((d) => d.id);
    expect(new Set(a).size).toBe(3);
    expect(a.every((id) => registry.getDevice(id)!.status === "ACTIVE")).toBe(true);
    expect(ix.count()).toBeLessThan(20n);
    // same state + seed, same draw
    const store2 = new MemoryPluginStore();
    const ix2 = new SamplingIndex(store2);
    for (let i = 0; i < 20; i++) ix2.add(device(i).id);
    expect(ix2.sample(registry, seed, "x", 3, 40).map((d) => d.id)).toEqual(a);
    expect(ix.sample(registry, seed, "x", 3, 0)).toEqual([]);
  });
});
