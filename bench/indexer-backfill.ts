/**
 * Indexer backfill throughput on the store: blocks of realistic DePIN events (the chain's typed
 * event shapes: registrations, accepted/rejected proofs, settlements, epoch closes, transfers and
 * the SDK plumbing events every tx carries) served from memory, so the figure is decode + apply +
 * commit, not the RPC. Prints JSON.
 * Run: npx tsx bench/indexer-backfill.ts [--blocks=400] [--proofs=500] [--db=path|postgres://...]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RawBlock, RawEvent } from "../indexer/ingest/block";
import { Ingester } from "../indexer/ingest/ingester";
import type { BlockSource } from "../indexer/ingest/source";
import { openStore } from "../indexer/store/open";

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const BLOCKS = Number(args.blocks ?? 400);
const PROOFS = Number(args.proofs ?? 500);
const DEVICES = 2000;
const hex = (n: number, len = 40) => n.toString(16).padStart(len, "0");
const ev = (type: string, attrs: Record<string, unknown>, raw = false): RawEvent => ({ type, attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: raw ? String(v) : JSON.stringify(v) })) });
const owner = (i: number) => `depin1${hex(i % 50, 38)}`;

function makeBlock(h: number): RawBlock {
  const txEvents: RawEvent[] = [
    ev("tx", { fee: "1250000ufield", fee_payer: owner(0) }, true),
    ev("coin_spent", { spender: owner(0), amount: "1250000ufield" }, true),
    ev("coin_received", { receiver: "depin1fee", amount: "1250000ufield" }, true),
    ev("transfer", { recipient: "depin1fee", sender: owner(0), amount: "1250000ufield" }, true),
    ev("message", { action: "/depin.proofs.v1.MsgSubmitProofs", sender: owner(0), module: "proofs" }, true),
  ];
  if (h === 1) {
    for (let d = 0; d < DEVICES; d++) txEvents.push(ev("depin.registry.v1.EventDeviceRegistered", { device_id: hex(d), owner: owner(d), network_type: "energy-meter", key_type: "KEY_TYPE_ED25519", location: "8c1f1d48945d9ff", fee: { denom: "ufield", amount: "1000" }, fee_destination: "FEE_DESTINATION_BURN" }));
  } else {
    for (let p = 0; p < PROOFS; p++) {
      const d = (h * PROOFS + p) % DEVICES;
      if (p % 10 === 9) txEvents.push(ev("depin.proofs.v1.EventProofRejected", { device_id: hex(d), sequence: String(h), network_type: "energy-meter", reason: "INTERVAL_TOO_SHORT", detail: "12s since last reading < 300s" }));
      else txEvents.push(ev("depin.proofs.v1.EventProofAccepted", { device_id: hex(d), sequence: String(h), network_type: "energy-meter", units: "1500", quality: 100, epoch: String(Math.floor(h / 60)), reason: "" }));
      if (p % 5 === 0) txEvents.push(ev("depin.rewards.v1.EventRewardsSettled", { device_id: hex(d), epoch: String(Math.floor(h / 60) - 1), network_type: "energy-meter", units: "3000", amount: "12345" }));
    }
  }
  const block: RawEvent[] = h % 60 === 0
    ? [ev("depin.rewards.v1.EventEpochClosed", { summary: { epoch: String(h / 60 - 1), startHeight: String(h - 60), endHeight: String(h - 1), emission: "1000000000", carriedIn: "0", pools: [{ networkType: "energy-meter", weight: "3", pool: "1000000000", units: "9000000", devices: "2000", settledUnits: "0", settledAmount: "0" }], distributed: "1000000000", remainderCarried: "0", totalEmitted: "1000000000" } }), ev("coinbase", { minter: "depin1rewards", amount: "1000000000ufield" }, true)]
    : [];
  return { chainId: "bench-1", height: h, hash: hex(h, 64), lastBlockHash: h > 1 ? hex(h - 1, 64) : "", timeMs: 1_767_225_600_000 + h * 1000, txs: [{ hash: hex(h, 64), code: 0, events: txEvents }], finalizeBlockEvents: block };
}

async function main(): Promise<void> {
  const blocks = Array.from({ length: BLOCKS }, (_, i) => makeBlock(i + 1));
  const events = blocks.reduce((a, b) => a + b.txs[0].events.length + b.finalizeBlockEvents.length, 0);
  const dir = mkdtempSync(join(tmpdir(), "fieldnet-bench-idx-"));
  const store = await openStore(args.db ?? join(dir, "index.db"));
  const source: BlockSource = { head: async () => ({ chainId: "bench-1", height: BLOCKS }), fetch: async (h) => blocks[h - 1], close: () => undefined };
  const ingester = new Ingester({ db: store.db, source, denom: "ufield", logger: { info: () => undefined, warn: () => undefined } });
  const t0 = process.hrtime.bigint();
  await ingester.start();
  await ingester.waitForHeight(BLOCKS, 600_000);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await ingester.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ bench: "indexer-backfill", store: store.dialect, blocks: BLOCKS, events, seconds: +seconds.toFixed(2), eventsPerSecond: Math.round(events / seconds), goalEventsPerSecond: 50_000 }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
