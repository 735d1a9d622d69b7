/**
 * Applies decoded blocks to the store inside one database transaction, checkpoint included: the
 * rows of a block and the height that says "this block is done" commit together or not at all,
 * which is what makes a SIGKILL at any moment harmless (restart resumes after the checkpoint).
 *
 * Work is done in memory per batch (touched devices and balances loaded once, counters as deltas)
 * and written with multi-row statements, so a backfill costs a few statements per batch, not per event.
 */
import type { Insertable, Transaction } from "kysely";
import type { IndexerDatabase, DevicesTable, EventsTable, ProofsTable, RewardsTable, DeviceHistoryTable, UnknownEventsTable, EpochsTable } from "../store/schema";
import { insertMany, selectIn, upsertMany } from "../store/rows";
import { cellKey, isCell } from "../store/h3-range";
import { PLUGIN_EVENT_PREFIX, type DecodedBlock, type DecodedEvent, type TypedEvent } from "./decode";
import { writeCheckpoint, type Checkpoint } from "./checkpoint";
import { PaymentsBatch } from "./apply-payments";
import type { GenesisDevice } from "./genesis-devices";

/** "depin.plugin.storage.challenge_issued" -> "storage"; "" for any other kind. */
function pluginNetworkType(kind: string): string {
  return kind.startsWith(PLUGIN_EVENT_PREFIX) ? kind.slice(PLUGIN_EVENT_PREFIX.length, kind.lastIndexOf(".")) : "";
}

export const STATUS_ACTIVE = 1;
export const STATUS_INACTIVE = 2;
export const REWARD_SETTLED = 1;
export const REWARD_CLAIMED = 2;

export interface ApplyResult {
  readonly checkpoint: Checkpoint;
  readonly events: number;
  readonly unknown: ReadonlyArray<{ readonly height: number; readonly idx: number; readonly kind: string; readonly error?: string }>;
  /** Device ids whose rows changed (for cache invalidation). */
  readonly touchedDevices: ReadonlySet<string>;
}

type DeviceRow = Insertable<DevicesTable> & { owner: string; network_type: string; status: number; units_total: string; proofs_accepted: number; proofs_rejected: number };

/** Columns a proof changes; no index of the devices table contains them. */
const DEVICE_COUNTER_COLUMNS = ["proofs_accepted", "proofs_rejected", "units_total", "last_proof_height"] as const;

const ownerSubject = (owner: string) => `owner:${owner}`;

function deviceIdsOf(events: readonly DecodedEvent[], into: Set<string>): void {
  for (const e of events) {
    if (e.status !== "typed") continue;
    const ev = e.event;
    switch (ev.kind) {
      case "depin.rewards.v1.EventRewardsClaimed":
        for (const c of ev.value.claims) into.add(c.deviceId);
        break;
      case "depin.rewards.v1.EventEpochClosed":
      case "depin.payments.v1.EventCreditsPurchased":
      case "transfer":
        break;
      default:
        into.add(ev.value.deviceId);
    }
  }
}

class Batch {
  readonly devices = new Map<string, DeviceRow>();
  /** Devices whose row changed in any way (for cache invalidation). */
  readonly dirtyDevices = new Set<string>();
  /**
   * Devices whose indexed columns (owner, type, status, location, heights) may have changed. The
   * others only moved their proof counters, and rewriting only those leaves the devices table's
   * nine secondary indexes untouched.
   */
  readonly reshapedDevices = new Set<string>();
  readonly balances = new Map<string, { settled: bigint; claimed: bigint }>();
  readonly dirtyBalances = new Set<string>();
  readonly deviceCounts = new Map<string, number>();
  readonly epochStats = new Map<string, { accepted: number; rejected: number; units: bigint }>();
  readonly accounts = new Map<string, { first: number; last: number }>();
  readonly events: Array<Insertable<EventsTable>> = [];
  readonly unknown: Array<Insertable<UnknownEventsTable>> = [];
  readonly proofs: Array<Insertable<ProofsTable>> = [];
  readonly rewards: Array<Insertable<RewardsTable>> = [];
  readonly history: Array<Insertable<DeviceHistoryTable>> = [];
  readonly epochs: Array<Insertable<EpochsTable>> = [];
  readonly payments = new PaymentsBatch();

  constructor(private checkpoint: Checkpoint) {}

  get result(): Checkpoint {
    return this.checkpoint;
  }

