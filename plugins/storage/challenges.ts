/**
 * Challenge lifecycle of the storage plugin: issuance (onBlock, random nodes from the sampling
 * index, random chunk indices), settlement (proven in verify, faulted in verify or at the
 * deadline in onBlock) and the fault run that deactivates a node. Per-block work depends on the
 * params only, never on how many nodes are registered.
 */
import { getJson, randomIndex, SamplingIndex, setJson, utf8, type HookContext, type PluginStore } from "../../modules/plugin";
import { getChallenge, getStats, keys, putChallenge, putStats, REASONS, type StorageChallenge, type StorageMetadata, type StorageParams } from "./schema";

const decoder = new TextDecoder();

/**
 * Settles a challenge as a fault: the periods accrued since the last proof are forfeited (the
 * anchor moves to now) and the fault run grows. Returns true when the run reached the limit.
 */
export function recordFault(store: PluginStore, params: StorageParams, c: StorageChallenge, reason: string, height: bigint): boolean {
  c.status = reason === REASONS.DEADLINE_MISSED ? "missed" : "faulted";
  c.settledHeight = height.toString();
  c.reason = reason;
  c.units = "0";
  putChallenge(store, c);
  store.delete(keys.open(c.device));
  const s = getStats(store, c.device);
  s.anchor = height.toString();
  s.consecutiveFaults++;
  s.totalFaults++;
  s.lastFault = { challengeId: c.id, reason, height: height.toString() };
  const limit = s.consecutiveFaults >= params.maxConsecutiveFaults;
  if (limit) s.deactivated = true;
  putStats(store, c.device, s);
  return limit;
}

/**
 * Settles a challenge as proven. Units = committed chunks x whole periods between the anchor and
 * the challenge's issuance (the possession the answer proves); the remainder carries over.
 */
export function recordProof(store: PluginStore, params: StorageParams, c: StorageChallenge, height: bigint): bigint {
  const s = getStats(store, c.device);
  const anchor = BigInt(s.anchor);
  const issued = BigInt(c.issuedHeight);
  const period = BigInt(params.periodBlocks);
  const periods = issued > anchor ? (issued - anchor) / period : 0n;
  const units = BigInt(c.chunkCount) * periods;
  s.anchor = (anchor + periods * period).toString();
  s.consecutiveFaults = 0;
  s.proven++;
  s.periodsProven = (BigInt(s.periodsProven) + periods).toString();
  s.unitsEarned = (BigInt(s.unitsEarned) + units).toString();
  putStats(store, c.device, s);
  c.status = "proven";
  c.settledHeight = height.toString();
  c.units = units.toString();
  putChallenge(store, c);
  store.delete(keys.open(c.device));
  return units;
}

/** (Re)starts a node's accounting: on registration and when its commitment changes. */
export function resetNode(store: PluginStore, deviceId: string, height: bigint, fresh: boolean): void {
  const open = store.get(keys.open(deviceId));
  if (open !== undefined) {
    const c = getChallenge(store, Number(decoder.decode(open)));
    if (c && c.status === "open") {
      c.status = "cancelled";
      c.settledHeight = height.toString();
      putChallenge(store, c);
    }
    store.delete(keys.open(deviceId));
  }
  const s = getStats(store, deviceId);
  s.anchor = height.toString();
  if (fresh) {
    s.consecutiveFaults = 0;
    s.deactivated = false;
  }
  putStats(store, deviceId, s);
  store.delete(keys.pendingDeactivation(deviceId));
}

/** Deadline sweep: open challenges whose deadline is this block or earlier become faults. */
export function sweepDeadlines(ctx: HookContext<StorageParams>): void {
  const due: Array<[Uint8Array, number]> = [];
  for (const [k] of ctx.store.iterate({ prefix: "due/", end: keys.dueUpTo(ctx.height) })) due.push([k, Number(decoder.decode(k).split("/")[2])]);
  for (const [k, cid] of due) {
    ctx.store.delete(k);
    const c = getChallenge(ctx.store, cid);
    if (!c || c.status !== "open") continue;
    const limit = recordFault(ctx.store, ctx.params, c, REASONS.DEADLINE_MISSED, ctx.height);
    ctx.report({ deviceId: c.device, accepted: false, units: 0n, reason: REASONS.DEADLINE_MISSED, ref: `challenge/${cid}`, detail: `no valid answer by height ${c.deadline}` });
    if (limit) ctx.store.set(keys.pendingDeactivation(c.device), utf8(REASONS.TOO_MANY_FAULTS));
  }
}

/** Deactivations requested by faults (from verify, which cannot change device status mid-batch, or the sweep). */
export function applyDeactivations(ctx: HookContext<StorageParams>): void {
  const pending: string[] = [];
  for (const [k] of ctx.store.iterate({ prefix: "pd/" })) pending.push(decoder.decode(k).slice(3));
  for (const id of pending) {
    ctx.store.delete(keys.pendingDeactivation(id));
    ctx.deactivate(id, REASONS.TOO_MANY_FAULTS);
    ctx.emitEvent("node_deactivated", { device: id, reason: REASONS.TOO_MANY_FAULTS, consecutive_faults: String(getStats(ctx.store, id).consecutiveFaults) });
  }
}

/** Issues up to challengesPerRound challenges at heights divisible by challengeIntervalBlocks. */
export function issueChallenges(ctx: HookContext<StorageParams>): number {
  const p = ctx.params;
  if (ctx.height % BigInt(p.challengeIntervalBlocks) !== 0n) return 0;
  const picked = new SamplingIndex(ctx.store).sample(ctx.registry, ctx.randomness, "storage/node", p.challengesPerRound, 4 * p.challengesPerRound, (d) => !ctx.store.has(keys.open(d.id)) && !getStats(ctx.store, d.id).deactivated); // deactivated here: status changes after this hook
  let next = getJson<number>(ctx.store, keys.next) ?? 0;
  for (const device of picked) {
    const cid = next++;
    const meta = device.metadata as unknown as StorageMetadata;
    const n = BigInt(meta.chunkCount);
    const indices = Array.from({ length: p.chunksPerChallenge }, (_, j) => Number(randomIndex(ctx.randomness, `storage/chunk/${cid}`, BigInt(j), n)));
    const deadline = ctx.height + BigInt(p.responseDeadlineBlocks);
    const c: StorageChallenge = { id: cid, device: device.id, issuedHeight: ctx.height.toString(), deadline: deadline.toString(), indices, dataRoot: meta.dataRoot, chunkCount: meta.chunkCount, status: "open" };
    putChallenge(ctx.store, c);
    ctx.store.set(keys.open(device.id), utf8(String(cid)));
    ctx.store.set(keys.due(deadline, cid), utf8("1"));
    ctx.emitEvent("challenge_issued", { challenge_id: String(cid), device: device.id, indices: indices.join(","), deadline: c.deadline });
  }
  if (picked.length > 0) setJson(ctx.store, keys.next, next); // an empty network writes nothing
  return picked.length;
}
