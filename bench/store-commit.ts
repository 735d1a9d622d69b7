/**
 * Commit cost of the Merkle-committed store vs state size.
 * Run: npx tsx bench/store-commit.ts [--big=1000000] [--blocks=10] [--radix=4] [--node-cache=N] [--read-first]
 *        [--wal-autocheckpoint=PAGES] [--latest-state=thread|inline] [--back-to-back]
 * Prints JSON: median stage+commit time of a 5,000-key block with 10k vs 1M keys in state.
 * With the default `thread` layout the latest-state table is written by the store's own thread
 * after commit(): between blocks the bench waits (untimed) for that thread, as a chain's block
 * interval would, and reports the thread's apply time beside the commit; --back-to-back does not
 * wait, so a commit waits whenever the thread falls 4 heights behind (sustained rate).
 * --read-first: each block reads the keys it updates before staging (untimed), as the app's
 * keepers do (read-modify-write); by default updates are blind writes.
 * The bench runs under the chain's node flags (devnet/node-flags.ts), re-running itself with them when
 * started without, since the store runs in the chain's process.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type StoreChange, openCommitStore } from "../modules/store/commit-store";
import { runWithChainNodeFlags } from "./lib/chain-node-flags";
import { median } from "./lib/run-summary";

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v];
  }),
);
const BIG = Number(args.big ?? 1_000_000);
const BLOCKS = Number(args.blocks ?? 10);
const RADIX = Number(args.radix ?? 4) as 1 | 2 | 4;
const NODE_CACHE = args["node-cache"] === undefined ? undefined : Number(args["node-cache"]);
const READ_FIRST = "read-first" in args;
const WAL_AUTOCHECKPOINT = args["wal-autocheckpoint"] === undefined ? undefined : Number(args["wal-autocheckpoint"]);
const LATEST_STATE = (args["latest-state"] ?? "thread") as "thread" | "inline";
const BACK_TO_BACK = "back-to-back" in args;
const BLOCK_KEYS = 5_000;
const BUILD_BATCH = 10_000;

/** Deterministic pseudo-random bytes: sha256 of a label (no Math.random). */
function det(label: string, len: number): Buffer {
  const out = Buffer.allocUnsafe(len);
  for (let off = 0, i = 0; off < len; i++) off += createHash("sha256").update(`${label}/${i}`).digest().copy(out, off);
  return out;
}
const keyOf = (i: number) => det(`key${i}`, 32);
const valueOf = (i: number, h: number) => det(`val${i}@${h}`, 80);

let seed = 12345;
function rnd(): number {
  // xorshift32 for picking which keys to update.
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
}

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

function run(stateSize: number) {
  const dir = mkdtempSync(join(tmpdir(), "store-bench-"));
  const store = openCommitStore(join(dir, "state.db"), { radixBits: RADIX, nodeCacheSize: NODE_CACHE, walAutocheckpoint: WAL_AUTOCHECKPOINT,
    latestState: LATEST_STATE,
  });
  let height = 0;
  let count = 0;
  const t0 = performance.now();
  while (count < stateSize) {
    const n = Math.min(BUILD_BATCH, stateSize - count);
    const changes: StoreChange[] = [];
    for (let i = 0; i < n; i++) changes.push([keyOf(count + i), valueOf(count + i, 0)]);
    store.stage(++height, changes);
    store.commit();
    count += n;
  }
  const buildSeconds = (performance.now() - t0) / 1000;
  const times: number[] = [];
  const stageTimes: number[] = [];
  const applyTimes: number[] = [];
  store.settle();
  for (let blk = 0; blk < BLOCKS; blk++) {
    // Half updates of random existing keys, half inserts of new keys.
    const picked = new Set<number>();
    while (picked.size < BLOCK_KEYS / 2) picked.add(Math.floor(rnd() * count));
    const changes: StoreChange[] = [];
    for (const i of picked) changes.push([keyOf(i), valueOf(i, height + 1)]);
    for (let i = 0; i < BLOCK_KEYS / 2; i++) changes.push([keyOf(count + i), valueOf(count + i, height + 1)]);
    count += BLOCK_KEYS / 2;
    if (READ_FIRST) for (const i of picked) store.latest.get(keyOf(i));
    const s = performance.now();
    store.stage(++height, changes);
    const m = performance.now();
    store.commit();
    const e = performance.now();
    times.push(e - s);
    stageTimes.push(m - s);
    if (!BACK_TO_BACK) {
      store.settle();
      if (store.latestStateApplyMicros !== undefined) applyTimes.push(store.latestStateApplyMicros / 1000);
    }
  }
  const result = {
    stateKeys: stateSize,
    buildSeconds: +buildSeconds.toFixed(1),
    medianStageCommitMs: +median(times).toFixed(1),
    // Commits alternate between WAL appends and appends with a checkpoint at large states, so the
    // median of 10 blocks can land on either mode: the mean is the steadier figure.
    meanStageCommitMs: +(times.reduce((a, b) => a + b, 0) / times.length).toFixed(1),
    medianStageMs: +median(stageTimes).toFixed(1),
    // The latest-state thread's time to apply each block (off the commit path; must fit in a block interval).
    medianLatestStateApplyMs: applyTimes.length > 0 ? +median(applyTimes).toFixed(1) : undefined,
    minMs: +Math.min(...times).toFixed(1),
    maxMs: +Math.max(...times).toFixed(1),
    dbMB: +(dirBytes(dir) / 1e6).toFixed(0),
  };
  store.close();
  rmSync(dir, { recursive: true, force: true });
  return result;
}

runWithChainNodeFlags();
const small = run(10_000);
const big = run(BIG);
console.log(
  JSON.stringify(
    {
      blockKeys: BLOCK_KEYS,
      blocks: BLOCKS,
      radixBits: RADIX,
      updatesReadFirst: READ_FIRST,
      latestState: LATEST_STATE,
      backToBack: BACK_TO_BACK,
      small,
      big,
      ratio: +(big.medianStageCommitMs / small.medianStageCommitMs).toFixed(2),
      meanRatio: +(big.meanStageCommitMs / small.meanStageCommitMs).toFixed(2),
    },
    null,
    2,
  ),
);
