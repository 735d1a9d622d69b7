/**
 * The retained outcome history: queries serve exactly the newest outcome_history_per_device
 * outcomes, pages keep their next_key contract, the state holds them in ceil(n / 8) chunk entries
 * per device (the chunk still filling rides in the device's proof state), genesis round-trips them,
 * and changing the param narrows what is served and exported to the new window at once.
 */
import { AppTestKit, type KitDevice } from "../plugin/test-kit";
import { energyMeter } from "../../plugins/energy-meter";
import { QueryParamsRequest, QueryParamsResponse, QueryProofOutcomeRequest, QueryProofOutcomeResponse, QueryRecentOutcomesRequest, QueryRecentOutcomesResponse } from "../../generated/depin/proofs/v1/query";
import { MsgUpdateParams } from "../../generated/depin/proofs/v1/tx";
import { PROOFS_STORE } from "./keeper";
import { outcomeChunksPrefix } from "./keys";
import { prefixEnd } from "../store/prefix-store";
import { Context } from "../app/context";
import { createApp } from "../app/app";
import { TestChain } from "../app/testing/test-chain";
import type { CommitStore } from "../store/types";

async function startKit(outcomeHistoryPerDevice = 10): Promise<AppTestKit> {
  return AppTestKit.start({
    plugins: [energyMeter],
    networkTypes: [{ plugin: "energy-meter", params: { minIntervalSeconds: 0, maxClockSkewSeconds: 30 } }],
    depin: { proofs: { outcomeHistoryPerDevice } },
    owners: 1,
  });
}

/** Proofs `from`..`to` of `meter` (sequence = index = i), one block each. */
async function prove(kit: AppTestKit, meter: KitDevice, from: number, to: number): Promise<void> {
  for (let i = from; i <= to; i++) await kit.submitProofs([{ device: meter, payload: { counterWh: i * 10, readAt: Number(kit.nextBlockTimeMs / 1000n) } }]);
}

const range = (from: number, to: number): bigint[] => Array.from({ length: to - from + 1 }, (_, i) => BigInt(from + i));

async function recent(kit: AppTestKit, device: KitDevice, pagination?: { key?: Uint8Array; limit?: bigint; reverse?: boolean }): Promise<QueryRecentOutcomesResponse> {
  const page = pagination && { key: new Uint8Array(), offset: 0n, limit: 0n, countTotal: false, reverse: false, ...pagination };
  return kit.query("/depin.proofs.v1.Query/RecentOutcomes", QueryRecentOutcomesRequest, { deviceId: device.id, pagination: page }, QueryRecentOutcomesResponse);
}

function storedOutcomeChunks(store: CommitStore, device: KitDevice): number {
  const ctx = new Context({ chainId: "", height: 0n, timeMs: 0n, hash: new Uint8Array(), proposer: new Uint8Array() }, "query", store.branch());
  const prefix = outcomeChunksPrefix(device.id);
  return [...ctx.unmeteredStore(PROOFS_STORE).iterate({ start: prefix, end: prefixEnd(prefix) })].length;
}

