/**
 * onBlock: close the challenges whose window ended (pay the challengee and the valid witnesses),
 * then, every challengeIntervalBlocks, issue new challenges to hotspots drawn at random from the
 * plugin's sampling index. Per-block work depends on the params (challenges per round, reports per
 * challenge), never on how many hotspots are registered.
 */
import {
  cellToParent,
  getJson,
  mulDiv,
  randomBytesFor,
  randomIndex,
  SamplingIndex,
  setJson,
  sha256,
  toHex,
  utf8,
  type HookContext,
  type PluginStore,
  type RegistryView,
} from "../../modules/plugin";
import { REASONS, type CoverageParams } from "./schema";
import { getChallenge, keys, putChallenge, updateStats, type Challenge, type WitnessEntry } from "./state";

const decoder = new TextDecoder();

/**
 * Total witness units for N paid witnesses: the first `redundancy` earn baseUnits each, the i-th
 * one beyond adds baseUnits * decay^i (decay = decayPermille / 1000, each power floored), so the
 * pool grows ever more slowly and is bounded by baseUnits * (R + d / (1 - d)).
 */
export function witnessPool(n: number, p: CoverageParams["rewards"]): bigint {
  const base = BigInt(p.baseUnits);
  let pool = base * BigInt(Math.min(n, p.redundancy));
  let term = base;
  for (let i = p.redundancy; i < n; i++) {
    term = (term * BigInt(p.decayPermille)) / 1000n;
    pool += term;
  }
  return pool;
}

/** Units scaled by hex density: x target / max(target, hotspots in the device's density cell). */
export function densityScaled(units: bigint, location: string | undefined, registry: RegistryView, p: CoverageParams["rewards"]): bigint {
  if (location === undefined || units === 0n) return units;
  const cell = cellToParent(location, p.densityResolution);
  const count = registry.devicesInCells([cell], { limit: p.densityCap }).length;
  return mulDiv(units, BigInt(p.densityTarget), BigInt(Math.max(p.densityTarget, count)));
}

function validWitnesses(store: PluginStore, cid: number): string[] {
  const prefix = keys.validPrefix(cid);
  const ids: string[] = [];
  for (const [k] of store.iterate({ prefix })) ids.push(decoder.decode(k).slice(prefix.length));
  return ids;
}

function closeChallenge(ctx: HookContext<CoverageParams>, c: Challenge): void {
  const p = ctx.params;
  const ref = `challenge/${c.id}`;
  const valid = validWitnesses(ctx.store, c.id);
  const setWitness = (id: string, units: bigint, finalReason: string) => {
    const entry = getJson<WitnessEntry>(ctx.store, keys.witness(c.id, id))!;
    setJson(ctx.store, keys.witness(c.id, id), { ...entry, units: units.toString(), finalReason });
  };
  let challengeeUnits = 0n;
  let reason: string = REASONS.NO_BEACON;
  let paid: string[] = [];
  if (!c.beacon) {
    ctx.report({ deviceId: c.challengee, accepted: false, units: 0n, reason: REASONS.NO_BEACON, ref, detail: "no beacon receipt inside the window" });
    for (const id of valid) {
      ctx.report({ deviceId: id, accepted: false, units: 0n, reason: REASONS.BEACON_NOT_CONFIRMED, ref });
      setWitness(id, 0n, REASONS.BEACON_NOT_CONFIRMED);
    }
  } else {
    // Paid witnesses by hash order of (beacon, witness): unpredictable before the beacon, and not
    // "earliest first", which would reward fast backhaul rather than coverage.
    const order = valid.map((id) => ({ id, h: toHex(sha256(utf8(c.beaconId), utf8(id))) })).sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
    paid = order.slice(0, p.rewards.maxWitnesses).map((o) => o.id);
    const unpaid = order.slice(p.rewards.maxWitnesses).map((o) => o.id);
    if (paid.length === 0) {
      reason = REASONS.NO_VALID_WITNESSES;
      ctx.report({ deviceId: c.challengee, accepted: false, units: 0n, reason, ref });
    } else {
      const pool = witnessPool(paid.length, p.rewards);
      const perWitness = pool / BigInt(paid.length);
      const challengee = ctx.registry.getDevice(c.challengee);
      challengeeUnits = densityScaled(pool / BigInt(p.rewards.redundancy), challengee?.location, ctx.registry, p.rewards);
      reason = "";
      ctx.report({ deviceId: c.challengee, accepted: true, units: challengeeUnits, ref, detail: `${paid.length} paid witnesses` });
      updateStats(ctx.store, c.challengee, (s) => {
        s.beaconsRewarded++;
        s.unitsEarned = (BigInt(s.unitsEarned) + challengeeUnits).toString();
      });
      for (const id of [...paid].sort()) {
        const units = densityScaled(perWitness, ctx.registry.getDevice(id)?.location, ctx.registry, p.rewards);
        ctx.report({ deviceId: id, accepted: true, units, ref });
        setWitness(id, units, "");
        updateStats(ctx.store, id, (s) => void (s.unitsEarned = (BigInt(s.unitsEarned) + units).toString()));
      }
    }
    for (const id of [...unpaid].sort()) {
      ctx.report({ deviceId: id, accepted: true, units: 0n, reason: REASONS.NOT_SELECTED, ref });
      setWitness(id, 0n, REASONS.NOT_SELECTED);
    }
  }
  if (reason !== "") updateStats(ctx.store, c.challengee, (s) => void (s.lastReason = reason));
  c.status = "closed";
  c.result = { paidWitnesses: paid.length, validWitnesses: valid.length, challengeeUnits: challengeeUnits.toString(), reason };
  putChallenge(ctx.store, c);
  ctx.store.delete(keys.active(c.challengee));
  for (const id of valid) ctx.store.delete(keys.valid(c.id, id));
  ctx.emitEvent("challenge_closed", { challenge_id: String(c.id), challengee: c.challengee, paid_witnesses: String(paid.length), challengee_units: challengeeUnits.toString(), reason });
}

