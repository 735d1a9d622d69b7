import { PluginHarness, MemoryRegistry } from "../../modules/plugin/testing";
import { KeyType, type DeviceView } from "../../modules/plugin";
import { densityScaled, witnessPool, wirelessCoverage, type CoverageMetadata, type CoverageParams, type CoveragePayload } from "./index";
import { CELLS, CHANNEL_HZ, HONEST_RSSI, PARAMS } from "./fixtures";
import { putChallenge, type Challenge } from "./state";

type H = PluginHarness<CoverageParams, CoverageMetadata, CoveragePayload>;
const META = { antennaGainDeciDbi: 120 };

function harness(params: CoverageParams = PARAMS): H {
  return new PluginHarness(wirelessCoverage, params);
}

function beacon(c: { challengeId: number; beaconId: string }, sentAt: bigint, frequencyHz = CHANNEL_HZ) {
  return { kind: "beacon", challengeId: c.challengeId, beaconId: c.beaconId, frequencyHz, sentAt: Number(sentAt) };
}

function witness(c: { challengeId: number; beaconId: string }, receivedAt: bigint, rssiDeciDbm = HONEST_RSSI, frequencyHz = CHANNEL_HZ) {
  return { kind: "witness", challengeId: c.challengeId, beaconId: c.beaconId, rssiDeciDbm, snrDeciDb: 55, frequencyHz, receivedAt: Number(receivedAt) };
}

