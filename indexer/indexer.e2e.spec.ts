/**
 * The indexer against a real devnet driven through cosmjs: registrations, transfers, deactivation,
 * proofs accepted and rejected, epoch closes (finalize-block events), claims and bank transfers;
 * every API answer checked against the chain's own queries at the same height. Then StreamEvents
 * resume, bad requests, health and reflection. Runs on SQLite, and on Postgres when DATABASE_URL
 * is set (CI).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { credentials, loadPackageDefinition, status, type ServiceError } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { cellToParent, latLngToCell } from "h3-js";
import { startDevnet, type RunningDevnet } from "../devnet/devnet";
import { QueryDeviceRequest, QueryDeviceResponse, QueryDevicesByOwnerRequest, QueryDevicesByOwnerResponse } from "../generated/depin/registry/v1/query";
import { QueryEpochRequest, QueryEpochResponse, QueryPendingRewardsRequest, QueryPendingRewardsResponse } from "../generated/depin/rewards/v1/query";
import { DeviceStatus as ChainStatus } from "../generated/depin/registry/v1/types";
import type { StreamEventsResponse } from "../generated/depin/indexer/v1/query";
import { startIndexer, type RunningIndexer } from "./indexer";
import { ChainDriver, type DriverDevice } from "./testing/chain-driver";
import { connectIndexer, type IndexerApi } from "./testing/client";
import { freshStore, storeKinds, type TestStore } from "./testing/store-target";
import { EPOCH_BLOCKS, testNetwork } from "./testing/network";
import { waitFor } from "../devnet/testing/wait";

jest.setTimeout(120_000);

const quiet = { info: () => undefined, warn: () => undefined };
const BERLIN = (i: number) => latLngToCell(52.52 + i * 0.0005, 13.405, 12);

function collect(api: IndexerApi, req: Parameters<IndexerApi["streamEvents"]>[0], count: number): Promise<StreamEventsResponse[]> {
  return new Promise((resolve, reject) => {
    const out: StreamEventsResponse[] = [];
    const call = api.streamEvents(req);
    call.on("data", (m: StreamEventsResponse) => {
      out.push(m);
      if (out.length === count) {
        call.cancel();
        resolve(out);
      }
    });
    call.on("error", (e: ServiceError) => (e.code === status.CANCELLED ? resolve(out) : reject(e)));
  });
}

describe.each(storeKinds())("indexer on %s", (kind) => {
  let home: string;
  let devnet: RunningDevnet;
  let driver: ChainDriver;
  let store: TestStore;
  let indexer: RunningIndexer;
  let api: IndexerApi;
  let meters: DriverDevice[] = [];
  const outcomes: Array<{ accepted: boolean; reason: string }> = [];

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "fieldnet-indexer-e2e-"));
    devnet = await startDevnet({ config: testNetwork, home, port: 0, blockTimeMs: 100 });
    driver = await ChainDriver.connect(devnet.rpcUrl, devnet.accounts.map((a) => a.mnemonic), devnet.chainId, `e2e-${kind}`);
    store = await freshStore(kind, "e2e");
    indexer = await startIndexer({ rpcUrl: devnet.rpcUrl, db: store.url, grpcPort: 0, metricsPort: 0, logger: quiet, pollMs: 200 });
    api = connectIndexer(indexer.grpcAddress);

    // The story the assertions check.
    meters = await driver.registerDevices(0, Array.from({ length: 6 }, (_, i) => ({ networkType: "energy-meter", metadata: { ratedPowerW: 1_000_000_000 }, location: i < 4 ? BERLIN(i) : undefined })));
    meters.push(...(await driver.registerDevices(1, [{ networkType: "energy-meter", metadata: { ratedPowerW: 1_000_000_000 } }])));
    await driver.sendTokens(0, driver.owners[2].address, "12345");
    const t = Math.floor(Date.now() / 1000);
    for (const round of [0, 1]) {
      const res = await driver.submitProofs(2, meters.map((device, i) => ({ device, payload: { counterWh: 1000 + round * (50 + i), readAt: t - 20 + round * 10 } })));
      outcomes.push(...res.map((o) => ({ accepted: o.accepted, reason: o.reason })));
    }
    // A replayed sequence is rejected (SEQUENCE_NOT_INCREASING).
    const replay = await driver.submitProofs(2, [{ device: meters[0], payload: { counterWh: 5000, readAt: t - 5 }, sequence: 1n }]);
    outcomes.push(...replay.map((o) => ({ accepted: o.accepted, reason: o.reason })));
    await driver.transferDevice(0, meters[5].id, driver.owners[1].address);
    await driver.deactivateDevice(0, meters[4].id);
    // Let the epoch close (finalize-block event), then claim: settlement + claim events.
    const h = await driver.height();
    await waitFor(async () => ((await driver.height()) >= h + EPOCH_BLOCKS + 1 ? true : undefined), "epoch close");
    await driver.claim(0);
    await driver.claim(1);
  });

  afterAll(async () => {
    api?.close();
    await indexer?.stop();
    driver?.close();
    await devnet?.stop();
    await store?.drop();
    rmSync(home, { recursive: true, force: true });
  });

  it("indexes devices, proofs, epochs and claims equal to the chain's own queries at the same height", async () => {
    expect(outcomes.filter((o) => o.accepted).length).toBe(14);
    expect(outcomes.filter((o) => !o.accepted).map((o) => o.reason)).toEqual(["SEQUENCE_NOT_INCREASING"]);
    // Freeze a height: wait until the indexer has it, compare with chain queries at that height.
    const height = await driver.height();
    await indexer.ingester.waitForHeight(height);

    for (const d of meters) {
      const chain = (await driver.query("/depin.registry.v1.Query/Device", QueryDeviceRequest, { id: d.id }, QueryDeviceResponse, height)).device!;
      const { device } = await api.getDevice({ deviceId: d.id });
      expect({ owner: device!.owner, status: device!.status, location: device!.location, networkType: device!.networkType, registered: device!.registeredHeight })
        .toEqual({ owner: chain.owner, status: chain.status, location: chain.location, networkType: chain.networkType, registered: chain.registeredHeight });
    }
    expect((await api.getDevice({ deviceId: meters[4].id })).device!.status).toBe(ChainStatus.DEVICE_STATUS_INACTIVE);
    expect((await api.getDevice({ deviceId: meters[5].id })).history.map((c) => c.kind)).toEqual(["transferred", "registered"]);

    for (const [i, owner] of driver.owners.entries()) {
      const chain = await driver.query("/depin.registry.v1.Query/DevicesByOwner", QueryDevicesByOwnerRequest, { owner: owner.address, pagination: { limit: 1000n } }, QueryDevicesByOwnerResponse); // list queries answer at the latest height only; no tx changes devices meanwhile
      const ours = await api.listDevices({ owner: owner.address });
      expect(ours.devices.map((d) => d.id).sort()).toEqual(chain.devices.map((d) => d.id).sort());
      void i;
    }

    // Proofs: counts and units equal what the txs reported.
    const proofs = await api.listProofs({ limit: 1000 });
    expect(proofs.proofs.filter((p) => p.accepted).length).toBe(14);
    expect(proofs.proofs.filter((p) => !p.accepted).map((p) => p.reason)).toEqual(["SEQUENCE_NOT_INCREASING"]);
    const rejected = await api.listProofs({ outcome: 2, deviceId: meters[0].id });
    expect(rejected.proofs).toHaveLength(1);

    // Epoch 0 closed in a finalize-block event: equal to the chain's record.
    const chainEpoch = (await driver.query("/depin.rewards.v1.Query/Epoch", QueryEpochRequest, { epoch: 0n }, QueryEpochResponse, height)).summary!;
    const { epoch } = await api.getEpoch({ epoch: 0n });
    expect({ emission: epoch!.emission, distributed: epoch!.distributed, totalEmitted: epoch!.totalEmitted, end: epoch!.endHeight }).toEqual({
      emission: chainEpoch.emission, distributed: chainEpoch.distributed, totalEmitted: chainEpoch.totalEmitted, end: chainEpoch.endHeight,
    });
    // The indexer also lists a type that only had proofs without units in the epoch (e.g. the
    // BASELINE readings, when epoch 0 closes before any units): such an entry carries counters only.
    const onChain = new Set(chainEpoch.pools.map((p) => p.networkType));
    expect(epoch!.pools.filter((p) => onChain.has(p.networkType)).map((p) => [p.networkType, p.pool, p.units])).toEqual(chainEpoch.pools.map((p) => [p.networkType, p.pool, p.units]));
    for (const extra of epoch!.pools.filter((p) => !onChain.has(p.networkType))) expect([extra.pool, extra.units, extra.weight]).toEqual(["0", "0", 0n]);

    // Claims: each device's claimed total equals the chain's lifetime `claimed`.
    let claimedSum = 0n;
    for (const d of meters) {
      const chain = (await driver.query("/depin.rewards.v1.Query/PendingRewards", QueryPendingRewardsRequest, { deviceId: d.id }, QueryPendingRewardsResponse, height)).reward;
      const ours = await api.getRewards({ deviceId: d.id });
      expect(ours.totals!.claimed).toBe(chain?.claimed ?? "0");
      claimedSum += BigInt(ours.totals!.claimed);
    }
    expect(claimedSum).toBeGreaterThan(0n);
    const byOwner = await Promise.all(driver.owners.map((o) => api.getRewards({ owner: o.address })));
    expect(byOwner.reduce((a, r) => a + BigInt(r.totals!.claimed), 0n)).toBe(claimedSum);
    const entries = await api.listRewards({ owner: driver.owners[0].address });
    expect(entries.entries.some((e) => e.kind === 2)).toBe(true);
    expect(entries.entries.some((e) => e.kind === 1)).toBe(true);
    // Epoch bounds: an unset bound is open, and 0 is an epoch like any other (the first).
    const epochs = [...new Set(entries.entries.map((e) => e.epoch))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const epoch of epochs) {
      const only = await api.listRewards({ owner: driver.owners[0].address, fromEpoch: epoch, toEpoch: epoch });
      expect(only.entries.length).toBeGreaterThan(0);
      expect(only.entries.every((e) => e.epoch === epoch)).toBe(true);
    }
    const upToFirst = await api.listRewards({ owner: driver.owners[0].address, toEpoch: epochs[0] });
    expect(upToFirst.entries.every((e) => e.epoch === epochs[0])).toBe(true);

    const stats = await api.networkStats({});
    expect(stats.devices.map((c) => [c.networkType, c.status, Number(c.count)])).toEqual([["energy-meter", 1, 6], ["energy-meter", 2, 1]]);
    expect(stats.proofsAccepted).toBe(14n);
    const st = await api.getStatus({});
    expect(st.chainId).toBe(devnet.chainId);
    expect(Number(st.indexedHeight)).toBeGreaterThanOrEqual(height);
  });

  it("filters devices by H3 cell at coarser resolutions, sorts and pages with next_key", async () => {
    for (const res of [5, 9, 11, 12]) {
      const parent = cellToParent(BERLIN(0), res);
      const inside = meters.slice(0, 4).filter((_d, i) => cellToParent(BERLIN(i), res) === parent).map((d) => d.id).sort();
      const page = await api.listDevices({ cell: parent });
      expect(page.devices.map((d) => d.id).sort()).toEqual(inside);
      if (res === 5) expect(inside).toHaveLength(4);
    }
    expect((await api.listDevices({ cell: latLngToCell(40.7, -74, 5) })).devices).toHaveLength(0);
    const seen: string[] = [];
    let key = "";
    do {
      const page = await api.listDevices({ limit: 2, pageKey: key, sort: 2, descending: true });
      expect(page.devices.length).toBeLessThanOrEqual(2);
      seen.push(...page.devices.map((d) => d.id));
      key = page.nextKey;
    } while (key);
    expect(seen.sort()).toEqual(meters.map((d) => d.id).sort());
    expect((await api.listDevices({ status: 2 })).devices.map((d) => d.id)).toEqual([meters[4].id]);
  });

  it("StreamEvents: a client that disconnects and resumes from its last cursor gets every event once", async () => {
    const height = await driver.height();
    await indexer.ingester.waitForHeight(height);
    // The full log in one go (up to the current checkpoint).
    const all: StreamEventsResponse[] = [];
    await new Promise<void>((resolve, reject) => {
      const call = api.streamEvents({});
      call.on("data", (m: StreamEventsResponse) => {
        all.push(m);
        if (Number(m.event!.cursor!.height) >= height) call.cancel();
      });
      call.on("error", (e: ServiceError) => (e.code === status.CANCELLED ? resolve() : reject(e)));
    });
    expect(all.length).toBeGreaterThan(20);
    // In chunks of 7, each resumed after the previous chunk's last cursor.
    const resumed: StreamEventsResponse[] = [];
    let after: { height: bigint; index: number } | undefined;
    while (resumed.length < all.length) {
      const chunk = await collect(api, after ? { after } : {}, Math.min(7, all.length - resumed.length));
      resumed.push(...chunk);
      after = chunk[chunk.length - 1].event!.cursor!;
    }
    expect(resumed.map((m) => m.event!.cursor)).toEqual(all.map((m) => m.event!.cursor));
    const kinds = new Set(all.map((m) => m.event!.kind));
    for (const k of ["depin.registry.v1.EventDeviceRegistered", "depin.proofs.v1.EventProofAccepted", "depin.proofs.v1.EventProofRejected", "depin.rewards.v1.EventEpochClosed", "depin.rewards.v1.EventRewardsClaimed", "transfer"]) expect(kinds).toContain(k);
    // Filters: only this device's proofs.
    const mine = await collect(api, { kinds: ["depin.proofs.v1.*"], deviceId: meters[0].id }, 3);
    expect(mine.map((m) => m.event!.kind)).toEqual(["depin.proofs.v1.EventProofAccepted", "depin.proofs.v1.EventProofAccepted", "depin.proofs.v1.EventProofRejected"]);
    // Live: from_now sees the next transfer.
    const live = collect(api, { fromNow: true, kinds: ["transfer"], owner: driver.owners[1].address }, 2);
    await new Promise((r) => setTimeout(r, 300));
    await driver.sendTokens(1, driver.owners[2].address, "777");
    const [fee, ev] = await live; // the ante handler's fee transfer comes first
    expect(JSON.parse(fee.event!.attributesJson).sender).toBe(driver.owners[1].address);
    expect(JSON.parse(ev.event!.attributesJson).amount).toBe("777ufield");
  });

  it("bad requests: INVALID_ARGUMENT naming the field, NOT_FOUND, DEADLINE_EXCEEDED", async () => {
    const fail = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        return e as ServiceError;
      }
      throw new Error("expected an error");
    };
    const cases: Array<[Promise<unknown>, status, RegExp]> = [
      [api.listDevices({ limit: 5000 }), status.INVALID_ARGUMENT, /^limit:/],
      [api.listDevices({ owner: "nope" }), status.INVALID_ARGUMENT, /^owner:/],
      [api.listDevices({ cell: "zzzz" }), status.INVALID_ARGUMENT, /^cell:/],
      [api.listDevices({ pageKey: "garbage!" }), status.INVALID_ARGUMENT, /^page_key:/],
      [api.listDevices({ pageKey: (await api.listProofs({ limit: 1 })).nextKey }), status.INVALID_ARGUMENT, /^page_key:/],
      [api.getDevice({ deviceId: "XYZ" }), status.INVALID_ARGUMENT, /^device_id:/],
      [api.getDevice({}), status.INVALID_ARGUMENT, /^device_id: required/],
      [api.listProofs({ fromHeight: 10n, toHeight: 5n }), status.INVALID_ARGUMENT, /^to_height:/],
      [api.getRewards({}), status.INVALID_ARGUMENT, /^owner:/],
      [api.networkStats({ epochs: 1000 }), status.INVALID_ARGUMENT, /^epochs:/],
      [api.getDevice({ deviceId: "0".repeat(40) }), status.NOT_FOUND, /not found/],
      [api.getEpoch({ epoch: 99999n }), status.NOT_FOUND, /not found/],
      [api.getRewards({ deviceId: "1".repeat(40) }), status.NOT_FOUND, /not found/],
      [api.listDevices({}, { deadlineMs: -1 }), status.DEADLINE_EXCEEDED, /./],
    ];
    for (const [p, code, details] of cases) {
      const e = await fail(p);
      expect([status[e.code], e.details]).toEqual([status[code], expect.stringMatching(details)]);
    }
    const stream = await new Promise<ServiceError>((resolve) => api.streamEvents({ kinds: ["bad kind!"] }).on("error", resolve));
    expect([stream.code, stream.details]).toEqual([status.INVALID_ARGUMENT, expect.stringMatching(/^kinds\[0\]:/)]);
  });

  it("serves health, reflection (list without protos) and Prometheus metrics", async () => {
    const healthPkg = loadPackageDefinition(loadSync(require("grpc-health-check").protoPath, { enums: String })) as never as { grpc: { health: { v1: { Health: new (a: string, c: unknown) => { check(r: unknown, cb: (e: unknown, r: { status: string }) => void): void; close(): void } } } } };
    const health = new healthPkg.grpc.health.v1.Health(indexer.grpcAddress, credentials.createInsecure());
    const hs = await new Promise<{ status: string }>((res, rej) => health.check({ service: "depin.indexer.v1.IndexerService" }, (e, r) => (e ? rej(e) : res(r))));
    expect(hs.status).toBe("SERVING");
    health.close();

    const reflPath = join(require.resolve("@grpc/reflection/package.json"), "..", "build/proto/grpc/reflection/v1/reflection.proto");
    const reflPkg = loadPackageDefinition(loadSync(reflPath, { keepCase: true })) as never as { grpc: { reflection: { v1: { ServerReflection: new (a: string, c: unknown) => { serverReflectionInfo(): NodeJS.ReadWriteStream & { write(m: unknown): boolean; end(): void }; close(): void } } } } };
    const refl = new reflPkg.grpc.reflection.v1.ServerReflection(indexer.grpcAddress, credentials.createInsecure());
    const listed = await new Promise<string[]>((resolve, reject) => {
      const call = refl.serverReflectionInfo();
      call.on("data", (m: { list_services_response?: { service: Array<{ name: string }> } }) => {
        resolve((m.list_services_response?.service ?? []).map((s) => s.name));
        call.end();
      });
      call.on("error", reject);
      call.write({ list_services: "" });
    });
    refl.close();
    expect(listed).toEqual(expect.arrayContaining(["depin.indexer.v1.IndexerService", "grpc.health.v1.Health"]));

    const text = await (await fetch(indexer.metricsUrl!)).text();
    expect(text).toMatch(/fieldnet_indexer_indexed_height \d+/);
    expect(text).toMatch(/fieldnet_indexer_grpc_request_duration_seconds_bucket\{.*method="GetDevice"/);
  });
});
