/**
 * Indexer query latency with a large index: GetDevice (random ids) and ListDevices (first page of
 * a type) p50/p99 and requests/s, beside a trivial grpc-js echo service on the same machine,
 * measured by the same closed-loop client running in another process (bench/lib/grpc-load.ts).
 * The devices are bulk-inserted into the indexer's own schema (SQLite by default) after one real
 * block has been ingested, so the server runs exactly as `npm run indexer` does. Prints JSON.
 *
 * Run: npx tsx bench/indexer-query-latency.ts [--devices=1000000] [--seconds=5] [--concurrency=16 | --concurrency=1,4,16] [--db=path|postgres://...]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from "@grpc/grpc-js";
import { startGrpcServer } from "../indexer/api/server";
import { Ingester } from "../indexer/ingest/ingester";
import type { BlockSource } from "../indexer/ingest/source";
import { IndexerMetrics } from "../indexer/metrics";
import { openStore } from "../indexer/store/open";
import { IndexerQueries } from "../indexer/store/queries";
import { benchDeviceId, ECHO_SERVICE } from "./lib/grpc-load";

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const DEVICES = Number(args.devices ?? 1_000_000);
const SECONDS = Number(args.seconds ?? 5);
/** One level or a comma list (e.g. 1,4,16): each is measured for echo, GetDevice and ListDevices. */
const CONCURRENCIES = String(args.concurrency ?? "16").split(",").map(Number);
const BATCH = 2000;

function runLoad(address: string, method: string, concurrency: number): Promise<Record<string, number | string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "lib", "grpc-load.ts"), address, method, String(concurrency), String(SECONDS), String(DEVICES)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(`load client exited ${code}`))));
  });
}

async function startEcho(): Promise<{ address: string; stop(): Promise<void> }> {
  const server = new Server();
  server.addService(ECHO_SERVICE as never, { echo: (call: ServerUnaryCall<Buffer, Buffer>, cb: sendUnaryData<Buffer>) => cb(null, call.request) });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  return { address: `127.0.0.1:${port}`, stop: () => new Promise((r) => server.tryShutdown(() => r())) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "fieldnet-bench-idxq-"));
  const store = await openStore(args.db ?? join(dir, "index.db"));
  // One empty block through the real ingester: sets the chain id and checkpoint the API reports.
  const source: BlockSource = {
    head: async () => ({ chainId: "bench-1", height: 1 }),
    fetch: async (h) => ({ chainId: "bench-1", height: h, hash: "AB".repeat(32), lastBlockHash: "", timeMs: 1_767_225_600_000, txs: [], finalizeBlockEvents: [] }),
    close: () => undefined,
  };
  const ingester = new Ingester({ db: store.db, source, denom: "ufield", logger: { info: () => undefined, warn: () => undefined } });
  await ingester.start();
  await ingester.waitForHeight(1, 60_000);

  const t0 = process.hrtime.bigint();
  for (let start = 0; start < DEVICES; start += BATCH * 10) {
    await store.db.transaction().execute(async (trx) => {
      for (let b = start; b < Math.min(DEVICES, start + BATCH * 10); b += BATCH) {
        const rows = [];
        for (let i = b; i < Math.min(DEVICES, b + BATCH); i++) {
          rows.push({ id: benchDeviceId(i), owner: `depin1${(i % 5000).toString(16).padStart(38, "0")}`, network_type: i % 4 === 0 ? "env-sensor" : "energy-meter", key_type: "KEY_TYPE_ED25519", location: "", cell_key: null, status: 1, registered_height: 1, updated_height: 1, proofs_accepted: 0, proofs_rejected: 0, units_total: "0", last_proof_height: 0 });
        }
        await trx.insertInto("devices").values(rows).execute();
        // Every real device has at least its registration in its history (GetDevice returns it).
        await trx.insertInto("device_history").values(rows.map((r) => ({ device_id: r.id, height: 1, idx: 0, kind: "registered", owner: r.owner, location: "" }))).execute();
      }
    });
  }
  const insertSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

  const grpc = await startGrpcServer({ host: "127.0.0.1", port: 0, queries: new IndexerQueries(store.db), ingester, metrics: new IndexerMetrics() });
  const echo = await startEcho();
  const indexerAddress = `127.0.0.1:${grpc.port}`;
  const runs = [];
  for (const concurrency of CONCURRENCIES) {
    const echoResult = await runLoad(echo.address, "echo", concurrency);
    const getDevice = await runLoad(indexerAddress, "getDevice", concurrency);
    const listDevices = await runLoad(indexerAddress, "listDevices", concurrency);
    const ratio = (r: Record<string, number | string>) => +(Number(r.rps) / Number(echoResult.rps)).toFixed(2);
    runs.push({ concurrency, echo: echoResult, getDevice: { ...getDevice, ratioToEcho: ratio(getDevice) }, listDevices: { ...listDevices, ratioToEcho: ratio(listDevices) } });
  }
  await echo.stop();
  await grpc.stop();
  await ingester.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  console.log(
    JSON.stringify({
      bench: "indexer-query-latency",
      store: store.dialect,
      devices: DEVICES,
      insertRowsPerSecond: Math.round(DEVICES / insertSeconds),
      // The last level listed is the headline (default 16 in flight); all levels are in `runs`.
      ...runs[runs.length - 1],
      runs: runs.length > 1 ? runs : undefined,
      goal: { getDeviceRatioToEcho: 0.8, p99Ms: 5 },
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
