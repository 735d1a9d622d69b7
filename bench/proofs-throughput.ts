/**
 * Proofs verified and committed per second, with batches of 100 proofs per tx, beside the raw
 * node:crypto ed25519 verifications per second of one core measured in the same run.
 *
 * In-process: the real app (createApp, parallel signature pre-verification on) driven through ABCI
 * by TestChain, like a node whose mempool receives txs (CheckTx) while it executes the previous
 * block. Proofs are signed before the clock starts. Prints JSON.
 *
 *   npx tsx bench/proofs-throughput.ts [devices=1000] [blocks=20] [txsPerBlock=10] [warmupBlocks=0] [blocksAhead=1]
 *
 * blocksAhead: how many blocks' worth of txs are on their way to the mempool while a block
 * executes: 1 (the default) sends the next block's txs as this one starts; 2 also sends the one
 * after (a mempool that holds more than a block, as on a saturated node).
 *
 * The timed chain is new, but the process is not: BENCH_JIT_WARMUP_BLOCKS (default 20) blocks of
 * the same load first run on a throwaway chain of other devices (other keys), so V8 has compiled the
 * proof path, as in a node past its first seconds. Those blocks are timed too and printed as
 * `coldProcess`; BENCH_JIT_WARMUP_BLOCKS=0 measures a cold process only, as every run before
 * 2026-11-29 (evening) did. In a cold process V8's helper threads spend ~25 µs more CPU per proof
 * (compiling), while the main thread and the signature worker spend the same: bench/README.md.
 *
 * warmupBlocks > 0 runs that many blocks of the same load on the timed chain before the clock
 * starts: its devices' outcome histories and caches fill, as on a chain that has been running.
 *
 * The app's state is file-backed in a temporary directory, as on a node (the store's latest-state
 * table then has its own thread); BENCH_APP_STORE=memory runs it in memory, as every run before
 * 2026-11-27 did (a few % faster: no file I/O, no latest-state thread).
 *
 * BENCH_CPU_PROFILE=/tmp/x.cpuprofile writes a CPU profile of the main thread covering only the
 * timed region (not device registration or proof signing). BENCH_HEAP_PROFILE=/tmp/x.heapprofile
 * writes a sampling allocation profile of the same region that includes objects already collected
 * (what the main thread allocates per proof, i.e. what feeds the garbage collector).
 */
import { availableParallelism, tmpdir } from "node:os";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Session } from "node:inspector";

/**
 * Starts the V8 CPU profiler (BENCH_CPU_PROFILE) and/or the sampling allocation profiler
 * (BENCH_HEAP_PROFILE); the returned function stops them and writes the files.
 */
async function startProfile(): Promise<() => Promise<void>> {
  const cpuPath = process.env.BENCH_CPU_PROFILE;
  const heapPath = process.env.BENCH_HEAP_PROFILE;
  if (!cpuPath && !heapPath) return async () => undefined;
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
  if (cpuPath) {
    await post("Profiler.enable");
    await post("Profiler.setSamplingInterval", { interval: 200 });
    await post("Profiler.start");
  }
  if (heapPath) {
    await post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }
  return async () => {
    if (cpuPath) writeFileSync(cpuPath, JSON.stringify((await post("Profiler.stop")).profile));
    if (heapPath) writeFileSync(heapPath, JSON.stringify((await post("HeapProfiler.stopSampling")).profile));
    session.disconnect();
  };
}
import { AppTestKit } from "../modules/plugin/test-kit";
import { energyMeter } from "../plugins/energy-meter";
import { runWithChainNodeFlags } from "./lib/chain-node-flags";
import { ed25519VerifiesPerSecond } from "./lib/raw-crypto";
import { mainThreadCpuSeconds, processCpuSeconds, busiestOtherThreadUtilization, threadCpuSecondsOf, threadCpuSplit } from "./lib/thread-cpu";

