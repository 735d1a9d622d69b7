/** wireless-coverage against a real in-process app through the plugin test kit. */
import { AppTestKit, type AppTestKitOptions, type KitDevice } from "../../modules/plugin/test-kit";
import { canonicalJsonBytes, parseCanonicalJson, type JsonValue } from "../../modules/plugin";
import { QueryPluginQueryRequest, QueryPluginQueryResponse, QueryRecentOutcomesRequest, QueryRecentOutcomesResponse } from "../../generated/depin/proofs/v1/query";
import { wirelessCoverage } from "./index";
import { CELLS, CHANNEL_HZ, HONEST_RSSI, PARAMS } from "./fixtures";

const OPTIONS: AppTestKitOptions = {
  plugins: [wirelessCoverage],
  networkTypes: [{ plugin: "wireless-coverage", params: PARAMS }],
  depin: { rewards: { epochLengthBlocks: 200, initialEmissionPerEpoch: "1000000" } },
};
const META = { antennaGainDeciDbi: 120 };

type Role = "honest" | "liar" | "colocated" | "far" | "impossible" | "late";
interface Issued {
  challengeId: number;
  beaconId: string;
  challengee: string;
}

function issuedInLastBlock(kit: AppTestKit): Issued[] {
  const events = kit.chain.blocks[kit.chain.blocks.length - 1].response.events;
  return events
    .filter((e) => e.type === "depin.plugin.wireless-coverage.challenge_issued")
    .map((e) => Object.fromEntries(e.attributes.map((a) => [a.key, a.value])))
    .map((a) => ({ challengeId: Number(a.challenge_id), beaconId: a.beacon_id, challengee: a.challengee }));
}

async function pluginQuery(kit: AppTestKit, path: string, request: JsonValue): Promise<Record<string, unknown>> {
  const r = await kit.query("/depin.proofs.v1.Query/PluginQuery", QueryPluginQueryRequest, { networkType: "wireless-coverage", path, requestJson: canonicalJsonBytes(request) }, QueryPluginQueryResponse);
  return parseCanonicalJson(r.responseJson) as Record<string, unknown>;
}

async function scenario(kit: AppTestKit, maxBlocks: number) {
  const cast: Array<[Role, string]> = [
    ["honest", CELLS.H0],
    ["honest", CELLS.H1],
    ["honest", CELLS.H2],
    ["honest", CELLS.H3],
    ["liar", CELLS.LIAR_CLAIMED],
    ["colocated", CELLS.COLOCATED],
    ["far", CELLS.FAR],
    ["impossible", CELLS.IMPOSSIBLE],
    ["late", CELLS.LATE],
  ];
  const devices: KitDevice[] = await kit.registerDevices(cast.map(([, location]) => ({ networkType: "wireless-coverage", metadata: META, location })));
  const hotspots = cast.map(([role], i) => ({ role, device: devices[i] }));
  const byRole = (role: Role) => hotspots.filter((x) => x.role === role);
  const h0 = hotspots[0];
  const challenged = new Set<Role | "h0">();
  let pending = issuedInLastBlock(kit);
  let lateBeacons: Issued[] = [];
  for (let b = 0, tail = 0; b < maxBlocks && tail < 3; b++) {
    if (["liar", "late", "h0"].every((r) => challenged.has(r as Role))) tail++;
    const t = kit.nextBlockTimeMs;
    const proofs: Array<{ device: KitDevice; payload: unknown }> = [];
    const beacon = (c: Issued) => ({ kind: "beacon", challengeId: c.challengeId, beaconId: c.beaconId, frequencyHz: CHANNEL_HZ, sentAt: Number(t) });
    const witness = (c: Issued, rssiDeciDbm = HONEST_RSSI) => ({ kind: "witness", challengeId: c.challengeId, beaconId: c.beaconId, rssiDeciDbm, snrDeciDb: 55, frequencyHz: CHANNEL_HZ, receivedAt: Number(t) });
    for (const c of lateBeacons) proofs.push({ device: byRole("late")[0].device, payload: beacon(c) });
    lateBeacons = [];
    for (const c of tail > 0 ? [] : pending) {
      const challengee = hotspots.find((x) => x.device.id === c.challengee)!;
      challenged.add(challengee === h0 ? "h0" : challengee.role);
      // Only these physically transmit; the witness-only cheats never beacon.
      if (!["honest", "liar", "late"].includes(challengee.role)) continue;
      if (challengee.role === "late") lateBeacons.push(c);
      else proofs.push({ device: challengee.device, payload: beacon(c) });
      for (const w of byRole("honest")) if (w !== challengee) proofs.push({ device: w.device, payload: witness(c) });
      if (challengee === h0) proofs.push({ device: byRole("colocated")[0].device, payload: witness(c) });
      proofs.push({ device: byRole("far")[0].device, payload: witness(c) });
      proofs.push({ device: byRole("impossible")[0].device, payload: witness(c, -100) });
    }
    if (proofs.length) await kit.submitProofs(proofs);
    else await kit.advanceBlocks(1);
    pending = issuedInLastBlock(kit);
  }
  return { hotspots, challenged };
}

describe("wireless-coverage in an app (test kit)", () => {
  it("honest hotspots earn; each cheat earns nothing and its reason is queryable", async () => {
    const kit = await AppTestKit.start(OPTIONS);
    try {
      const { hotspots, challenged } = await scenario(kit, 300);
      expect([...challenged]).toEqual(expect.arrayContaining(["liar", "late", "h0"]));
      await kit.advanceToNextEpoch();
      const expected: Record<Exclude<Role, "honest">, string> = { liar: "NO_VALID_WITNESSES", colocated: "TOO_CLOSE", far: "TOO_FAR", impossible: "RSSI_TOO_STRONG", late: "NO_BEACON" };
      for (const { role, device } of hotspots) {
        const stats = await pluginQuery(kit, "hotspot", { deviceId: device.id });
        const outcomes = await kit.query("/depin.proofs.v1.Query/RecentOutcomes", QueryRecentOutcomesRequest, { deviceId: device.id, pagination: undefined }, QueryRecentOutcomesResponse);
        const reasons = outcomes.outcomes.map((o) => o.reason);
        if (role === "honest") {
          expect(await kit.pendingRewards(device)).toBeGreaterThan(0n);
          expect(BigInt(stats.unitsEarned as string)).toBeGreaterThan(0n);
        } else {
          expect(await kit.pendingRewards(device)).toBe(0n);
          expect(stats).toMatchObject({ unitsEarned: "0" });
          expect(reasons).toContain(expected[role]);
        }
      }
      const late = hotspots.find((x) => x.role === "late")!;
      const lateOutcomes = await kit.query("/depin.proofs.v1.Query/RecentOutcomes", QueryRecentOutcomesRequest, { deviceId: late.device.id, pagination: undefined }, QueryRecentOutcomesResponse);
      expect(lateOutcomes.outcomes.map((o) => o.reason)).toContain("WINDOW_CLOSED");
      expect(kit.invariants()).toEqual([]);
    } finally {
      await kit.close();
    }
  });

  it("is deterministic across two app instances", async () => {
    const { result } = await AppTestKit.checkDeterminism(OPTIONS, async (kit) => {
      await scenario(kit, 16);
      return pluginQuery(kit, "stats", null);
    });
    expect(Number(result.nextChallengeId)).toBeGreaterThan(0);
  });
});
