/**
 * The explorer with 100,000 devices indexed: time to first map render in headless Chromium
 * (Debian's chromium through playwright-core) and the size of the map data, plus the indexer's
 * CellAggregates time at a few resolutions. Devices are registered through the real ingestion path
 * (typed events from an in-memory block source), clustered around 300 places, three network types,
 * 5% deactivated. Prints JSON.
 * Run: npx tsx bench/explorer.ts [--devices=100000] [--runs=3]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { latLngToCell } from "h3-js";
import type { RawBlock, RawEvent } from "../indexer/ingest/block";
import type { BlockSource } from "../indexer/ingest/source";
import { startIndexer } from "../indexer/indexer";
import { ensureExplorerBuilt } from "../explorer/build";
import { launchChromium } from "../explorer/e2e/browser";

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const DEVICES = Number(args.devices ?? 100_000);
const RUNS = Number(args.runs ?? 3);
const PER_BLOCK = 2000;
const TYPES = ["energy-meter", "energy-meter", "env-sensor", "env-sensor", "hotspot"];
const hex = (n: number, len = 40) => n.toString(16).padStart(len, "0");
const ev = (type: string, attrs: Record<string, unknown>): RawEvent => ({ type, attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: JSON.stringify(v) })) });

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeBlocks(): RawBlock[] {
  const rand = rng(42);
  const places = Array.from({ length: 300 }, () => [rand() * 120 - 55, rand() * 340 - 170] as const);
  const blocks: RawBlock[] = [];
  const regBlocks = Math.ceil(DEVICES / PER_BLOCK);
  for (let b = 0; b < regBlocks; b++) {
    const events: RawEvent[] = [];
    for (let d = b * PER_BLOCK; d < Math.min(DEVICES, (b + 1) * PER_BLOCK); d++) {
      const [lat, lng] = places[Math.floor(rand() * places.length)];
      const location = latLngToCell(lat + (rand() - 0.5) * 1.5, lng + (rand() - 0.5) * 1.5, 12);
      events.push(ev("depin.registry.v1.EventDeviceRegistered", { device_id: hex(d), owner: `depin1${hex(d % 5000, 38)}`, network_type: TYPES[d % TYPES.length], key_type: "KEY_TYPE_ED25519", location, fee: { denom: "ufield", amount: "1000" }, fee_destination: "FEE_DESTINATION_BURN" }));
      if (d % 20 === 19) events.push(ev("depin.registry.v1.EventDeviceDeactivated", { device_id: hex(d), owner: `depin1${hex(d % 5000, 38)}` }));
    }
    const h = b + 1;
    blocks.push({ chainId: "bench-explorer-1", height: h, hash: hex(h, 64), lastBlockHash: h > 1 ? hex(h - 1, 64) : "", timeMs: 1_767_225_600_000 + h * 1000, txs: [{ hash: hex(h, 64), code: 0, events }], finalizeBlockEvents: [] });
  }
  return blocks;
}

async function main(): Promise<void> {
  const dir = ensureExplorerBuilt();
  const blocks = makeBlocks();
  const tmp = mkdtempSync(join(tmpdir(), "fieldnet-bench-explorer-"));
  const source: BlockSource = { head: async () => ({ chainId: "bench-explorer-1", height: blocks.length }), fetch: async (h) => blocks[h - 1], close: () => undefined };
  const t0 = performance.now();
  const indexer = await startIndexer({ rpcUrl: "memory://", db: join(tmp, "index.db"), source, grpcPort: 0, explorerPort: 0, explorerDir: dir, logger: { info: () => undefined, warn: () => undefined } });
  await indexer.ingester.waitForHeight(blocks.length, 600_000);
  const ingestSeconds = (performance.now() - t0) / 1000;
  const url = indexer.explorerUrl!;

  // The indexer's side: CellAggregates over HTTP at a few resolutions (world, no box).
  const server: Record<string, { ms: number; status: number; cells: number; bytes: number; gzipBytes: number }> = {};
  // A regional view: 20 x 30 degrees at resolution 5 (what the page asks for at about that zoom).
  const region = { minLatE6: 35e6, maxLatE6: 55e6, minLngE6: -10e6, maxLngE6: 20e6 };
  for (const [name, body] of [...[0, 2, 4, 6].map((r) => [`res${r}`, { resolution: r }] as const), ["res5-region", { resolution: 5, bbox: region }] as const]) {
    const s = performance.now();
    const res = await fetch(`${url}depin.indexer.v1.IndexerService/CellAggregates`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const text = await res.text();
    const json = JSON.parse(text) as { cells?: unknown[]; code?: string };
    server[name] = { ms: Math.round(performance.now() - s), status: res.status, cells: json.cells?.length ?? 0, bytes: text.length, gzipBytes: gzipSync(text).length };
  }

  const browser = await launchChromium();
  const runs: Array<{ firstRenderMs: number; firstPayloadWireBytes: number; settledMs: number; firstPayloadBytes: number; settledPayloadBytes: number; cells: number; resolution: number }> = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(url);
      await page.waitForFunction("window.fieldnetExplorer && window.fieldnetExplorer.firstRenderMs() !== undefined", undefined, { timeout: 120_000 });
      const first = (await page.evaluate("({ ms: window.fieldnetExplorer.firstRenderMs(), bytes: window.fieldnetExplorer.mapBytes(), wire: performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/CellAggregates')).map((e) => e.encodedBodySize)[0] })")) as { ms: number; bytes: number; wire: number };
      await page.waitForFunction("(() => { const m = document.getElementById('map'); return m.dataset.resolution === String(window.fieldnetExplorer.viewResolution()); })()", undefined, { timeout: 120_000 });
      const settled = (await page.evaluate("({ ms: performance.now(), bytes: window.fieldnetExplorer.mapBytes(), cells: Number(document.getElementById('map').dataset.cells), res: Number(document.getElementById('map').dataset.resolution) })")) as { ms: number; bytes: number; cells: number; res: number };
      runs.push({ firstRenderMs: Math.round(first.ms), firstPayloadWireBytes: first.wire, settledMs: Math.round(settled.ms), firstPayloadBytes: first.bytes, settledPayloadBytes: settled.bytes, cells: settled.cells, resolution: settled.res });
      await page.close();
    }
  } finally {
    await browser.close();
    await indexer.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(JSON.stringify({
    bench: "explorer",
    devices: DEVICES,
    ingestSeconds: +ingestSeconds.toFixed(1),
    firstMapRenderMs: median(runs.map((r) => r.firstRenderMs)),
    firstMapPayloadBytes: runs[0].firstPayloadBytes,
    firstMapPayloadWireBytes: runs[0].firstPayloadWireBytes,
    settledMapMs: median(runs.map((r) => r.settledMs)),
    settledMapPayloadBytes: runs[0].settledPayloadBytes,
    settledCells: runs[0].cells,
    settledResolution: runs[0].resolution,
    cellAggregatesServer: server,
    runs,
  }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
