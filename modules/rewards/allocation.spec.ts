import type { NetworkTypePool, NetworkTypeWeight } from "../../generated/depin/rewards/v1/types";
import { allocatePools, settlementShare } from "./allocation";
import { emptyPool } from "./state";

function pool(networkType: string, units: bigint, usageUnits: bigint): NetworkTypePool {
  return { ...emptyPool(networkType), units: units.toString(), usageUnits: usageUnits.toString() };
}
const w = (networkType: string, weight: bigint, usageShareBps = 0): NetworkTypeWeight => ({ networkType, weight, usageShareBps });

describe("rewards allocation (proof share / usage share)", () => {
  it("usage_share_bps = 0 is the proof-only rule: pro rata to weight among types with units", () => {
    const { pools, distributed } = allocatePools(1000n, [pool("a", 5n, 0n), pool("b", 0n, 0n), pool("c", 1n, 7n)], [w("a", 2n), w("b", 5n), w("c", 1n)]);
    expect(pools.map((p) => [p.pool, p.usagePool])).toEqual([["666", "0"], ["0", "0"], ["333", "0"]]);
    expect(distributed).toBe(999n);
  });

  it("splits a type's allocation by usage_share_bps; a share without units is carried", () => {
    const { pools, distributed } = allocatePools(1000n, [pool("a", 5n, 3n), pool("b", 0n, 4n), pool("c", 2n, 0n)], [w("a", 2n, 2500), w("b", 1n, 5000), w("c", 1n, 10_000)]);
    // c has only proof units but a 100 % usage share: it does not take part (weight sum 3).
    expect(pools.map((p) => [p.networkType, p.pool, p.usagePool])).toEqual([
      ["a", "500", "166"], // 666 -> usage floor(666/4) = 166, proof 500
      ["b", "0", "166"], // 333 -> usage 166, proof half carried (no proof units)
      ["c", "0", "0"],
    ]);
    expect(distributed).toBe(832n);
  });

  it("never distributes more than available, whatever the inputs", () => {
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let i = 0; i < 500; i++) {
      const types = ["a", "b", "c", "d"].slice(0, 1 + rnd(4));
      const available = BigInt(rnd(1_000_000));
      const { distributed, pools } = allocatePools(available, types.map((t) => pool(t, BigInt(rnd(3)), BigInt(rnd(3)))), types.map((t) => w(t, BigInt(rnd(5)), rnd(10_001))));
      expect(distributed <= available).toBe(true);
      expect(pools.reduce((s, p) => s + BigInt(p.pool) + BigInt(p.usagePool), 0n)).toBe(distributed);
    }
  });

  it("settlement shares telescope to exactly the pool in any order", () => {
    const units = [3n, 1n, 4n, 1n, 5n];
    const total = units.reduce((a, b) => a + b, 0n);
    for (const order of [units, [...units].reverse()]) {
      let settledUnits = 0n;
      let settledAmount = 0n;
      for (const u of order) {
        settledAmount += settlementShare(1001n, total, settledUnits, settledAmount, u);
        settledUnits += u;
      }
      expect(settledAmount).toBe(1001n);
    }
  });
});
