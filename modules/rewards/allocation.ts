/**
 * Splitting an epoch's available amount between network types, and within a type between its
 * proof/coverage share and its usage share. Pure integer functions (the one implementation; the
 * keeper's epoch close and the tests use them).
 *
 * A type takes part when a share with a non-zero fraction has units: the proof share when
 * units > 0 and usage_share_bps < 10000, the usage share when usage_units > 0 and
 * usage_share_bps > 0. Its allocation = floor(available * weight / Σ weights of taking-part types);
 * usage_pool = floor(allocation * usage_share_bps / 10000), pool (proof share) = the rest. A share
 * without units gets 0 and its part stays undistributed (carried into the next epoch with the
 * division dust). With usage_share_bps = 0 this is exactly the proof-only rule.
 */
import type { NetworkTypePool, NetworkTypeWeight } from "../../generated/depin/rewards/v1/types";

export const BPS = 10_000n;

export interface Allocation {
  readonly pools: NetworkTypePool[];
  readonly distributed: bigint;
}

export function allocatePools(available: bigint, pools: readonly NetworkTypePool[], weights: readonly NetworkTypeWeight[]): Allocation {
  const byType = new Map(weights.map((w) => [w.networkType, w]));
  const eligible = pools.map((pool) => {
    const bps = BigInt(byType.get(pool.networkType)?.usageShareBps ?? 0);
    const proof = BigInt(pool.units) > 0n && bps < BPS;
    const usage = BigInt(pool.usageUnits || "0") > 0n && bps > 0n;
    return { proof, usage, bps, weight: byType.get(pool.networkType)?.weight ?? 0n };
  });
  let weightSum = 0n;
  for (const e of eligible) if (e.proof || e.usage) weightSum += e.weight;
  let distributed = 0n;
  const closed = pools.map((pool, i) => {
    const e = eligible[i]!;
    const allocation = weightSum > 0n && (e.proof || e.usage) ? (available * e.weight) / weightSum : 0n;
    const usagePart = (allocation * e.bps) / BPS;
    const usagePool = e.usage ? usagePart : 0n;
    const proofPool = e.proof ? allocation - usagePart : 0n;
    distributed += usagePool + proofPool;
    return { ...pool, weight: e.weight, pool: proofPool.toString(), usagePool: usagePool.toString() };
  });
  return { pools: closed, distributed };
}

/**
 * Lazy settlement of one share: a device settling `units` of a pool receives
 * floor(amount * (settledUnits + units) / totalUnits) - settledAmount (cumulative floors telescope:
 * once all devices settled, exactly `amount` was paid, never more).
 */
export function settlementShare(amount: bigint, totalUnits: bigint, settledUnits: bigint, settledAmount: bigint, units: bigint): bigint {
  if (totalUnits === 0n) return 0n;
  return (amount * (settledUnits + units)) / totalUnits - settledAmount;
}
