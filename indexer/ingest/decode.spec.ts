/** Event decoding on the chain's real shapes (EmitTypedEvent JSON attributes, SDK string attributes). */
import { decodeBlock, nativeAmount } from "./decode";
import type { RawBlock, RawEvent } from "./block";
import { applyBlocks } from "./apply";
import { EMPTY_CHECKPOINT } from "./checkpoint";
import { openStore } from "../store/open";

const ev = (type: string, attrs: Record<string, string>): RawEvent => ({ type, attributes: Object.entries(attrs).map(([key, value]) => ({ key, value })) });
const block = (txEvents: RawEvent[], blockEvents: RawEvent[]): RawBlock => ({ chainId: "c", height: 1, hash: "AA", lastBlockHash: "", timeMs: 1000, txs: [{ hash: "T", code: 0, events: txEvents }], finalizeBlockEvents: blockEvents });

describe("decode", () => {
  it("decodes typed events from txs and finalize-block events, ignores plumbing, flags the unknown", () => {
    const d = decodeBlock(
      block(
        [
          ev("tx", { fee: "10ufield" }),
          ev("depin.proofs.v1.EventProofAccepted", { device_id: '"ab"', sequence: '"7"', network_type: '"energy-meter"', units: '"150"', quality: "100", epoch: '"3"', reason: '""', msg_index: "0" }),
          ev("transfer", { recipient: "depin1b", sender: "depin1a", amount: "5ufield,3uother" }),
          ev("transfer", { recipient: "depin1b", sender: "depin1a", amount: "3uother" }),
        ],
        [ev("depin.rewards.v1.EventEpochClosed", { summary: '{"epoch":"3","emission":"100","pools":[]}', mode: "EndBlock" }), ev("somebody.else.v1.EventNew", { x: "1" })],
      ),
      "ufield",
    );
    expect(d.events.map((e) => [e.idx, e.status])).toEqual([[0, "ignored"], [1, "typed"], [2, "typed"], [3, "ignored"], [4, "typed"], [5, "unknown"]]);
    const p = d.events[1];
    expect(p.status === "typed" && p.event.kind === "depin.proofs.v1.EventProofAccepted" && p.event.value.sequence).toBe(7n);
    const c = d.events[4];
    expect(c.status === "typed" && c.event.kind === "depin.rewards.v1.EventEpochClosed" && c.event.value.summary?.epoch).toBe(3n);
    expect(c.txIndex).toBe(-1);
    expect(nativeAmount("5ufield,3uother,7ufield", "ufield")).toBe("12");
  });

  it("keeps plugin events and plugin deactivations in the log (not unknown), tagged with their network type", async () => {
    const d = decodeBlock(block([], [ev("depin.plugin.storage.challenge_issued", { challenge_id: "4", device: "ab" }), ev("depin.proofs.v1.plugin_deactivated", { device_id: "ab", network_type: "storage", reason: "TOO_MANY_FAULTS" })]), "ufield");
    expect(d.events.map((e) => e.status)).toEqual(["logged", "logged"]);
    const store = await openStore(":memory:");
    try {
      const r = await store.db.transaction().execute((trx) => applyBlocks(trx, EMPTY_CHECKPOINT, [d]));
      expect(r.unknown).toEqual([]);
      const rows = await store.db.selectFrom("events").select(["kind", "network_type"]).orderBy("idx").execute();
      expect(rows).toEqual([{ kind: "depin.plugin.storage.challenge_issued", network_type: "storage" }, { kind: "depin.proofs.v1.plugin_deactivated", network_type: "storage" }]);
    } finally {
      await store.close();
    }
  });

  it("records an unknown or malformed event and applies the rest of the block", async () => {
    const store = await openStore(":memory:");
    const d = decodeBlock(block([ev("depin.registry.v1.EventDeviceRegistered", {}), ev("mystery", { a: "b" })], []), "ufield");
    const r = await store.db.transaction().execute((trx) => applyBlocks(trx, EMPTY_CHECKPOINT, [d]));
    expect(r.checkpoint.height).toBe(1);
    expect(r.unknown.map((u) => u.kind)).toEqual(["depin.registry.v1.EventDeviceRegistered", "mystery"]);
    expect((await store.db.selectFrom("unknown_events").selectAll().execute()).length).toBe(2);
    await store.close();
  });
});
