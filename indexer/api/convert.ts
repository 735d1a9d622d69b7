/** Store rows -> API messages. */
import type { Selectable } from "kysely";
import { Device, DeviceChange, DeviceStatus, Epoch, EpochPool, IndexedEvent, Proof, RewardEntry, RewardKind } from "../../generated/depin/indexer/v1/types";
import { keyTypeToJSON } from "../../generated/depin/registry/v1/types";
import type { DeviceHistoryTable, EpochTypeStatsTable } from "../store/schema";
import type { DeviceRow, EpochRow, EventRow, ProofRow, RewardRow } from "../store/queries";

function keyTypeName(stored: string): string {
  const n = Number(stored);
  return Number.isInteger(n) ? keyTypeToJSON(n) : stored;
}

export function toDevice(r: DeviceRow): Device {
  return {
    id: r.id, owner: r.owner, networkType: r.network_type, keyType: keyTypeName(r.key_type), location: r.location,
    status: Number(r.status) as DeviceStatus, registeredHeight: BigInt(r.registered_height), updatedHeight: BigInt(r.updated_height),
    proofsAccepted: BigInt(r.proofs_accepted), proofsRejected: BigInt(r.proofs_rejected), unitsTotal: r.units_total, lastProofHeight: BigInt(r.last_proof_height),
  };
}

export function toChange(r: Selectable<DeviceHistoryTable>): DeviceChange {
  return { height: BigInt(r.height), index: Number(r.idx), kind: r.kind, owner: r.owner, location: r.location };
}

export function toProof(r: ProofRow): Proof {
  return {
    height: BigInt(r.height), index: Number(r.idx), deviceId: r.device_id, sequence: BigInt(r.sequence), networkType: r.network_type, accepted: Number(r.accepted) === 1,
    reason: r.reason, detail: r.detail, units: r.units, quality: Number(r.quality), epoch: BigInt(r.epoch), timeMs: BigInt(r.time_ms), fromHook: Number(r.from_hook) === 1,
  };
}

export function toReward(r: RewardRow): RewardEntry {
  return {
    height: BigInt(r.height), index: Number(r.idx), kind: Number(r.kind) as RewardKind, deviceId: r.device_id, owner: r.owner, epoch: BigInt(r.epoch),
    networkType: r.network_type, units: r.units, amount: r.amount,
  };
}

export function toEpoch(r: EpochRow, stats: ReadonlyArray<Selectable<EpochTypeStatsTable>>): Epoch {
  type StoredPool = { network_type: string; weight: string; pool: string; units: string; devices: string; usage_pool?: string; usage_units?: string; usage_devices?: string };
  const pools = (JSON.parse(r.pools_json) as StoredPool[]).map((p): EpochPool => {
    const s = stats.find((x) => x.network_type === p.network_type);
    return {
      networkType: p.network_type, weight: BigInt(p.weight), pool: p.pool, units: p.units, devices: BigInt(p.devices), proofsAccepted: BigInt(s?.proofs_accepted ?? 0), proofsRejected: BigInt(s?.proofs_rejected ?? 0),
      usagePool: p.usage_pool ?? "0", usageUnits: p.usage_units ?? "0", usageDevices: BigInt(p.usage_devices ?? "0"),
    };
  });
  // Types with proofs but no pool entry (e.g. only rejections) still show their counters.
  for (const s of stats) {
    if (!pools.some((p) => p.networkType === s.network_type)) {
      pools.push({ networkType: s.network_type, weight: 0n, pool: "0", units: "0", devices: 0n, proofsAccepted: BigInt(s.proofs_accepted), proofsRejected: BigInt(s.proofs_rejected), usagePool: "0", usageUnits: "0", usageDevices: 0n });
    }
  }
  return {
    epoch: BigInt(r.epoch), startHeight: BigInt(r.start_height), endHeight: BigInt(r.end_height), emission: r.emission, carriedIn: r.carried_in,
    distributed: r.distributed, remainderCarried: r.remainder_carried, totalEmitted: r.total_emitted, pools, closedHeight: BigInt(r.closed_height),
    burned: r.burned ?? "0", netEmission: r.net_emission ?? "0", totalBurned: r.total_burned ?? "0", supplyStart: r.supply_start ?? "0", supplyEnd: r.supply_end ?? "0",
  };
}

export function toEvent(r: EventRow): IndexedEvent {
  return {
    cursor: { height: BigInt(r.height), index: Number(r.idx) }, kind: r.kind, txIndex: Number(r.tx_index), txHash: r.tx_hash,
    networkType: r.network_type, owner: r.owner, deviceId: r.device_id, attributesJson: r.attributes_json, timeMs: BigInt(r.time_ms),
  };
}