  private count(networkType: string, status: number, delta: number): void {
    const key = `${networkType}\u0000${status}`;
    this.deviceCounts.set(key, (this.deviceCounts.get(key) ?? 0) + delta);
  }

  private balance(subject: string): { settled: bigint; claimed: bigint } {
    let b = this.balances.get(subject);
    if (!b) {
      b = { settled: 0n, claimed: 0n };
      this.balances.set(subject, b);
    }
    this.dirtyBalances.add(subject);
    return b;
  }

  /** A device the chain holds from genesis: its row, as its registration (and deactivation) would have made it. */
  seedDevice(d: GenesisDevice): void {
    this.placeDevice(d.id, d.owner, d.networkType, d.keyType, d.location, d.active ? STATUS_ACTIVE : STATUS_INACTIVE, d.registeredHeight, d.updatedHeight);
  }

  /**
   * Writes a device's row as its registration makes it (proof counters kept from a row it replaces),
   * counts it and its owner; returns the location kept (a valid H3 cell, or "").
   */
  private placeDevice(id: string, owner: string, networkType: string, keyType: number, rawLocation: string, status: number, registeredHeight: number, updatedHeight: number, prev?: DeviceRow): string {
    const location = rawLocation && isCell(rawLocation) ? rawLocation : "";
    this.devices.set(id, {
      id, owner, network_type: networkType, key_type: String(keyType), location,
      cell_key: location ? cellKey(location) : null, status, registered_height: registeredHeight, updated_height: updatedHeight,
      proofs_accepted: prev?.proofs_accepted ?? 0, proofs_rejected: prev?.proofs_rejected ?? 0, units_total: prev?.units_total ?? "0", last_proof_height: prev?.last_proof_height ?? 0,
    });
    this.dirtyDevices.add(id);
    this.reshapedDevices.add(id);
    this.count(networkType, status, 1);
    this.touchAccount(owner, registeredHeight);
    return location;
  }

  private touchAccount(address: string, height: number): void {
    if (!address) return;
    const a = this.accounts.get(address);
    if (a) a.last = height;
    else this.accounts.set(address, { first: height, last: height });
  }

  private stat(epoch: number, networkType: string): { accepted: number; rejected: number; units: bigint } {
    const key = `${epoch}\u0000${networkType}`;
    let s = this.epochStats.get(key);
    if (!s) {
      s = { accepted: 0, rejected: 0, units: 0n };
      this.epochStats.set(key, s);
    }
    return s;
  }

  applyBlock(decoded: DecodedBlock): void {
    const { block } = decoded;
    const h = block.height;
    for (const e of decoded.events) {
      if (e.status === "ignored") continue;
      if (e.status === "unknown") {
        this.unknown.push({ height: h, idx: e.idx, kind: e.kind, tx_index: e.txIndex, attributes_json: JSON.stringify(e.attributes) });
        continue;
      }
      // Rows are written as literals of one shape (not spreads): a backfill builds millions.
      if (e.status === "logged") {
        const nt = typeof e.attributes.name === "string" ? e.attributes.name : typeof e.attributes.network_type === "string" ? e.attributes.network_type : pluginNetworkType(e.kind);
        this.events.push({ height: h, idx: e.idx, kind: e.kind, tx_index: e.txIndex, tx_hash: e.txHash, network_type: nt, owner: "", device_id: "", attributes_json: JSON.stringify(e.attributes), time_ms: block.timeMs });
        continue;
      }
      const tags = this.applyTyped(e.event, h, e.idx, block.timeMs, e.txIndex < 0);
      this.events.push({ height: h, idx: e.idx, kind: e.event.kind, tx_index: e.txIndex, tx_hash: e.txHash, network_type: tags.network_type, owner: tags.owner, device_id: tags.device_id, attributes_json: JSON.stringify(e.attributes), time_ms: block.timeMs });
    }
    const first = this.checkpoint.height === 0;
    this.checkpoint = {
      ...this.checkpoint,
      chainId: block.chainId,
      height: h,
      blockHash: block.hash,
      firstBlockHash: first ? block.hash : this.checkpoint.firstBlockHash,
      firstBlockHeight: first ? h : this.checkpoint.firstBlockHeight,
    };
  }