describe("wireless-coverage rules (PluginHarness)", () => {
  function withChallenge() {
    const h = harness();
    const c0 = h.register(META, { location: CELLS.H0 });
    const w1 = h.register(META, { location: CELLS.H1 });
    const co = h.register(META, { location: CELLS.COLOCATED });
    const far = h.register(META, { location: CELLS.FAR });
    const challenge: Challenge = { id: 7, challengee: c0.id, location: CELLS.H0, issuedHeight: "1", issuedTimeMs: h.timeMs.toString(), windowEnd: "3", beaconId: "ab".repeat(16), frequencyHz: CHANNEL_HZ, status: "open" };
    putChallenge(h.store, challenge);
    h.advance(1n, 1000n);
    return { h, c0, w1, co, far, ref: { challengeId: 7, beaconId: challenge.beaconId } };
  }

  it("registration needs a fine enough location", () => {
    const h = harness();
    expect(() => h.register(META)).toThrow("LOCATION_REQUIRED");
    expect(() => h.register(META, { location: "881f1d4895fffff" })).toThrow("LOCATION_TOO_COARSE"); // res 8 < distanceResolution 10
    expect(h.query("stats", null)).toMatchObject({ hotspots: "0" });
    h.register(META, { location: CELLS.H0 });
    expect(h.query("stats", null)).toMatchObject({ hotspots: "1" });
  });

  it("beacon receipts: only the challengee, once, with the challenge's beacon id, time and channel", () => {
    const { h, c0, w1, ref } = withChallenge();
    const t = h.timeMs;
    expect(h.submit(w1, beacon(ref, t))).toMatchObject({ accepted: false, reason: "NOT_CHALLENGEE" });
    expect(h.submit(c0, beacon({ ...ref, challengeId: 99 }, t))).toMatchObject({ reason: "UNKNOWN_CHALLENGE" });
    expect(h.submit(c0, beacon({ ...ref, beaconId: "cd".repeat(16) }, t))).toMatchObject({ reason: "BEACON_MISMATCH" });
    expect(h.submit(c0, beacon(ref, t - 5000n))).toMatchObject({ reason: "TIME_OUTSIDE_WINDOW" });
    expect(h.submit(c0, beacon(ref, t, CHANNEL_HZ + 50_000))).toMatchObject({ reason: "FREQUENCY_MISMATCH" });
    expect(h.submit(c0, beacon(ref, t))).toMatchObject({ accepted: true, units: 0n, reason: "BEACON_RECORDED" });
    expect(h.submit(c0, beacon(ref, t))).toMatchObject({ accepted: false, reason: "DUPLICATE_BEACON" });
  });

  it("witness reports: each rule has its code, and one report per hotspot per challenge", () => {
    const { h, c0, w1, co, far, ref } = withChallenge();
    const t = h.timeMs;
    expect(h.submit(c0, witness(ref, t))).toMatchObject({ accepted: false, reason: "SELF_WITNESS" });
    expect(h.submit(co, witness(ref, t))).toMatchObject({ accepted: false, reason: "TOO_CLOSE" });
    expect(h.submit(co, witness(ref, t))).toMatchObject({ accepted: false, reason: "DUPLICATE_WITNESS" });
    expect(h.submit(far, witness(ref, t))).toMatchObject({ accepted: false, reason: "TOO_FAR" });
    expect(h.submit(w1, witness(ref, t, -100))).toMatchObject({ accepted: false, reason: "RSSI_TOO_STRONG" });
    // The invalid report used w1's one report for this challenge.
    expect(h.submit(w1, witness(ref, t))).toMatchObject({ accepted: false, reason: "DUPLICATE_WITNESS" });
    expect(h.query("witness", { challengeId: 7, deviceId: w1.id })).toMatchObject({ valid: false, reason: "RSSI_TOO_STRONG" });
    expect(h.query("hotspot", { deviceId: co.id })).toMatchObject({ witnessInvalid: 1, lastReason: "TOO_CLOSE" });
    h.advance(5n, 5000n);
    expect(h.submit(w1, witness(ref, h.timeMs))).toMatchObject({ reason: "WINDOW_CLOSED" });
  });

  it("report time and frequency must match the challenge", () => {
    const { h, w1, ref } = withChallenge();
    expect(h.submit(w1, witness(ref, h.timeMs + 60_000n))).toMatchObject({ reason: "TIME_OUTSIDE_WINDOW" });
    const h2 = withChallenge();
    expect(h2.h.submit(h2.w1, witness(h2.ref, h2.h.timeMs, HONEST_RSSI, CHANNEL_HZ - 30_000))).toMatchObject({ reason: "FREQUENCY_MISMATCH" });
    const h3 = withChallenge();
    expect(h3.h.submit(h3.w1, witness({ ...h3.ref, beaconId: "00".repeat(16) }, h3.h.timeMs))).toMatchObject({ reason: "BEACON_MISMATCH" });
    const h4 = withChallenge();
    expect(h4.h.submit(h4.w1, witness(h4.ref, h4.h.timeMs))).toMatchObject({ accepted: true, units: 0n, reason: "WITNESS_PENDING" });
  });

  it("witness pool grows with diminishing returns; density scales dense cells down", () => {
    const r = PARAMS.rewards; // base 1000, redundancy 4, decay 0.5
    expect([0, 1, 4, 5, 6, 8, 14].map((n) => witnessPool(n, r))).toEqual([0n, 1000n, 4000n, 4500n, 4750n, 4937n, 4994n]);
    const reg = new MemoryRegistry("wireless-coverage");
    const put = (i: number, location: string) => {
      const d: DeviceView = { id: i.toString(16).padStart(40, "0"), owner: "o", networkType: "wireless-coverage", keyType: KeyType.ED25519, pubkey: new Uint8Array(32), metadata: META, location, status: "ACTIVE", registeredHeight: 1n };
      reg.put(d);
    };
    put(1, CELLS.H0);
    expect(densityScaled(1000n, CELLS.H0, reg, r)).toBe(1000n);
    put(2, CELLS.COLOCATED);
    expect(densityScaled(1000n, CELLS.H0, reg, r)).toBe(1000n); // 2 = target
    for (let i = 3; i <= 8; i++) put(i, CELLS.COLOCATED);
    expect(densityScaled(1000n, CELLS.H0, reg, r)).toBe(250n); // 8 hotspots in the res-8 cell: x 2/8
    expect(densityScaled(1000n, CELLS.H2, reg, r)).toBe(1000n);
  });
});