/** Closes every challenge whose window ended at or before this block (bounded by issuance). */
export function closeDue(ctx: HookContext<CoverageParams>): void {
  const due: Array<[Uint8Array, number]> = [];
  for (const [k] of ctx.store.iterate({ prefix: "due/", end: keys.dueUpTo(ctx.height) })) {
    due.push([k, Number(decoder.decode(k).split("/")[2])]);
  }
  for (const [k, cid] of due) {
    ctx.store.delete(k);
    const c = getChallenge(ctx.store, cid);
    if (c && c.status === "open") closeChallenge(ctx, c);
  }
}

/** Issues up to challengesPerRound challenges at heights divisible by challengeIntervalBlocks. */
export function issueChallenges(ctx: HookContext<CoverageParams>): number {
  const p = ctx.params;
  if (ctx.height % BigInt(p.challengeIntervalBlocks) !== 0n) return 0;
  const index = new SamplingIndex(ctx.store);
  const picked = index.sample(ctx.registry, ctx.randomness, "wireless-coverage/challengee", p.challengesPerRound, 4 * p.challengesPerRound, (d) => d.location !== undefined && !ctx.store.has(keys.active(d.id)));
  let next = Number(getJson<number>(ctx.store, keys.next) ?? 0);
  for (const device of picked) {
    const cid = next++;
    const windowEnd = ctx.height + BigInt(p.windowBlocks);
    const c: Challenge = {
      id: cid,
      challengee: device.id,
      location: device.location!,
      issuedHeight: ctx.height.toString(),
      issuedTimeMs: ctx.timeMs.toString(),
      windowEnd: windowEnd.toString(),
      beaconId: toHex(randomBytesFor(ctx.randomness, "wireless-coverage/beacon", BigInt(cid))).slice(0, 32),
      frequencyHz: p.channelsHz[Number(randomIndex(ctx.randomness, "wireless-coverage/channel", BigInt(cid), BigInt(p.channelsHz.length)))]!,
      status: "open",
    };
    putChallenge(ctx.store, c);
    ctx.store.set(keys.due(windowEnd, cid), utf8("1"));
    ctx.store.set(keys.active(device.id), utf8(String(cid)));
    updateStats(ctx.store, device.id, (s) => {
      s.challenges++;
      s.lastChallenge = cid;
    });
    ctx.emitEvent("challenge_issued", { challenge_id: String(cid), challengee: device.id, beacon_id: c.beaconId, frequency_hz: String(c.frequencyHz), window_end: c.windowEnd });
  }
  if (picked.length > 0) setJson(ctx.store, keys.next, next); // an empty network writes nothing
  return picked.length;
}