async function main(): Promise<void> {
  runWithChainNodeFlags();
  const devices = Number(process.argv[2] ?? 1000);
  const blocks = Number(process.argv[3] ?? 20);
  const txsPerBlock = Number(process.argv[4] ?? 10);
  const warmupBlocks = Number(process.argv[5] ?? 0);
  const blocksAhead = Number(process.argv[6] ?? 1);
  if (!Number.isInteger(blocksAhead) || blocksAhead < 1) throw new Error("blocksAhead must be a whole number >= 1");
  const batch = 100;
  const inMemory = process.env.BENCH_APP_STORE === "memory";
  const jitWarmupBlocks = Number(process.env.BENCH_JIT_WARMUP_BLOCKS ?? 20);
  if (!Number.isInteger(jitWarmupBlocks) || jitWarmupBlocks < 0) throw new Error("BENCH_JIT_WARMUP_BLOCKS must be a whole number >= 0");
  // The same load on a throwaway chain of other devices first, timed as the cold process's figure.
  let coldProcess: { blocks: number; committedProofsPerSecond: number; rawEd25519VerifiesPerSecondOneCore: number; ratio: number } | undefined;
  if (jitWarmupBlocks > 0) {
    const throwaway = await openWorld({ devices, blocks: 0, txsPerBlock, warmupBlocks: jitWarmupBlocks, inMemory, namespace: "jit-warm-up" });
    try {
      const raw = ed25519VerifiesPerSecond(1500);
      const started = process.hrtime.bigint();
      await runBlocks(throwaway.kit, throwaway.blockTxs, blocksAhead);
      const perSecond = (jitWarmupBlocks * throwaway.perBlock) / (Number(process.hrtime.bigint() - started) / 1e9);
      const rawAfter = ed25519VerifiesPerSecond(1500);
      coldProcess = {
        blocks: jitWarmupBlocks,
        committedProofsPerSecond: Math.round(perSecond),
        rawEd25519VerifiesPerSecondOneCore: Math.round((raw + rawAfter) / 2),
        ratio: Number((perSecond / ((raw + rawAfter) / 2)).toFixed(3)),
      };
    } finally {
      await throwaway.close();
    }
  }
  const world = await openWorld({ devices, blocks, txsPerBlock, warmupBlocks, inMemory });
  const { kit, blockTxs, perBlock, firstHeight } = world;
  try {
    if (warmupBlocks > 0) await runBlocks(kit, blockTxs.slice(0, warmupBlocks), blocksAhead);

    // The raw rate is measured just before and just after the timed region: on a shared host it
    // moves by tens of percent within minutes, and the mean of both is fairer than either.
    const rawBefore = ed25519VerifiesPerSecond(1500);
    const stopProfile = await startProfile();
    const eluStart = performance.eventLoopUtilization();
    const cpuStart = mainThreadCpuSeconds();
    const processCpuStart = processCpuSeconds();
    const threadsStart = threadCpuSecondsOf();
    const started = process.hrtime.bigint();
    const accepted = await runBlocks(kit, blockTxs.slice(warmupBlocks), blocksAhead);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const elu = performance.eventLoopUtilization(eluStart);
    const cpuEnd = mainThreadCpuSeconds();
    const proofs = blocks * perBlock;
    const processCpuMicrosPerProof = ((processCpuSeconds() - processCpuStart) * 1e6) / proofs;
    const threads = threadCpuSplit(process.pid, threadsStart, threadCpuSecondsOf(), proofs);
    // With --expose-gc, a full collection first: the heap the node keeps, not its garbage.
    (globalThis as { gc?: () => void }).gc?.();
    const heapUsedMB = process.memoryUsage().heapUsed / 1e6;
    await stopProfile();
    const committedPerSecond = proofs / seconds;
    const rawAfter = ed25519VerifiesPerSecond(1500);
    const raw = (rawBefore + rawAfter) / 2;
    const cores = availableParallelism();
    // With every core busy the CPU the process spends per proof bounds the rate: cores / that.
    const cpuBoundPerSecond = (cores * 1e6) / processCpuMicrosPerProof;
    console.log(
      JSON.stringify(
        {
          bench: "proofs-throughput",
          mode: "in-process TestChain (real app through ABCI; CheckTx with worker pre-verification, then FinalizeBlock + Commit)",
          appStore: inMemory ? "memory" : "file",
          devices,
          blocks,
          warmupBlocks,
          blocksAhead,
          txsPerBlock,
          proofsPerTx: batch,
          proofs,
          accepted,
          firstHeight: Number(firstHeight),
          seconds: Number(seconds.toFixed(3)),
          committedProofsPerSecond: Math.round(committedPerSecond),
          rawEd25519VerifiesPerSecondOneCore: Math.round(raw),
          rawEd25519BeforeAndAfter: [rawBefore, rawAfter],
          ratio: Number((committedPerSecond / raw).toFixed(3)),
          // Share of one core the signature worker used (see busiestOtherThreadUtilization).
          signatureWorkerUtilization: busiestOtherThreadUtilization(committedPerSecond, threads),
          // The main thread's busy time (event loop not idle) per proof.
          mainThreadBusyMicrosPerProof: Number(((elu.active * 1000) / proofs).toFixed(1)),
          mainThreadUtilization: Number(elu.utilization.toFixed(3)),
          // Its CPU time per proof (Linux): without the time spent waiting for a core.
          mainThreadCpuMicrosPerProof: cpuStart === undefined || cpuEnd === undefined ? null : Number((((cpuEnd - cpuStart) * 1e6) / proofs).toFixed(1)),
          // All threads (the signature worker, V8's GC and compiler threads, the main thread).
          processCpuMicrosPerProof: Number(processCpuMicrosPerProof.toFixed(1)),
          // The same split by thread (Linux, 10 ms ticks): main thread, the signature worker (the
          // busiest other thread), and the rest (V8's GC and compiler helpers); beside them one
          // raw verification's CPU, which the worker cannot go below.
          threadCpuMicrosPerProof: threads === undefined ? null : { main: threads.mainMicros, signatureWorker: threads.busiestOtherMicros[0] ?? 0, gcAndOtherHelpers: threads.restMicros, oneRawVerify: Math.round(1e6 / raw) },
          cores,
          cpuBoundProofsPerSecond: Math.round(cpuBoundPerSecond),
          cpuBoundRatio: Number((cpuBoundPerSecond / raw).toFixed(3)),
          // V8 heap in use right after the timed blocks (run with --expose-gc to leave garbage out).
          heapUsedMB: Math.round(heapUsedMB),
          goal: 0.8,
          // The same blocks as the process's first work, before V8 had compiled the proof path
          // (jitWarmupBlocks = 0: the figures above are that cold process's).
          jitWarmupBlocks,
          coldProcess: coldProcess ?? null,
        },
        null,
        2,
      ),
    );
  } finally {
    await world.close();
  }
}

