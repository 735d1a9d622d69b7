/**
 * Usage receipts verified and committed per second (two signatures each: the device's ed25519 and
 * the user's secp256k1), beside the raw node:crypto verify rates of one core measured in the same
 * run, and the ratio to the raw rate of one receipt's signature pair (1 / (1/ed25519 + 1/secp256k1)).
 *
 * In-process: the real app (createApp) driven through ABCI by TestChain, as proofs-throughput
 * does: CheckTx of the next block's txs (receipt signatures verified once, on the app's signature
 * worker as each tx arrives, into the signature cache) overlaps the previous block; then
 * FinalizeBlock (plugin verifyUsage, credit debits, usage units for rewards) + Commit. Receipts are
 * signed before the clock starts.
 *
 *   npx tsx bench/usage-receipts.ts [devices=500] [blocks=10] [txsPerBlock=4] [receiptsPerTx=100]
 *
 * BENCH_CPU_PROFILE=/tmp/x.cpuprofile writes a CPU profile of the timed region.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { AppTestKit } from "../modules/plugin/test-kit";
import { PAYMENTS_OPTIONS } from "../modules/payments/fixtures";
import { buyCreditsMsg, signReceipt, submitUsageMsg } from "../modules/payments/testing";
import { ed25519VerifiesPerSecond, secp256k1VerifiesPerSecond } from "./lib/raw-crypto";
import { runWithChainNodeFlags } from "./lib/chain-node-flags";

/** BENCH_CPU_PROFILE=/tmp/x.cpuprofile: a CPU profile of the timed region only. */
async function startProfile(): Promise<() => Promise<void>> {
  const path = process.env.BENCH_CPU_PROFILE;
  if (!path) return async () => undefined;
  const session = new Session();
  session.connect();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const post = (method: string, params?: object) => new Promise<any>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
  await post("Profiler.enable");
  await post("Profiler.start");
  return async () => {
    writeFileSync(path, JSON.stringify((await post("Profiler.stop")).profile));
    session.disconnect();
  };
}

async function main(): Promise<void> {
  runWithChainNodeFlags();
  const devices = Number(process.argv[2] ?? 500);
  const blocks = Number(process.argv[3] ?? 10);
  const txsPerBlock = Number(process.argv[4] ?? 4);
  const batch = Number(process.argv[5] ?? 100);
  if (txsPerBlock * batch > devices) throw new Error("need at least txsPerBlock * receiptsPerTx devices (one receipt per device per block)");
  const kit = await AppTestKit.start({
    ...PAYMENTS_OPTIONS,
    depin: { ...PAYMENTS_OPTIONS.depin, rewards: { epochLengthBlocks: 10_000 }, payments: { ...PAYMENTS_OPTIONS.depin?.payments, maxReceiptsPerMsg: batch } },
    owners: Math.max(txsPerBlock, 2),
    namespace: "bench-usage",
  });
  try {
    const meters = [];
    for (let i = 0; i < devices; i += 200) {
      meters.push(...(await kit.registerDevices(Array.from({ length: Math.min(200, devices - i) }, () => ({ networkType: "energy-meter", metadata: { ratedPowerW: 1_000_000 } })))));
    }
    // Each submitter t is also the user of its receipts and pays with its own credits.
    for (let t = 0; t < txsPerBlock; t++) {
      const { result } = await kit.deliver([buyCreditsMsg(kit, t, 100_000_000_000n)], t);
      if (result.code !== 0) throw new Error(`buy credits: ${result.log}`);
    }
    const startMs = kit.nextBlockTimeMs - 12n * 3_600_000n;
    const blockTxs: Uint8Array[][] = [];
    for (let b = 0; b < blocks; b++) {
      const txs: Uint8Array[] = [];
      for (let t = 0; t < txsPerBlock; t++) {
        const receipts = [];
        for (let r = 0; r < batch; r++) {
          const device = meters[t * batch + r]!;
          const periodStartMs = startMs + BigInt(b) * 60_000n;
          receipts.push(await signReceipt(kit, { device, user: t, sequence: BigInt(b + 1), periodStartMs, periodEndMs: periodStartMs + 60_000n, payload: { deliveredWh: 100 } }));
        }
        txs.push(await kit.signTx([submitUsageMsg(kit, receipts, t)], t));
        kit.sequences[t]++;
      }
      blockTxs.push(txs);
    }

    const stopProfile = await startProfile();
    const started = process.hrtime.bigint();
    let checking = Promise.all(blockTxs[0]!.map((tx) => kit.chain.checkTx(tx)));
    let accepted = 0;
    for (let b = 0; b < blocks; b++) {
      const checks = await checking;
      if (checks.some((c) => c.code !== 0)) throw new Error(`CheckTx failed in block ${b}: ${checks.map((c) => c.log).join(" / ")}`);
      if (b + 1 < blocks) checking = Promise.all(blockTxs[b + 1]!.map((tx) => kit.chain.checkTx(tx)));
      const block = await kit.chain.deliver(blockTxs[b]!);
      for (const r of block.txResults) {
        if (r.code !== 0) throw new Error(`tx failed: ${r.log}`);
        accepted += r.events.filter((e) => e.type === "depin.payments.v1.EventUsageAccepted").length;
      }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await stopProfile();
    const receipts = blocks * txsPerBlock * batch;
    if (accepted !== receipts) throw new Error(`only ${accepted} of ${receipts} receipts accepted`);
    const perSecond = receipts / seconds;
    const ed = ed25519VerifiesPerSecond(1500);
    const secp = secp256k1VerifiesPerSecond(1500);
    const rawPairs = 1 / (1 / ed + 1 / secp);
    if (!kit.invariants().every((x) => x === undefined)) throw new Error(kit.invariants().join("; "));
    console.log(
      JSON.stringify(
        {
          bench: "usage-receipts",
          mode: "in-process TestChain (real app through ABCI; both receipt signatures verified on the signature worker ahead of CheckTx, into the cache; then FinalizeBlock + Commit)",
          devices,
          blocks,
          txsPerBlock,
          receiptsPerTx: batch,
          receipts,
          accepted,
          seconds: Number(seconds.toFixed(3)),
          committedReceiptsPerSecond: Math.round(perSecond),
          rawEd25519VerifiesPerSecondOneCore: ed,
          rawSecp256k1VerifiesPerSecondOneCore: secp,
          rawSignaturePairsPerSecondOneCore: Math.round(rawPairs),
          ratio: Number((perSecond / rawPairs).toFixed(3)),
        },
        null,
        2,
      ),
    );
  } finally {
    await kit.close();
  }
}

void main();
