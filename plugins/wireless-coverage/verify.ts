/**
 * verify for both payload kinds, rules in README order. A witness report that gets past the
 * duplicate check is recorded (valid or not) so a hotspot has exactly one report per challenge.
 */
import { accept, cellToParent, getH3Resolution, gridDistance, reject, setJson, utf8, type DeviceView, type VerifyContext, type VerifyResult } from "../../modules/plugin";
import { cellsToMetres, maxRssiCdbm } from "./radio";
import { REASONS, type BeaconPayload, type CoverageMetadata, type CoverageParams, type CoveragePayload, type WitnessPayload } from "./schema";
import { getChallenge, keys, putChallenge, updateStats, type Challenge, type WitnessEntry } from "./state";

type Ctx = VerifyContext<CoverageParams, CoverageMetadata, CoveragePayload>;

function frequencyOk(p: CoverageParams, c: Challenge, frequencyHz: number): boolean {
  return Math.abs(frequencyHz - c.frequencyHz) <= p.frequencyToleranceHz;
}

/** Common window checks: the challenge exists and the block is inside its window. */
function openChallenge(ctx: Ctx, challengeId: number): Challenge | VerifyResult {
  const c = getChallenge(ctx.store, challengeId);
  if (!c) return reject(REASONS.UNKNOWN_CHALLENGE, `no challenge ${challengeId}`);
  if (c.status !== "open" || ctx.height > BigInt(c.windowEnd)) return reject(REASONS.WINDOW_CLOSED, `challenge ${challengeId} window ended at height ${c.windowEnd}`);
  return c;
}

export function verifyBeacon(ctx: Ctx, payload: BeaconPayload): VerifyResult {
  const c = openChallenge(ctx, payload.challengeId);
  if (!("id" in c)) return c;
  if (c.challengee !== ctx.device.id) return reject(REASONS.NOT_CHALLENGEE, `challenge ${c.id} is for ${c.challengee}`);
  if (c.beacon) return reject(REASONS.DUPLICATE_BEACON, `beacon of challenge ${c.id} already recorded at height ${c.beacon.height}`);
  if (payload.beaconId !== c.beaconId) return reject(REASONS.BEACON_MISMATCH);
  if (BigInt(payload.sentAt) < BigInt(c.issuedTimeMs) || BigInt(payload.sentAt) > ctx.timeMs + BigInt(ctx.params.maxClockSkewMs)) {
    return reject(REASONS.TIME_OUTSIDE_WINDOW, `sentAt ${payload.sentAt} outside [${c.issuedTimeMs}, block time + skew]`);
  }
  if (!frequencyOk(ctx.params, c, payload.frequencyHz)) return reject(REASONS.FREQUENCY_MISMATCH, `${payload.frequencyHz} Hz, assigned ${c.frequencyHz} Hz`);
  c.beacon = { height: ctx.height.toString(), sentAt: payload.sentAt };
  putChallenge(ctx.store, c);
  return accept(0n, { reason: REASONS.BEACON_RECORDED, detail: `units when the window closes at height ${c.windowEnd}` });
}

