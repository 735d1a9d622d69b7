/**
 * The retained outcome history is a ring of Params.outcome_history_per_device slots per device:
 * queries serve exactly the newest outcomes, pages keep their next_key contract, the state holds
 * no more than the ring, and changing the param narrows what is served and exported to the new
 * window at once (the ring refills it as outcomes arrive).
 */
import { AppTestKit, type KitDevice } from "../plugin/test-kit";
import { energyMeter } from "../../plugins/energy-meter";
import { QueryParamsRequest, QueryParamsResponse, QueryProofOutcomeRequest, QueryProofOutcomeResponse, QueryRecentOutcomesRequest, QueryRecentOutcomesResponse } from "../../generated/depin/proofs/v1/query";
import { MsgUpdateParams } from "../../generated/depin/proofs/v1/tx";
import { PROOFS_STORE } from "./keeper";
import { outcomesPrefix } from "./keys";
import { prefixEnd } from "../store/prefix-store";
import { Context } from "../app/context";
import { createApp } from "../app/app";
import { TestChain } from "../app/testing/test-chain";
import type { CommitStore } from "../store/types";

async function startKit(): Promise<AppTestKit> {
  return AppTestKit.start({
    plugins: [energyMeter],
    networkTypes: [{ plugin: "energy-meter", params: { minIntervalSeconds: 0, maxClockSkewSeconds: 30 } }],
    depin: { proofs: { outcomeHistoryPerDevice: 3 } },
    owners: 1,
  });
}

async function recent(kit: AppTestKit, device: KitDevice, pagination?: { key?: Uint8Array; limit?: bigint; reverse?: boolean }): Promise<QueryRecentOutcomesResponse> {
  const page = pagination && { key: new Uint8Array(), offset: 0n, limit: 0n, countTotal: false, reverse: false, ...pagination };
  return kit.query("/depin.proofs.v1.Query/RecentOutcomes", QueryRecentOutcomesRequest, { deviceId: device.id, pagination: page }, QueryRecentOutcomesResponse);
}

function storedOutcomeKeys(store: CommitStore, device: KitDevice): number {
  const ctx = new Context({ chainId: "", height: 0n, timeMs: 0n, hash: new Uint8Array(), proposer: new Uint8Array() }, "query", store.branch());
  const prefix = outcomesPrefix(device.id);
  return [...ctx.unmeteredStore(PROOFS_STORE).iterate({ start: prefix, end: prefixEnd(prefix) })].length;
}

describe("retained proof outcomes (a ring per device)", () => {
  it("keeps the newest outcome_history_per_device outcomes in that many state entries", async () => {
    const kit = await startKit();
    try {
      const [meter] = await kit.registerDevices([{ networkType: "energy-meter", metadata: { ratedPowerW: 1_000_000 } }]);
      for (let i = 1; i <= 7; i++) await kit.submitProofs([{ device: meter, payload: { counterWh: i * 10, readAt: Number(kit.nextBlockTimeMs / 1000n) } }]);
      expect((await recent(kit, meter)).outcomes.map((o) => o.index)).toEqual([7n, 6n, 5n]);
      expect((await recent(kit, meter, { reverse: true })).outcomes.map((o) => o.index)).toEqual([5n, 6n, 7n]);
      expect(storedOutcomeKeys(kit.app.store, meter)).toBe(3);

      const first = await recent(kit, meter, { limit: 2n });
      expect(first.outcomes.map((o) => o.index)).toEqual([7n, 6n]);
      const second = await recent(kit, meter, { key: first.pagination!.nextKey, limit: 2n });
      expect(second.outcomes.map((o) => o.index)).toEqual([5n]);
      expect(second.pagination!.nextKey).toHaveLength(0);

      const bySequence = (sequence: bigint) =>
        kit.chain.query("/depin.proofs.v1.Query/ProofOutcome", QueryProofOutcomeRequest.encode({ deviceId: meter.id, sequence }).finish());
      expect(QueryProofOutcomeResponse.decode((await bySequence(7n)).value).outcome?.index).toBe(7n);
      expect((await bySequence(4n)).code).not.toBe(0); // retired by the ring
    } finally {
      await kit.close();
    }
  });

  it("round-trips a wrapped ring through genesis export and import", async () => {
    const kit = await startKit();
    let exported: Record<string, unknown>;
    let meter: KitDevice;
    try {
      [meter] = await kit.registerDevices([{ networkType: "energy-meter", metadata: { ratedPowerW: 1_000_000 } }]);
      for (let i = 1; i <= 5; i++) await kit.submitProofs([{ device: meter, payload: { counterWh: i * 10, readAt: Number(kit.nextBlockTimeMs / 1000n) } }]);
      exported = kit.app.exportGenesis();
    } finally {
      await kit.close();
    }
    expect((exported.proofs as { outcomes: Array<{ index: string }> }).outcomes.map((o) => o.index)).toEqual(["3", "4", "5"]);
    const app = createApp(kit.config, { home: ":memory:" });
    try {
      const chain = await TestChain.start(app, { chainId: kit.config.chainId, appState: exported, genesisTimeMs: kit.nextBlockTimeMs });
      await chain.deliver();
      expect(app.exportGenesis().proofs).toEqual(exported.proofs);
      expect(storedOutcomeKeys(app.store, meter)).toBe(3);
      const response = await chain.query("/depin.proofs.v1.Query/RecentOutcomes", QueryRecentOutcomesRequest.encode({ deviceId: meter.id, pagination: undefined }).finish());
      expect(QueryRecentOutcomesResponse.decode(response.value).outcomes.map((o) => o.index)).toEqual([5n, 4n, 3n]);
    } finally {
      await app.close();
    }
  });

  it("serves and exports only the new window after the param is lowered", async () => {
    const kit = await startKit();
    try {
      const [meter] = await kit.registerDevices([{ networkType: "energy-meter", metadata: { ratedPowerW: 1_000_000 } }]);
      for (let i = 1; i <= 4; i++) await kit.submitProofs([{ device: meter, payload: { counterWh: i * 10, readAt: Number(kit.nextBlockTimeMs / 1000n) } }]);
      const { params } = await kit.query("/depin.proofs.v1.Query/Params", QueryParamsRequest, {}, QueryParamsResponse);
      const update = { typeUrl: "/depin.proofs.v1.MsgUpdateParams", value: MsgUpdateParams.fromPartial({ authority: kit.owners[0].address, params: { ...params, outcomeHistoryPerDevice: 2 } }) };
      expect((await kit.deliver([update])).result.code).toBe(0);
      expect((await recent(kit, meter)).outcomes.map((o) => o.index)).toEqual([4n, 3n]);
      // Slots are now index mod 2: outcome 5 takes outcome 4's slot (documented: after a change of the
      // param the window can hold fewer outcomes until it has been refilled), never anything stale.
      await kit.submitProofs([{ device: meter, payload: { counterWh: 50, readAt: Number(kit.nextBlockTimeMs / 1000n) } }]);
      expect((await recent(kit, meter)).outcomes.map((o) => o.index)).toEqual([5n]);
      await kit.submitProofs([{ device: meter, payload: { counterWh: 60, readAt: Number(kit.nextBlockTimeMs / 1000n) } }]);
      expect((await recent(kit, meter)).outcomes.map((o) => o.index)).toEqual([6n, 5n]);
      const exported = kit.app.exportGenesis().proofs as { outcomes: Array<{ index: string }> };
      expect(exported.outcomes.map((o) => o.index)).toEqual(["5", "6"]);
    } finally {
      await kit.close();
    }
  });
});
