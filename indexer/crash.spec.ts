/**
 * Exactly-once under SIGKILL: the indexer CLI runs as a child process against a live devnet and is
 * killed with SIGKILL repeatedly, during backfill and while following the head; after restarts its
 * store must equal a clean re-index of the same heights (row counts, sums, every state row).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { status } from "@grpc/grpc-js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDevnet, type RunningDevnet } from "../devnet/devnet";
import { waitFor } from "../devnet/testing/wait";
import { readCheckpoint } from "./ingest/checkpoint";
import { Ingester } from "./ingest/ingester";
import { RpcBlockSource, type BlockSource } from "./ingest/source";
import { openStore } from "./store/open";
import { ChainDriver } from "./testing/chain-driver";
import { connectIndexer } from "./testing/client";
import { fingerprint } from "./testing/fingerprint";
import { freshStore, storeKinds } from "./testing/store-target";
import { testNetwork } from "./testing/network";

jest.setTimeout(180_000);
const quiet = { info: () => undefined, warn: () => undefined };
const ROOT = join(__dirname, "..");

function spawnIndexer(rpcUrl: string, db: string): ChildProcess {
  // tsx's CLI would run the script in a grandchild that SIGKILL of the wrapper leaves running: load tsx in-process.
  return spawn(process.execPath, ["--import", "tsx", join(__dirname, "cli.ts"), "--rpc", rpcUrl, "--db", db, "--grpc-port", "0", "--no-metrics", "--no-explorer", "--json"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Resolves once the indexer child's gRPC status reports an indexed height above `height`. */
async function indexedPast(child: ChildProcess, height: number): Promise<void> {
  const grpc = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf("\n");
      if (nl >= 0) resolve((JSON.parse(out.slice(0, nl)) as { grpc: string }).grpc);
    });
    child.once("exit", (code) => reject(new Error(`indexer exited (${code}) before its ready line`)));
  });
  const api = connectIndexer(grpc);
  try {
    await waitFor(async () => {
      // UNAVAILABLE until the indexer has reached the chain (its readiness answer): ask again.
      const indexed = await api.getStatus({}, { deadlineMs: 5_000 }).then(
        (st) => Number(st.indexedHeight),
        (error: { code?: number }) => {
          if (error.code === status.UNAVAILABLE) return 0;
          throw error;
        },
      );
      return indexed > height ? true : undefined;
    }, `the indexer to index past height ${height}`, 60_000);
  } finally {
    api.close();
  }
}

async function checkpointOf(db: string): Promise<number> {
  const store = await openStore(db);
  try {
    return (await readCheckpoint(store.db)).height;
  } finally {
    await store.close();
  }
}

/** The same chain, seen only up to `max` (so a clean re-index stops where the killed one did). */
function capped(source: BlockSource, max: number): BlockSource {
  return { head: async () => ({ ...(await source.head()), height: max }), fetch: (h) => source.fetch(h), close: () => source.close() };
}

describe.each(storeKinds())("indexer SIGKILL on %s", (kind) => {
  let home: string;
  let devnet: RunningDevnet;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "fieldnet-indexer-crash-"));
    devnet = await startDevnet({ config: testNetwork, home, port: 0, blockTimeMs: 50 });
    const driver = await ChainDriver.connect(devnet.rpcUrl, devnet.accounts.map((a) => a.mnemonic), devnet.chainId, `crash-${kind}`);
    const meters = [];
    for (const owner of [0, 1]) meters.push(...(await driver.registerDevices(owner, Array.from({ length: 20 }, () => ({ networkType: "energy-meter", metadata: { ratedPowerW: 1_000_000_000 } })))));
    const t = Math.floor(Date.now() / 1000);
    for (let round = 0; round < 4; round++) {
      await driver.submitProofs(2, meters.map((device, i) => ({ device, payload: { counterWh: 100 + round * (10 + i), readAt: t - 25 + round * 5 } })));
      await driver.sendTokens(0, driver.owners[1].address, String(1000 + round));
    }
    await driver.claim(0);
    driver.close();
  });

  afterAll(async () => {
    await devnet?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it("restarts after SIGKILL (backfill and live) give exactly the rows of a clean re-index", async () => {
    const store = await freshStore(kind, "crash");
    const clean = await freshStore(kind, "clean");
    try {
      const heights: number[] = [];
      // The first kills come at fixed delays after the spawn: start-up and backfill. The last ones
      // come a while after that run has indexed past the previous checkpoint (its gRPC status says
      // so): while live, also on a loaded machine whose slow start would turn fixed delays into
      // more start-up kills (seen once: every kill before the first checkpoint).
      const plan: Array<{ afterSpawnMs: number } | { afterProgressMs: number }> = [
        { afterSpawnMs: 900 },
        { afterSpawnMs: 1200 },
        { afterSpawnMs: 1500 },
        { afterSpawnMs: 1800 },
        { afterProgressMs: 300 },
        { afterProgressMs: 1500 },
      ];
      for (const when of plan) {
        const child = spawnIndexer(devnet.rpcUrl, store.url);
        const exited = new Promise((r) => child.once("exit", r));
        try {
          if ("afterSpawnMs" in when) await new Promise((r) => setTimeout(r, when.afterSpawnMs));
          else {
            await indexedPast(child, heights.at(-1) ?? 0);
            await new Promise((r) => setTimeout(r, when.afterProgressMs));
          }
        } finally {
          child.kill("SIGKILL"); // also when waiting failed: a child left running would keep jest from exiting
          await exited;
        }
        heights.push(await checkpointOf(store.url));
      }
      expect(heights[heights.length - 1]).toBeGreaterThan(0);
      expect(heights).toEqual([...heights].sort((a, b) => a - b)); // the checkpoint never moves back

      const killedAt = await checkpointOf(store.url);
      const source = await RpcBlockSource.connect(devnet.rpcUrl);
      const cleanStore = await openStore(clean.url);
      const ingester = new Ingester({ db: cleanStore.db, source: capped(source, killedAt), denom: "ufield", logger: quiet });
      await ingester.start();
      await ingester.waitForHeight(killedAt, 60_000);
      await ingester.stop();
      source.close();

      const killedStore = await openStore(store.url);
      const a = await fingerprint(killedStore.db);
      const b = await fingerprint(cleanStore.db);
      await killedStore.close();
      await cleanStore.close();
      expect(a["count:proofs"]).toBeGreaterThanOrEqual(killedAt > 20 ? 1 : 0);
      expect(a).toEqual(b);
    } finally {
      await store.drop();
      await clean.drop();
    }
  });
});
