/** storage against a real in-process app through the plugin test kit (hooks, deactivation, queries, determinism). */
import { AppTestKit, type AppTestKitOptions, type KitDevice } from "../../modules/plugin/test-kit";
import { canonicalJsonBytes, parseCanonicalJson, type JsonValue } from "../../modules/plugin";
import { QueryPluginQueryRequest, QueryPluginQueryResponse, QueryLastProofRequest, QueryLastProofResponse } from "../../generated/depin/proofs/v1/query";
import { QueryDeviceRequest, QueryDeviceResponse } from "../../generated/depin/registry/v1/query";
import { storage, type StoragePayload } from "./index";
import { TEST_PARAMS, TestNode } from "./testing";

const OPTIONS: AppTestKitOptions = {
  plugins: [storage],
  networkTypes: [{ plugin: "storage", params: TEST_PARAMS }],
  depin: { rewards: { epochLengthBlocks: 30, initialEmissionPerEpoch: "1000000" } },
};

interface Issued {
  challengeId: number;
  device: string;
  indices: number[];
}

function lastBlockEvents(kit: AppTestKit, type: string): Array<Record<string, string>> {
  const events = kit.chain.blocks[kit.chain.blocks.length - 1].response.events;
  return events.filter((e) => e.type === type).map((e) => Object.fromEntries(e.attributes.map((a) => [a.key, a.value])));
}

function issuedInLastBlock(kit: AppTestKit): Issued[] {
  return lastBlockEvents(kit, "depin.plugin.storage.challenge_issued").map((a) => ({ challengeId: Number(a.challenge_id), device: a.device, indices: a.indices.split(",").map(Number) }));
}

async function pluginQuery(kit: AppTestKit, path: string, request: JsonValue): Promise<JsonValue> {
  const r = await kit.query("/depin.proofs.v1.Query/PluginQuery", QueryPluginQueryRequest, { networkType: "storage", path, requestJson: canonicalJsonBytes(request) }, QueryPluginQueryResponse);
  return parseCanonicalJson(r.responseJson);
}

type Role = "honest" | "lost" | "wrong" | "late" | "replay";

/** Runs honest and cheating nodes for `blocks` blocks; returns every outcome reason per device. */
async function scenario(kit: AppTestKit, blocks: number) {
  const roles: Role[] = ["honest", "honest", "lost", "wrong", "late", "replay"];
  const nodes = roles.map((role, i) => ({ role, data: new TestNode(`${role}-${i}`, 16, TEST_PARAMS.chunkSize) }));
  const devices: KitDevice[] = await kit.registerDevices(nodes.map((n) => ({ networkType: "storage", metadata: n.data.metadata })));
  const cast = nodes.map((n, i) => ({ ...n, device: devices[i] }));
  const reasons = new Map<string, string[]>(devices.map((d) => [d.id, []]));
  let pending = issuedInLastBlock(kit);
  let lateQueue: Array<{ at: bigint; c: Issued }> = [];
  let kept: StoragePayload | undefined;
  let keptProof: ReturnType<AppTestKit["signProof"]> | undefined;
  for (let b = 0; b < blocks; b++) {
    const height = kit.height + 1n;
    const proofs: Array<ReturnType<AppTestKit["signProof"]>> = [];
    const t = kit.nextBlockTimeMs;
    for (const q of lateQueue.filter((q) => q.at === height)) {
      const who = cast.find((n) => n.device.id === q.c.device)!;
      proofs.push(kit.signProof({ device: who.device, payload: who.data.answer(q.c.challengeId, q.c.indices), timestampMs: t }));
    }
    lateQueue = lateQueue.filter((q) => q.at !== height);
    for (const c of pending) {
      const who = cast.find((n) => n.device.id === c.device)!;
      const sign = (payload: StoragePayload) => proofs.push(kit.signProof({ device: who.device, payload, timestampMs: t }));
      if (who.role === "honest") sign(who.data.answer(c.challengeId, c.indices));
      else if (who.role === "lost") sign(who.data.answer(c.challengeId, c.indices, (a) => void (a.data = new Uint8Array(a.data.length))));
      else if (who.role === "wrong") sign(who.data.answer(c.challengeId, c.indices, (a) => void (a.path = a.path.map((p, i) => (i === 0 ? new Uint8Array(32) : p)))));
      else if (who.role === "late") lateQueue.push({ at: height + BigInt(TEST_PARAMS.responseDeadlineBlocks), c });
      else if (!kept) {
        // The replayer's one genuine answer: it keeps the answer instead of the data.
        kept = who.data.answer(c.challengeId, c.indices);
        keptProof = kit.signProof({ device: who.device, payload: kept, timestampMs: t });
        proofs.push(keptProof);
      } else {
        proofs.push(keptProof!); // the very same signed proof
        sign(kept); // the same answer, fresh sequence
        sign({ ...kept, challengeId: c.challengeId }); // relabelled for the new challenge
      }
    }
    if (proofs.length === 0) await kit.advanceBlocks(1);
    else {
      const outcomes = await kit.submitProofs(proofs);
      outcomes.forEach((o) => reasons.get(o.deviceId)?.push(o.reason || "OK"));
    }
    for (const v of lastBlockEvents(kit, "depin.proofs.v1.EventPluginVerdict")) reasons.get(JSON.parse(v.device_id))?.push(JSON.parse(v.reason));
    pending = issuedInLastBlock(kit);
  }
  return { cast, reasons };
}