  /** Applies one typed event; returns the tags the event log is filtered on. */
  private applyTyped(ev: TypedEvent, h: number, idx: number, timeMs: number, fromBlock: boolean): { network_type: string; owner: string; device_id: string } {
    switch (ev.kind) {
      case "depin.registry.v1.EventDeviceRegistered": {
        const v = ev.value;
        const prev = this.devices.get(v.deviceId);
        if (prev) this.count(prev.network_type, prev.status, -1);
        const location = this.placeDevice(v.deviceId, v.owner, v.networkType, v.keyType, v.location, STATUS_ACTIVE, h, h, prev);
        this.history.push({ device_id: v.deviceId, height: h, idx, kind: "registered", owner: v.owner, location });
        return { network_type: v.networkType, owner: v.owner, device_id: v.deviceId };
      }
      case "depin.registry.v1.EventDeviceUpdated": {
        const v = ev.value;
        const d = this.devices.get(v.deviceId);
        if (d) {
          if (v.locationChanged) {
            d.location = v.location && isCell(v.location) ? v.location : "";
            d.cell_key = d.location ? cellKey(d.location) : null;
          }
          d.updated_height = h;
          this.dirtyDevices.add(v.deviceId);
          this.reshapedDevices.add(v.deviceId);
          this.history.push({ device_id: v.deviceId, height: h, idx, kind: "updated", owner: d.owner, location: d.location });
        }
        return { network_type: d?.network_type ?? "", owner: d?.owner ?? "", device_id: v.deviceId };
      }
      case "depin.registry.v1.EventDeviceTransferred": {
        const v = ev.value;
        const d = this.devices.get(v.deviceId);
        if (d) {
          d.owner = v.toOwner;
          d.updated_height = h;
          this.dirtyDevices.add(v.deviceId);
          this.reshapedDevices.add(v.deviceId);
          this.history.push({ device_id: v.deviceId, height: h, idx, kind: "transferred", owner: v.toOwner, location: d.location });
        }
        // The device's reward history moves with it: owner totals = sum over devices owned now.
        const own = this.balances.get(v.deviceId);
        if (own && (own.settled !== 0n || own.claimed !== 0n)) {
          const from = this.balance(ownerSubject(v.fromOwner));
          const to = this.balance(ownerSubject(v.toOwner));
          from.settled -= own.settled;
          from.claimed -= own.claimed;
          to.settled += own.settled;
          to.claimed += own.claimed;
        }
        this.touchAccount(v.toOwner, h);
        return { network_type: d?.network_type ?? "", owner: v.toOwner, device_id: v.deviceId };
      }
      case "depin.registry.v1.EventDeviceDeactivated": {
        const v = ev.value;
        const d = this.devices.get(v.deviceId);
        if (d && d.status !== STATUS_INACTIVE) {
          this.count(d.network_type, d.status, -1);
          this.count(d.network_type, STATUS_INACTIVE, 1);
          d.status = STATUS_INACTIVE;
          d.updated_height = h;
          this.dirtyDevices.add(v.deviceId);
          this.reshapedDevices.add(v.deviceId);
          this.history.push({ device_id: v.deviceId, height: h, idx, kind: "deactivated", owner: d.owner, location: d.location });
        }
        return { network_type: d?.network_type ?? "", owner: v.owner, device_id: v.deviceId };
      }
      case "depin.proofs.v1.EventProofAccepted":
      case "depin.proofs.v1.EventProofRejected":
      case "depin.proofs.v1.EventPluginVerdict": {
        const accepted = ev.kind === "depin.proofs.v1.EventProofAccepted" || (ev.kind === "depin.proofs.v1.EventPluginVerdict" && ev.value.accepted);
        const v = ev.value as Partial<{ deviceId: string; sequence: bigint; networkType: string; units: string; quality: number; epoch: bigint; reason: string; detail: string; ref: string }>;
        const deviceId = v.deviceId ?? "";
        const units = accepted ? v.units || "0" : "0";
        const epoch = Number(v.epoch ?? BigInt(this.checkpoint.currentEpoch));
        const networkType = v.networkType ?? "";
        this.proofs.push({
          height: h, idx, device_id: deviceId, sequence: (v.sequence ?? 0n).toString(), network_type: networkType, accepted: accepted ? 1 : 0,
          reason: v.reason ?? "", detail: v.detail ?? v.ref ?? "", units, quality: v.quality ?? 0, epoch: v.epoch !== undefined ? epoch : (accepted ? epoch : this.checkpoint.currentEpoch), time_ms: timeMs, from_hook: fromBlock ? 1 : 0,
        });
        if (v.epoch !== undefined && epoch > this.checkpoint.currentEpoch) this.checkpoint = { ...this.checkpoint, currentEpoch: epoch };
        const d = this.devices.get(deviceId);
        if (d) {
          if (accepted) {
            d.proofs_accepted++;
            d.units_total = (BigInt(d.units_total) + BigInt(units)).toString();
          } else d.proofs_rejected++;
          d.last_proof_height = h;
          this.dirtyDevices.add(deviceId);
        }
        const s = this.stat(v.epoch !== undefined ? epoch : this.checkpoint.currentEpoch, networkType);
        if (accepted) {
          s.accepted++;
          s.units += BigInt(units);
        } else s.rejected++;
        return { network_type: networkType, owner: d?.owner ?? "", device_id: deviceId };
      }
      case "depin.rewards.v1.EventEpochClosed": {
        const s = ev.value.summary;
        if (s) {
          this.epochs.push({
            epoch: Number(s.epoch), start_height: Number(s.startHeight), end_height: Number(s.endHeight), emission: s.emission, carried_in: s.carriedIn,
            distributed: s.distributed, remainder_carried: s.remainderCarried, total_emitted: s.totalEmitted,
            pools_json: JSON.stringify(s.pools.map((p) => ({
              network_type: p.networkType, weight: p.weight.toString(), pool: p.pool, units: p.units, devices: p.devices.toString(),
              usage_pool: p.usagePool || "0", usage_units: p.usageUnits || "0", usage_devices: p.usageDevices.toString(),
            }))),
            closed_height: h,
            burned: s.burned || "0", net_emission: s.netEmission || "0", total_burned: s.totalBurned || "0", supply_start: s.supplyStart || "0", supply_end: s.supplyEnd || "0",
          });
          if (Number(s.epoch) + 1 > this.checkpoint.currentEpoch) this.checkpoint = { ...this.checkpoint, currentEpoch: Number(s.epoch) + 1 };
        }
        return { network_type: "", owner: "", device_id: "" };
      }
      case "depin.rewards.v1.EventRewardsSettled": {
        const v = ev.value;
        const d = this.devices.get(v.deviceId);
        const owner = d?.owner ?? "";
        this.rewards.push({ height: h, idx, kind: REWARD_SETTLED, device_id: v.deviceId, owner, epoch: Number(v.epoch), network_type: v.networkType, units: v.units, amount: v.amount });
        const amount = BigInt(v.amount || "0");
        this.balance(v.deviceId).settled += amount;
        if (owner) this.balance(ownerSubject(owner)).settled += amount;
        return { network_type: v.networkType, owner, device_id: v.deviceId };
      }
      case "depin.rewards.v1.EventRewardsClaimed": {
        const v = ev.value;
        for (const c of v.claims) {
          const d = this.devices.get(c.deviceId);
          this.rewards.push({ height: h, idx, kind: REWARD_CLAIMED, device_id: c.deviceId, owner: v.owner, epoch: this.checkpoint.currentEpoch, network_type: d?.network_type ?? "", units: "0", amount: c.amount });
          const amount = BigInt(c.amount || "0");
          this.balance(c.deviceId).claimed += amount;
          this.balance(ownerSubject(v.owner)).claimed += amount;
        }
        this.touchAccount(v.owner, h);
        return { network_type: "", owner: v.owner, device_id: v.claims.length === 1 ? v.claims[0].deviceId : "" };
      }
      case "depin.payments.v1.EventCreditsPurchased":
      case "depin.payments.v1.EventUsageAccepted":
      case "depin.payments.v1.EventUsageRejected": {
        const tags = this.payments.apply(ev, h, idx, timeMs);
        const d = tags.device_id ? this.devices.get(tags.device_id) : undefined;
        this.touchAccount(tags.owner, h);
        return { ...tags, network_type: tags.network_type || d?.network_type || "" };
      }
      case "transfer": {
        this.touchAccount(ev.value.sender, h);
        this.touchAccount(ev.value.recipient, h);
        return { network_type: "", owner: ev.value.sender, device_id: "" };
      }
    }
  }
}