interface World {
  readonly kit: AppTestKit;
  /** Every block's pre-signed txs, warm-up blocks first. */
  readonly blockTxs: Uint8Array[][];
  readonly perBlock: number;
  readonly firstHeight: bigint;
  close(): Promise<void>;
}

/** A chain with `devices` energy meters and every block's txs signed ahead (block b: txsPerBlock txs of 100 proofs). */
async function openWorld(options: { devices: number; blocks: number; txsPerBlock: number; warmupBlocks: number; inMemory: boolean; namespace?: string }): Promise<World> {
  const { devices, blocks, txsPerBlock, warmupBlocks } = options;
  const batch = 100;
  const home = options.inMemory ? undefined : mkdtempSync(join(tmpdir(), "proofs-bench-"));
  const kit = await AppTestKit.start({
    plugins: [energyMeter],
    networkTypes: [{ plugin: "energy-meter", params: { minIntervalSeconds: 0, maxClockSkewSeconds: 30 } }],
    depin: { proofs: { maxBatchSize: batch }, rewards: { epochLengthBlocks: 1000 } },
    owners: txsPerBlock,
    namespace: options.namespace,
    home: home === undefined ? undefined : join(home, "app"),
  });
  const close = async () => {
    await kit.close();
    if (home !== undefined) rmSync(home, { recursive: true, force: true });
  };
  try {
    const meters = [];
    for (let i = 0; i < devices; i += 200) {
      meters.push(...(await kit.registerDevices(Array.from({ length: Math.min(200, devices - i) }, () => ({ networkType: "energy-meter", metadata: { ratedPowerW: 1_000_000 } })))));
    }
    const perBlock = txsPerBlock * batch;
    if (perBlock > meters.length) throw new Error("need at least txsPerBlock*100 devices (one proof per device per block)");
    const firstHeight = kit.height + 1n + BigInt(warmupBlocks);
    const blockTxs: Uint8Array[][] = [];
    for (let b = 0; b < warmupBlocks + blocks; b++) {
      const timeMs = kit.nextBlockTimeMs + BigInt(b) * 1000n;
      const txs: Uint8Array[] = [];
      for (let t = 0; t < txsPerBlock; t++) {
        const proofs = [];
        for (let p = 0; p < batch; p++) {
          const device = meters[(t * batch + p + b * perBlock) % meters.length];
          proofs.push(kit.signProof({ device, payload: { counterWh: (b + 1) * 10, readAt: Number(timeMs / 1000n) }, timestampMs: timeMs }));
        }
        txs.push(await kit.signTx([kit.submitMsg(proofs, t)], t));
        kit.sequences[t]++;
      }
      blockTxs.push(txs);
    }
    return { kit, blockTxs, perBlock, firstHeight, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Mempool pipeline: the next blocksAhead blocks' txs are checked (signatures on the worker) while
 * this one executes. Returns the number of accepted proofs.
 */
async function runBlocks(kit: AppTestKit, list: Uint8Array[][], blocksAhead: number): Promise<number> {
  const checkBlock = (b: number) => Promise.all(list[b].map((tx) => kit.chain.checkTx(tx)));
  const checking = list.slice(0, blocksAhead).map((_, b) => checkBlock(b));
  let acceptedProofs = 0;
  for (let b = 0; b < list.length; b++) {
    const checks = await checking[b];
    if (checks.some((c) => c.code !== 0)) throw new Error(`CheckTx failed: ${checks.find((c) => c.code !== 0)!.log}`);
    if (b + blocksAhead < list.length) checking.push(checkBlock(b + blocksAhead));
    const block = await kit.chain.deliver(list[b]);
    for (const r of block.txResults) {
      if (r.code !== 0) throw new Error(`tx failed: ${r.log}`);
      acceptedProofs += r.events.filter((e) => e.type === "depin.proofs.v1.EventProofAccepted").length;
    }
  }
  return acceptedProofs;
}

void main();
