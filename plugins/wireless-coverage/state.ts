/**
 * wireless-coverage plugin store layout (canonical JSON values; ids zero-padded so byte order is
 * numeric order):
 *   ix/...                       SamplingIndex of hotspots (challengee draws)
 *   next                         next challenge id
 *   c/<cid>                      Challenge
 *   due/<windowEnd>/<cid>        challenges to close at the end of block windowEnd
 *   a/<deviceId>                 open challenge of a challengee
 *   w/<cid>/<deviceId>           WitnessEntry (valid or not: one report per hotspot per challenge)
 *   wv/<cid>/<deviceId>          marker of a valid report (the close reads only these)
 *   h/<deviceId>                 HotspotStats
 */
import { getJson, setJson, type PluginStore } from "../../modules/plugin";

export interface Challenge {
  readonly id: number;
  readonly challengee: string;
  /** Challengee location when issued (a later move does not change this challenge). */
  readonly location: string;
  readonly issuedHeight: string;
  readonly issuedTimeMs: string;
  readonly windowEnd: string;
  readonly beaconId: string;
  readonly frequencyHz: number;
  status: "open" | "closed";
  beacon?: { height: string; sentAt: number };
  result?: { paidWitnesses: number; validWitnesses: number; challengeeUnits: string; reason: string };
}

export interface WitnessEntry {
  readonly valid: boolean;
  readonly reason: string;
  readonly rssiDeciDbm: number;
  readonly snrDeciDb: number;
  readonly height: string;
  /** Grid distance to the challengee at distanceResolution (-1 when unknown). */
  readonly cells: number;
  units?: string;
  finalReason?: string;
}

export interface HotspotStats {
  challenges: number;
  beaconsRewarded: number;
  witnessValid: number;
  witnessInvalid: number;
  unitsEarned: string;
  lastReason: string;
  lastChallenge: number;
}

export const pad = (n: number | bigint): string => n.toString().padStart(12, "0");

export const keys = {
  next: "next",
  challenge: (cid: number) => `c/${pad(cid)}`,
  due: (height: bigint, cid: number) => `due/${pad(height)}/${pad(cid)}`,
  dueUpTo: (height: bigint) => `due/${pad(height + 1n)}`,
  active: (deviceId: string) => `a/${deviceId}`,
  witness: (cid: number, deviceId: string) => `w/${pad(cid)}/${deviceId}`,
  witnessPrefix: (cid: number) => `w/${pad(cid)}/`,
  valid: (cid: number, deviceId: string) => `wv/${pad(cid)}/${deviceId}`,
  validPrefix: (cid: number) => `wv/${pad(cid)}/`,
  stats: (deviceId: string) => `h/${deviceId}`,
};

export function getChallenge(store: PluginStore, cid: number): Challenge | undefined {
  return getJson<Challenge>(store, keys.challenge(cid));
}

export function putChallenge(store: PluginStore, c: Challenge): void {
  setJson(store, keys.challenge(c.id), c);
}

export function getStats(store: PluginStore, deviceId: string): HotspotStats {
  return getJson<HotspotStats>(store, keys.stats(deviceId)) ?? { challenges: 0, beaconsRewarded: 0, witnessValid: 0, witnessInvalid: 0, unitsEarned: "0", lastReason: "", lastChallenge: -1 };
}

/** Read-modify-write of a hotspot's counters. */
export function updateStats(store: PluginStore, deviceId: string, fn: (s: HotspotStats) => void): void {
  const s = getStats(store, deviceId);
  fn(s);
  setJson(store, keys.stats(deviceId), s);
}
