/**
 * A chain reset (`devnet --reset`: new genesis, same RPC address) is detected and the index is
 * rebuilt from the new chain's block 1, never mixed: after the reset the store holds exactly what a
 * clean index of the new chain holds, and nothing of the old chain.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDevnet, type RunningDevnet } from "../devnet/devnet";
import { startIndexer, type RunningIndexer } from "./indexer";
import { Ingester } from "./ingest/ingester";
import { RpcBlockSource } from "./ingest/source";
import { openStore } from "./store/open";
import { ChainDriver, type DriverDevice } from "./testing/chain-driver";
import { connectIndexer } from "./testing/client";
import { fingerprint } from "./testing/fingerprint";
import { testNetwork } from "./testing/network";
import { freshStore, storeKinds } from "./testing/store-target";

jest.setTimeout(120_000);
const quiet = { info: () => undefined, warn: () => undefined };

async function populate(devnet: RunningDevnet, label: string, count: number): Promise<DriverDevice[]> {
  const driver = await ChainDriver.connect(devnet.rpcUrl, devnet.accounts.map((a) => a.mnemonic), devnet.chainId, label);
  try {
    const meters = await driver.registerDevices(0, Array.from({ length: count }, () => ({ networkType: "energy-meter", metadata: { ratedPowerW: 1_000_000 } })));
    const t = Math.floor(Date.now() / 1000);
    await driver.submitProofs(1, meters.map((device, i) => ({ device, payload: { counterWh: 100 + i, readAt: t - 5 } })));
    return meters;
  } finally {
    driver.close();
  }
}

describe.each(storeKinds())("indexer across a chain reset on %s", (kind) => {
  const homes: string[] = [];
  let devnet: RunningDevnet | undefined;
  let indexer: RunningIndexer | undefined;

  const freshHome = () => {
    const home = mkdtempSync(join(tmpdir(), "fieldnet-indexer-reset-"));
    homes.push(home);
    return home;
  };

  afterAll(async () => {
    await indexer?.stop();
    await devnet?.stop();
    for (const home of homes) rmSync(home, { recursive: true, force: true });
  });

  it("rebuilds the index from the new chain and keeps nothing of the old one", async () => {
    const store = await freshStore(kind, "reset");
    const clean = await freshStore(kind, "reset-clean");
    try {
      devnet = await startDevnet({ config: testNetwork, home: freshHome(), port: 0, blockTimeMs: 100 });
      const port = Number(new URL(devnet.rpcUrl).port);
      const oldMeters = await populate(devnet, `reset-old-${kind}`, 5);
      const resets: string[] = [];
      indexer = await startIndexer({ rpcUrl: devnet.rpcUrl, db: store.url, grpcPort: 0, metricsPort: null, logger: quiet, pollMs: 100 });
      indexer.ingester.on("reset", (reason: string) => resets.push(reason));
      const api = connectIndexer(indexer.grpcAddress);
      await indexer.ingester.waitForHeight(devnet.engine.height, 30_000);
      expect((await api.getDevice({ deviceId: oldMeters[0].id })).device).toBeDefined();
      const oldHeight = indexer.ingester.checkpoint.height;

      // `devnet --reset` on the same address: a new genesis, heights start again from 1.
      await devnet.stop();
      devnet = await startDevnet({ config: testNetwork, home: freshHome(), port, blockTimeMs: 100 });
      const newMeters = await populate(devnet, `reset-new-${kind}`, 3);
      const newHeight = devnet.engine.height;
      await waitFor(async () => resets.length > 0 && indexer!.ingester.checkpoint.height >= newHeight);
      expect(resets[0]).toMatch(/block 1 hash changed|below the indexed height|chain-id changed/);

      await expect(api.getDevice({ deviceId: oldMeters[0].id })).rejects.toMatchObject({ code: 5 }); // NOT_FOUND
      expect((await api.getDevice({ deviceId: newMeters[0].id })).device?.owner).toBe(devnet.accounts[0].address);
      api.close();

      // Exactly a clean index of the new chain up to the same height: read the height once the
      // indexer has stopped (blocks keep coming every 100 ms; it could index one more while stopping).
      const stopped = indexer;
      await stopped.stop();
      indexer = undefined;
      const at = stopped.ingester.checkpoint.height;
      const source = await RpcBlockSource.connect(devnet.rpcUrl);
      const cleanStore = await openStore(clean.url);
      const ingester = new Ingester({ db: cleanStore.db, source: { head: async () => ({ ...(await source.head()), height: at }), fetch: (h) => source.fetch(h), close: () => source.close() }, denom: "ufield", logger: quiet });
      await ingester.start();
      await ingester.waitForHeight(at, 30_000);
      await ingester.stop();
      source.close();
      const resetStore = await openStore(store.url);
      const a = await fingerprint(resetStore.db);
      const b = await fingerprint(cleanStore.db);
      await resetStore.close();
      await cleanStore.close();
      expect(a).toEqual(b);
      expect(oldHeight).toBeGreaterThan(0);
    } finally {
      await store.drop();
      await clean.drop();
    }
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}