describe("retained proof outcomes (chunks of eight per device)", () => {
  it("keeps the newest outcome_history_per_device outcomes in ceil(n / 8) chunk entries", async () => {
    const kit = await startKit(10);
    try {
      const [meter] = await kit.registerDevices([{ networkType: "energy-meter", metadata: { ratedPowerW: 1_000_000 } }]);
      await prove(kit, meter, 1, 7);
      // Nothing in a chunk yet: all seven ride in the device's proof state.
      expect((await recent(kit, meter)).outcomes.map((o) => o.index)).toEqual(range(1, 7).reverse());
      expect(storedOutcomeChunks(kit.app.store, meter)).toBe(0);
      await prove(kit, meter, 8, 20);
      // Chunks 1..8 and 9..16 in slots 0 and 1, 17..20 pending: the window is 11..20.
      expect((await recent(kit, meter)).outcomes.map((o) => o.index)).toEqual(range(11, 20).reverse());
      expect((await recent(kit, meter, { reverse: true })).outcomes.map((o) => o.index)).toEqual(range(11, 20));
      expect(storedOutcomeChunks(kit.app.store, meter)).toBe(2);
      await prove(kit, meter, 21, 28);
      // Chunk 17..24 took slot 0 from chunk 1..8: still two entries, the window 19..28.
      expect((await recent(kit, meter)).outcomes.map((o) => o.index)).toEqual(range(19, 28).reverse());
      expect(storedOutcomeChunks(kit.app.store, meter)).toBe(2);
      const outcomes = (await recent(kit, meter)).outcomes;
      expect(outcomes.every((o) => o.deviceId === meter.id && o.networkType === "energy-meter" && o.accepted)).toBe(true);
      expect(outcomes[0].sequence).toBe(28n);

      const first = await recent(kit, meter, { limit: 6n });
      expect(first.outcomes.map((o) => o.index)).toEqual(range(23, 28).reverse());
      const second = await recent(kit, meter, { key: first.pagination!.nextKey, limit: 6n });
      expect(second.outcomes.map((o) => o.index)).toEqual(range(19, 22).reverse());
      expect(second.pagination!.nextKey).toHaveLength(0);

      const bySequence = (sequence: bigint) =>
        kit.chain.query("/depin.proofs.v1.Query/ProofOutcome", QueryProofOutcomeRequest.encode({ deviceId: meter.id, sequence }).finish());
      expect(QueryProofOutcomeResponse.decode((await bySequence(28n)).value).outcome?.index).toBe(28n);
      expect(QueryProofOutcomeResponse.decode((await bySequence(20n)).value).outcome?.deviceId).toBe(meter.id);
      expect((await bySequence(18n)).code).not.toBe(0); // left the window
    } finally {
      await kit.close();
    }
  });

  it("round-trips chunked and pending outcomes through genesis export and import", async () => {
    const kit = await startKit(10);
    let exported: Record<string, unknown>;
    let meter: KitDevice;
    try {
      [meter] = await kit.registerDevices([{ networkType: "energy-meter", metadata: { ratedPowerW: 1_000_000 } }]);
      await prove(kit, meter, 1, 13);
      exported = kit.app.exportGenesis();
    } finally {
      await kit.close();
    }
    expect((exported.proofs as { outcomes: Array<{ index: string }> }).outcomes.map((o) => o.index)).toEqual(range(4, 13).map(String));
    expect(JSON.stringify(exported.proofs)).not.toContain("pendingOutcomes");
    const app = createApp(kit.config, { home: ":memory:" });
    try {
      const chain = await TestChain.start(app, { chainId: kit.config.chainId, appState: exported, genesisTimeMs: kit.nextBlockTimeMs });
      await chain.deliver();
      expect(app.exportGenesis().proofs).toEqual(exported.proofs);
      // 4..8 back in chunk 1..8's slot, 9..13 pending in the device's state.
      expect(storedOutcomeChunks(app.store, meter)).toBe(1);
      const response = await chain.query("/depin.proofs.v1.Query/RecentOutcomes", QueryRecentOutcomesRequest.encode({ deviceId: meter.id, pagination: undefined }).finish());
      expect(QueryRecentOutcomesResponse.decode(response.value).outcomes.map((o) => o.index)).toEqual(range(4, 13).reverse());
    } finally {
      await app.close();
    }
  });

  it("serves and exports only the new window after the param is lowered", async () => {
    const kit = await startKit(10);
    try {
      const [meter] = await kit.registerDevices([{ networkType: "energy-meter", metadata: { ratedPowerW: 1_000_000 } }]);
      await prove(kit, meter, 1, 20);
      const { params } = await kit.query("/depin.proofs.v1.Query/Params", QueryParamsRequest, {}, QueryParamsResponse);
      const update = { typeUrl: "/depin.proofs.v1.MsgUpdateParams", value: MsgUpdateParams.fromPartial({ authority: kit.owners[0].address, params: { ...params, outcomeHistoryPerDevice: 3 } }) };
      expect((await kit.deliver([update])).result.code).toBe(0);
      expect((await recent(kit, meter)).outcomes.map((o) => o.index)).toEqual([20n, 19n, 18n]);
      // The ring is now one slot: chunk 17..24 lands in slot 0. Chunk 9..16 stays in slot 1
      // (documented: a lowered size leaves chunks beyond the new ring), never served.
      await prove(kit, meter, 21, 24);
      expect((await recent(kit, meter)).outcomes.map((o) => o.index)).toEqual([24n, 23n, 22n]);
      const exported = kit.app.exportGenesis().proofs as { outcomes: Array<{ index: string }> };
      expect(exported.outcomes.map((o) => o.index)).toEqual(["22", "23", "24"]);
      expect(storedOutcomeChunks(kit.app.store, meter)).toBe(2);
    } finally {
      await kit.close();
    }
  });
});
