import { PluginHarness } from "../../modules/plugin/testing";
import type { DeviceView } from "../../modules/plugin";
import { storage, type StorageMetadata, type StorageParams, type StoragePayload } from "./index";
import { TEST_PARAMS, TestNode } from "./testing";

type H = PluginHarness<StorageParams, StorageMetadata, StoragePayload>;
interface Issued {
  challengeId: number;
  device: string;
  indices: number[];
}

function issuedSince(h: H, from: number): Issued[] {
  return h.events
    .slice(from)
    .filter((e) => e.name === "challenge_issued")
    .map((e) => ({ challengeId: Number(e.attributes.challenge_id), device: e.attributes.device, indices: e.attributes.indices.split(",").map(Number) }));
}

/** End the current block (hooks) and start the next; returns the challenges issued at its end. */
function nextBlock(h: H): Issued[] {
  const from = h.events.length;
  h.runOnBlock();
  h.advance(1n, 1000n);
  return issuedSince(h, from);
}

describe("storage rules (PluginHarness)", () => {
  function setup(params: StorageParams = TEST_PARAMS) {
    const h: H = new PluginHarness(storage, params);
    const node = new TestNode("a", 16, params.chunkSize);
    const other = new TestNode("b", 16, params.chunkSize);
    const d = h.register(node.metadata);
    const e = h.register(other.metadata);
    let issued: Issued[] = [];
    while (!issued.some((c) => c.device === d.id)) issued = nextBlock(h);
    return { h, node, d, e, c: issued.find((c) => c.device === d.id)! };
  }

  it("a correct answer proves the challenge; units = chunks x whole periods since registration", () => {
    const { h, node, d, c } = setup();
    const r = h.submit(d, node.answer(c.challengeId, c.indices));
    const stats = h.query("node", { deviceId: d.id }) as { periodsProven: string; proven: number };
    expect(r.accepted).toBe(true);
    expect(r.units).toBe(16n * BigInt(stats.periodsProven));
    expect(stats.proven).toBe(1);
    // Resubmitting the same answer (a replay with a fresh sequence) finds the challenge settled.
    expect(h.submit(d, node.answer(c.challengeId, c.indices))).toMatchObject({ accepted: false, reason: "CHALLENGE_CLOSED" });
  });

  it("rejects answers to unknown or someone else's challenges without a fault", () => {
    const { h, node, d, e, c } = setup();
    expect(h.submit(d, node.answer(999, c.indices))).toMatchObject({ reason: "UNKNOWN_CHALLENGE" });
    expect(h.submit(e, node.answer(c.challengeId, c.indices))).toMatchObject({ reason: "NOT_CHALLENGED" });
    expect(h.query("node", { deviceId: d.id })).toMatchObject({ totalFaults: 0 });
  });

  it.each([
    ["INDEX_MISMATCH", (a: { index: number }) => void (a.index = (a.index + 1) % 16)],
    ["CHUNK_SIZE", (a: { data: Uint8Array }) => void (a.data = a.data.subarray(1))],
    ["WRONG_PATH", (a: { data: Uint8Array }) => void (a.data = new Uint8Array(a.data.length))], // lost the chunk
    ["WRONG_PATH", (a: { path: Uint8Array[] }) => void (a.path = a.path.slice().reverse())],
  ])("%s is a fault that settles the challenge", (reason, tamper) => {
    const { h, node, d, c } = setup();
    expect(h.submit(d, node.answer(c.challengeId, c.indices, tamper as never))).toMatchObject({ accepted: false, reason });
    expect(h.query("node", { deviceId: d.id })).toMatchObject({ consecutiveFaults: 1, totalFaults: 1, lastFault: { challengeId: c.challengeId, reason } });
    expect(h.submit(d, node.answer(c.challengeId, c.indices))).toMatchObject({ reason: "CHALLENGE_CLOSED" }); // no retry
  });

  it("a late answer is a missed deadline; the sweep reports DEADLINE_MISSED", () => {
    const { h, node, d, c } = setup();
    for (let i = 0; i < TEST_PARAMS.responseDeadlineBlocks; i++) nextBlock(h);
    expect(h.verdicts.filter((v) => v.deviceId === d.id)).toEqual([expect.objectContaining({ accepted: false, reason: "DEADLINE_MISSED", ref: `challenge/${c.challengeId}` })]);
    expect(h.submit(d, node.answer(c.challengeId, c.indices))).toMatchObject({ reason: "LATE_ANSWER" });
  });

  it("a new commitment cancels the open challenge", () => {
    const { h, d, c } = setup();
    const fresh = new TestNode("a2", 16, TEST_PARAMS.chunkSize);
    h.update(d, { metadata: fresh.metadata });
    expect(h.submit(d, fresh.answer(c.challengeId, c.indices))).toMatchObject({ reason: "CHALLENGE_CANCELLED" });
  });
});