/** Applies `blocks` (consecutive, starting right after `from.height`) and moves the checkpoint. */
/** `genesis`: devices the chain holds from genesis, given with the index's first batch. */
export async function applyBlocks(trx: Transaction<IndexerDatabase>, from: Checkpoint, blocks: readonly DecodedBlock[], genesis: readonly GenesisDevice[] = []): Promise<ApplyResult> {
  const batch = new Batch(from);
  for (const device of genesis) batch.seedDevice(device);
  const ids = new Set<string>();
  for (const b of blocks) deviceIdsOf(b.events, ids);
  const idList = [...ids];
  for (const row of await selectIn(trx, "devices", "id", idList)) batch.devices.set(row.id, { ...row, cell_key: row.location ? cellKey(row.location) : null } as DeviceRow); // the stored key reads back as a lossy double: recompute
  for (const row of await selectIn(trx, "reward_balances", "subject", idList)) batch.balances.set(row.subject, { settled: BigInt(row.settled), claimed: BigInt(row.claimed) });
  const untouchedBalances = new Map([...batch.balances].map(([k, v]) => [k, { ...v }]));

  let events = 0;
  for (const b of blocks) {
    batch.applyBlock(b);
    events += b.eventCount;
  }

  // Owner aggregates were accumulated as deltas (not loaded): add them to the stored values.
  const ownerSubjects = [...batch.dirtyBalances].filter((s) => s.startsWith("owner:"));
  const storedOwners = new Map((await selectIn(trx, "reward_balances", "subject", ownerSubjects)).map((r) => [r.subject, r]));
  const balanceRows = [...batch.dirtyBalances].map((subject) => {
    const delta = batch.balances.get(subject)!;
    const stored = subject.startsWith("owner:") ? storedOwners.get(subject) : undefined;
    const base = stored ? { settled: BigInt(stored.settled), claimed: BigInt(stored.claimed) } : { settled: 0n, claimed: 0n };
    void untouchedBalances;
    return { subject, settled: (base.settled + delta.settled).toString(), claimed: (base.claimed + delta.claimed).toString() };
  });

  const countKeys = [...batch.deviceCounts.keys()];
  const storedCounts = new Map<string, number>();
  for (const key of countKeys) {
    const [networkType, status] = key.split("\u0000");
    const row = await trx.selectFrom("device_counts").select("count").where("network_type", "=", networkType).where("status", "=", Number(status)).executeTakeFirst();
    storedCounts.set(key, Number(row?.count ?? 0));
  }
  const statRows = [];
  for (const [key, s] of batch.epochStats) {
    const [epoch, networkType] = key.split("\u0000");
    const row = await trx.selectFrom("epoch_type_stats").selectAll().where("epoch", "=", Number(epoch)).where("network_type", "=", networkType).executeTakeFirst();
    statRows.push({
      epoch: Number(epoch), network_type: networkType,
      proofs_accepted: Number(row?.proofs_accepted ?? 0) + s.accepted, proofs_rejected: Number(row?.proofs_rejected ?? 0) + s.rejected,
      units: (BigInt(row?.units ?? "0") + s.units).toString(),
    });
  }

  await insertMany(trx, "events", batch.events);
  await insertMany(trx, "unknown_events", batch.unknown);
  await insertMany(trx, "proofs", batch.proofs);
  await insertMany(trx, "rewards", batch.rewards);
  await insertMany(trx, "device_history", batch.history);
  await insertMany(trx, "epochs", batch.epochs);
  await batch.payments.write(trx);
  const counterOnly = [...batch.dirtyDevices].filter((id) => !batch.reshapedDevices.has(id));
  await upsertMany(trx, "devices", ["id"], [...batch.reshapedDevices].map((id) => batch.devices.get(id)!));
  await upsertMany(trx, "devices", ["id"], counterOnly.map((id) => batch.devices.get(id)!), DEVICE_COUNTER_COLUMNS);
  await upsertMany(trx, "reward_balances", ["subject"], balanceRows);
  await upsertMany(trx, "device_counts", ["network_type", "status"], countKeys.map((key) => {
    const [networkType, status] = key.split("\u0000");
    return { network_type: networkType, status: Number(status), count: storedCounts.get(key)! + batch.deviceCounts.get(key)! };
  }));
  await upsertMany(trx, "epoch_type_stats", ["epoch", "network_type"], statRows);
  if (batch.accounts.size > 0) {
    const rows = [...batch.accounts].map(([address, a]) => ({ address, first_height: a.first, last_height: a.last }));
    for (let i = 0; i < rows.length; i += 5000) {
      await trx.insertInto("accounts").values(rows.slice(i, i + 5000)).onConflict((oc) => oc.column("address").doUpdateSet((eb) => ({ last_height: eb.ref("excluded.last_height") }))).execute();
    }
  }
  const checkpoint = batch.result;
  await writeCheckpoint(trx, checkpoint);
  return {
    checkpoint,
    events,
    unknown: batch.unknown.map((u) => ({ height: Number(u.height), idx: Number(u.idx), kind: u.kind })),
    touchedDevices: batch.dirtyDevices,
  };
}