/** Distance rules between a witness and the challenge's location; undefined when they pass. */
export function judgeGeometry(
  params: CoverageParams,
  challengeeLocation: string,
  challengeeGainDeciDbi: number,
  witness: DeviceView<CoverageMetadata>,
  report: { rssiDeciDbm: number; frequencyHz: number },
): { reason?: string; detail?: string; cells: number } {
  const res = params.distanceResolution;
  if (witness.location === undefined || getH3Resolution(witness.location) < res) return { reason: REASONS.NO_LOCATION, cells: -1 };
  const k = gridDistance(cellToParent(challengeeLocation, res), cellToParent(witness.location, res));
  if (k === undefined) return { reason: REASONS.TOO_FAR, detail: "grid distance not computable (far apart)", cells: -1 };
  if (k < params.minWitnessCells) return { reason: REASONS.TOO_CLOSE, detail: `${k} cells apart at res ${res} < ${params.minWitnessCells}`, cells: k };
  const distanceM = cellsToMetres(k, res);
  if (distanceM > BigInt(params.maxWitnessDistanceM)) return { reason: REASONS.TOO_FAR, detail: `~${distanceM} m > ${params.maxWitnessDistanceM} m`, cells: k };
  // The closest the two could be: one cell less than the centre distance (both anywhere in their cells).
  const minDistanceM = cellsToMetres(Math.max(1, k - 1), res);
  const cap = BigInt(params.maxAntennaGainDeciDbi);
  const gain = (g: number) => (BigInt(g) < cap ? BigInt(g) : cap) * 10n;
  const limit = maxRssiCdbm({
    txPowerCdbm: BigInt(params.maxTxPowerDeciDbm) * 10n,
    txGainCdb: gain(challengeeGainDeciDbi),
    rxGainCdb: gain(witness.metadata.antennaGainDeciDbi),
    minDistanceM,
    frequencyHz: BigInt(report.frequencyHz),
    marginCdb: BigInt(params.rssiMarginDeciDb) * 10n,
  });
  if (BigInt(report.rssiDeciDbm) * 10n > limit) {
    return { reason: REASONS.RSSI_TOO_STRONG, detail: `rssi ${report.rssiDeciDbm} > free-space limit ${limit / 10n} (dBm x 10) at >= ${minDistanceM} m`, cells: k };
  }
  return { cells: k };
}

export function verifyWitness(ctx: Ctx, payload: WitnessPayload): VerifyResult {
  const c = openChallenge(ctx, payload.challengeId);
  if (!("id" in c)) return c;
  if (c.challengee === ctx.device.id) return reject(REASONS.SELF_WITNESS);
  const key = keys.witness(c.id, ctx.device.id);
  if (ctx.store.has(key)) return reject(REASONS.DUPLICATE_WITNESS, `one report per hotspot per challenge (${c.id})`);

  let verdict: { reason?: string; detail?: string; cells: number };
  if (payload.beaconId !== c.beaconId) verdict = { reason: REASONS.BEACON_MISMATCH, cells: -1 };
  else if (BigInt(payload.receivedAt) < BigInt(c.issuedTimeMs) || BigInt(payload.receivedAt) > ctx.timeMs + BigInt(ctx.params.maxClockSkewMs)) {
    verdict = { reason: REASONS.TIME_OUTSIDE_WINDOW, detail: `receivedAt ${payload.receivedAt} outside [${c.issuedTimeMs}, block time + skew]`, cells: -1 };
  } else if (!frequencyOk(ctx.params, c, payload.frequencyHz)) {
    verdict = { reason: REASONS.FREQUENCY_MISMATCH, detail: `${payload.frequencyHz} Hz, assigned ${c.frequencyHz} Hz`, cells: -1 };
  } else {
    const challengee = ctx.registry.getDevice(c.challengee) as DeviceView<CoverageMetadata> | undefined;
    verdict = judgeGeometry(ctx.params, c.location, challengee?.metadata.antennaGainDeciDbi ?? 0, ctx.device, payload);
  }
  const valid = verdict.reason === undefined;
  const entry: WitnessEntry = {
    valid,
    reason: verdict.reason ?? REASONS.WITNESS_PENDING,
    rssiDeciDbm: payload.rssiDeciDbm,
    snrDeciDb: payload.snrDeciDb,
    height: ctx.height.toString(),
    cells: verdict.cells,
  };
  setJson(ctx.store, key, entry);
  if (valid) ctx.store.set(keys.valid(c.id, ctx.device.id), utf8("1"));
  updateStats(ctx.store, ctx.device.id, (s) => {
    if (valid) s.witnessValid++;
    else {
      s.witnessInvalid++;
      s.lastReason = entry.reason;
    }
  });
  if (!valid) return reject(verdict.reason!, verdict.detail);
  return accept(0n, { reason: REASONS.WITNESS_PENDING, detail: `units when challenge ${c.id} closes at height ${c.windowEnd}` });
}