describe("storage: honest and cheating nodes side by side (PluginHarness)", () => {
  it("honest nodes earn; lost chunks, wrong paths, late and replayed answers earn nothing and end deactivated", () => {
    const h: H = new PluginHarness(storage, TEST_PARAMS);
    const make = (label: string) => {
      const node = new TestNode(label, 16, TEST_PARAMS.chunkSize);
      return { node, device: h.register(node.metadata) as DeviceView<StorageMetadata> };
    };
    const honest = [make("h1"), make("h2")];
    const lost = make("lost");
    const wrongPath = make("wrong");
    const late = make("late");
    const replay = make("replay");
    const all = [...honest, lost, wrongPath, late, replay];
    const outcomes = new Map<string, string[]>();
    const note = (id: string, reason: string) => outcomes.set(id, [...(outcomes.get(id) ?? []), reason]);
    const units = new Map<string, bigint>();
    const earn = (id: string, u: bigint) => units.set(id, (units.get(id) ?? 0n) + u);
    let replayAnswer: StoragePayload | undefined;
    let replayFirstProven = false;
    let lateQueue: Array<{ at: bigint; c: Issued }> = [];

    for (let block = 0; block < 60; block++) {
      const issued = nextBlock(h);
      for (const q of lateQueue.filter((q) => q.at === h.height)) {
        const r = h.submit(late.device, late.node.answer(q.c.challengeId, q.c.indices));
        note(late.device.id, r.reason);
        earn(late.device.id, r.units);
      }
      lateQueue = lateQueue.filter((q) => q.at !== h.height);
      for (const c of issued) {
        const who = all.find((n) => n.device.id === c.device)!;
        let payload: StoragePayload | undefined;
        if (honest.includes(who)) payload = who.node.answer(c.challengeId, c.indices);
        else if (who === lost) payload = who.node.answer(c.challengeId, c.indices, (a) => void (a.data = new Uint8Array(a.data.length)));
        else if (who === wrongPath) payload = who.node.answer(c.challengeId, c.indices, (a) => void (a.path = a.path.map((p, i) => (i === 0 ? new Uint8Array(32) : p))));
        else if (who === late) lateQueue.push({ at: h.height + BigInt(TEST_PARAMS.responseDeadlineBlocks), c });
        else if (who === replay) {
          if (!replayAnswer) {
            replayAnswer = who.node.answer(c.challengeId, c.indices); // the one answer it kept
            payload = replayAnswer;
          } else {
            // The same answer again, and the same answer relabelled for the new challenge.
            note(who.device.id, h.submit(who.device, replayAnswer).reason);
            payload = { ...replayAnswer, challengeId: c.challengeId };
          }
        }
        if (!payload) continue;
        const r = h.submit(who.device, payload);
        if (who === replay && !replayFirstProven) {
          replayFirstProven = r.accepted;
          continue; // its one genuine answer (it did hold that data once)
        }
        note(who.device.id, r.reason);
        earn(who.device.id, r.units);
      }
    }
    for (const v of h.verdicts) note(v.deviceId, v.reason);

    for (const n of honest) {
      expect(units.get(n.device.id) ?? 0n).toBeGreaterThan(0n);
      expect(h.query("node", { deviceId: n.device.id })).toMatchObject({ totalFaults: 0, deactivated: false });
    }
    const expectations: Array<[typeof lost, string[]]> = [
      [lost, ["WRONG_PATH"]],
      [wrongPath, ["WRONG_PATH"]],
      [late, ["DEADLINE_MISSED", "LATE_ANSWER"]],
      [replay, ["CHALLENGE_CLOSED", "INDEX_MISMATCH"]],
    ];
    for (const [n, reasons] of expectations) {
      expect(units.get(n.device.id) ?? 0n).toBe(0n);
      expect(outcomes.get(n.device.id)).toEqual(expect.arrayContaining(reasons));
      const q = h.query("node", { deviceId: n.device.id }) as { deactivated: boolean; consecutiveFaults: number; lastFault: { reason: string } };
      expect(q).toMatchObject({ deactivated: true, consecutiveFaults: TEST_PARAMS.maxConsecutiveFaults });
      expect(reasons.concat("WRONG_PATH", "INDEX_MISMATCH")).toContain(q.lastFault.reason);
      expect(h.registry.getDevice(n.device.id)!.status).toBe("INACTIVE");
    }
    expect(h.deactivated.map((x) => x.reason)).toEqual(Array(4).fill("TOO_MANY_FAULTS"));
    expect(replayFirstProven).toBe(true);
  });
});