describe("storage in an app (test kit)", () => {
  it("honest nodes earn; each cheat earns nothing, its faults are queryable and it is deactivated", async () => {
    const kit = await AppTestKit.start(OPTIONS);
    try {
      // Long enough for the first epoch (30 blocks) to close inside the scenario, with everyone still playing.
      const { cast, reasons } = await scenario(kit, 40);
      const expected: Record<Role, string[]> = {
        honest: [],
        lost: ["WRONG_PATH"],
        wrong: ["WRONG_PATH"],
        late: ["DEADLINE_MISSED", "LATE_ANSWER"],
        replay: ["SEQUENCE_NOT_INCREASING", "CHALLENGE_CLOSED", "INDEX_MISMATCH"],
      };
      for (const n of cast) {
        const node = (await pluginQuery(kit, "node", { deviceId: n.device.id })) as { totalFaults: number; deactivated: boolean; consecutiveFaults: number; periodsProven: string };
        const device = await kit.query("/depin.registry.v1.Query/Device", QueryDeviceRequest, { id: n.device.id }, QueryDeviceResponse);
        if (n.role === "honest") {
          expect(await kit.pendingRewards(n.device)).toBeGreaterThan(0n);
          expect(node).toMatchObject({ totalFaults: 0, deactivated: false });
          expect(device.device?.status).toBe(1);
        } else {
          expect(reasons.get(n.device.id)).toEqual(expect.arrayContaining(expected[n.role]));
          expect(node).toMatchObject({ deactivated: true, consecutiveFaults: TEST_PARAMS.maxConsecutiveFaults });
          expect(device.device?.status).toBe(2); // DEVICE_STATUS_INACTIVE: deactivated by the plugin's hook
          if (n.role !== "replay") expect(await kit.pendingRewards(n.device)).toBe(0n);
        }
      }
      // The replayer earned at most for its single genuine answer.
      const replay = cast.find((n) => n.role === "replay")!;
      const state = await kit.query("/depin.proofs.v1.Query/LastProof", QueryLastProofRequest, { deviceId: replay.device.id }, QueryLastProofResponse);
      expect(state.state?.acceptedCount).toBe(1n);
      expect(kit.invariants()).toEqual([]);
    } finally {
      await kit.close();
    }
  });

  it("is deterministic across two app instances", async () => {
    const { appHashes } = await AppTestKit.checkDeterminism(OPTIONS, async (kit) => {
      const { reasons } = await scenario(kit, 12);
      return [...reasons.entries()];
    });
    expect(appHashes.length).toBeGreaterThan(12);
  });
});