describe("wireless-coverage: honest and cheating hotspots side by side (PluginHarness)", () => {
  it("honest hotspots earn; each cheat earns nothing and its reason is queryable", () => {
    const h = harness();
    const reg = (location: string) => h.register(META, { location });
    const honest = [reg(CELLS.H0), reg(CELLS.H1), reg(CELLS.H2), reg(CELLS.H3)];
    const liar = reg(CELLS.LIAR_CLAIMED);
    const colocated = reg(CELLS.COLOCATED);
    const far = reg(CELLS.FAR);
    const impossible = reg(CELLS.IMPOSSIBLE);
    const late = reg(CELLS.LATE);
    const all = [...honest, liar, colocated, far, impossible, late];
    // Who physically transmits when challenged (the late one does, but files its receipt too late).
    const transmits = new Set([...honest, liar, late].map((d) => d.id));
    const challenged = new Set<string>();
    const reasons = new Map<string, Set<string>>();
    const note = (id: string, reason: string) => reasons.set(id, (reasons.get(id) ?? new Set()).add(reason));
    let pendingLate: Array<{ challengeId: number; beaconId: string }> = [];
    const done = () => [liar.id, late.id, honest[0].id].every((id) => challenged.has(id));
    // Rounds until every scenario happened, then a few more blocks so the last windows close.
    for (let round = 0, tail = 0; round < 400 && tail < 3; round++) {
      if (done()) tail++;
      const before = h.events.length;
      h.runOnBlock();
      const issued = tail > 0 ? [] : h.events.slice(before).filter((e) => e.name === "challenge_issued").map((e) => ({ challengeId: Number(e.attributes.challenge_id), beaconId: e.attributes.beacon_id, challengee: e.attributes.challengee }));
      h.advance(1n, 1000n);
      for (const c of pendingLate) note(late.id, h.submit(late, beacon(c, h.timeMs)).reason);
      pendingLate = [];
      for (const c of issued) {
        challenged.add(c.challengee);
        const challengee = all.find((d) => d.id === c.challengee)!;
        if (!transmits.has(c.challengee)) continue;
        if (challengee === late) pendingLate.push(c); // filed one block after the window
        else note(c.challengee, h.submit(challengee, beacon(c, h.timeMs)).reason);
        for (const w of honest) if (w !== challengee) note(w.id, h.submit(w, witness(c, h.timeMs)).reason);
        if (challengee === honest[0]) note(colocated.id, h.submit(colocated, witness(c, h.timeMs)).reason);
        note(far.id, h.submit(far, witness(c, h.timeMs)).reason);
        note(impossible.id, h.submit(impossible, witness(c, h.timeMs, -100)).reason);
      }
    }
    expect([liar.id, late.id, honest[0].id].every((id) => challenged.has(id))).toBe(true);
    for (const v of h.verdicts) if (v.reason) note(v.deviceId, v.reason);

    const units = (id: string) => h.verdicts.filter((v) => v.deviceId === id).reduce((s, v) => s + v.units, 0n);
    for (const d of honest) expect(units(d.id)).toBeGreaterThan(0n);
    for (const d of [liar, colocated, far, impossible, late]) expect(units(d.id)).toBe(0n);
    expect(reasons.get(liar.id)).toContain("NO_VALID_WITNESSES");
    expect(reasons.get(colocated.id)).toContain("TOO_CLOSE");
    expect(reasons.get(far.id)).toContain("TOO_FAR");
    expect(reasons.get(impossible.id)).toContain("RSSI_TOO_STRONG");
    expect([...reasons.get(late.id)!]).toEqual(expect.arrayContaining(["WINDOW_CLOSED", "NO_BEACON"]));
    // The liar's witnesses were rejected for signal too strong for its asserted distance.
    const liarChallenge = h.query("hotspot", { deviceId: liar.id }) as { lastChallenge: number; lastReason: string };
    expect(liarChallenge.lastReason).toBe("NO_VALID_WITNESSES");
    const record = h.query("challenge", { id: liarChallenge.lastChallenge }) as { witnesses: Array<{ reason: string }>; result: { reason: string } };
    expect(record.result.reason).toBe("NO_VALID_WITNESSES");
    expect(record.witnesses.map((w) => w.reason)).toContain("RSSI_TOO_STRONG");
    expect(h.query("hotspot", { deviceId: far.id })).toMatchObject({ lastReason: "TOO_FAR", unitsEarned: "0" });
  });
});
