/**
 * End-to-end committed MsgSend txs per second through the devnet's RPC, from concurrent senders,
 * with all txs signed before the clock starts; beside it, node:crypto secp256k1 verifications per
 * second on one core of this machine, and the ratio. Also: time from process start to the first
 * block. Prints one JSON object.
 *
 *   npx tsx bench/tx-throughput.ts [--accounts 100] [--txs-per-account 120] [--block-time 1s] [--batch 1] [--warmup 40]
 *
 * Each account is one sender with one request in flight (its txs carry consecutive sequences), so
 * the number of accounts is the load's concurrency: 40 senders left the pipeline short of work
 * (1,170–1,330 tx/s where 100 gave 1,420–1,490 on the same code and host).
 * --warmup N: each account first sends N txs that are committed before the clock starts (JIT
 * compilation and caches then fall outside the measurement, as for a node that has been running).
 * The default was 10 until 2026-11-29: 1,000 txs (under a second) left V8 compiling through the
 * timed load, its helper threads at 113–124 µs of CPU per tx against 75–77 with 40 (three
 * alternating pairs); the tx rate moved less than the noise (bench/README.md, twenty-eighth stop).
 * `--accounts 40 --txs-per-account 75 --warmup 0` is the cold-start measurement of earlier stops.
 */
import { accountFromMnemonic } from "../modules/app/testing/test-accounts";
import config from "../fieldnet.config";
import { FastSigner } from "./lib/fast-signer";
import { secp256k1VerifiesPerSecond } from "./lib/raw-crypto";
import { rpcCall, startBenchDevnet } from "./lib/devnet-process";
import { prepareSenders, sendAll } from "./lib/broadcast-senders";
import { processCpuSeconds, processCpuSecondsOf, busiestOtherThreadUtilization, threadCpuSecondsOf, threadCpuSplit } from "./lib/thread-cpu";
import { availableParallelism } from "node:os";

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

async function main(): Promise<void> {
  const accounts = Number(arg("accounts", "100"));
  const perAccount = Number(arg("txs-per-account", "120"));
  const blockTime = arg("block-time", "1s");
  // Txs per HTTP request: 1 = one broadcast_tx_sync per request; N > 1 = JSON-RPC batches of N.
  const batch = Number(arg("batch", "1"));
  const warmup = Number(arg("warmup", "40"));

  // Measured before the devnet starts and again once the load is done, and averaged: on a shared host
  // the raw rate moves by tens of percent within minutes.
  const rawBefore = secp256k1VerifiesPerSecond();

  const started = Date.now();
  // Batches above 10 need the devnet's limit raised, as CometBFT's rpc.max_request_batch_size would.
  const batchLimit = batch > 10 ? ["--max-request-batch-size", String(batch)] : [];
  const bench = await startBenchDevnet(["--accounts", String(accounts), "--block-time", blockTime, "--quiet", ...batchLimit]);
  const { banner } = bench.devnet;
  const readyMs = Date.now() - started;
  try {
    const recipient = banner.accounts[0].address;
    const signers = await Promise.all(
      banner.accounts.map(async (account) => FastSigner.fromPrivkey((await accountFromMnemonic(account.mnemonic, config.bech32Prefix)).privkey)),
    );
    // Account numbers follow genesis order.
    const load: string[][] = banner.accounts.map((account, index) => {
      const txs: string[] = [];
      for (let sequence = 0; sequence < warmup + perAccount; sequence++) {
        const tx = signers[index].signTx(
          [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: account.address, toAddress: recipient, amount: [{ denom: config.denom, amount: "1" }] } }],
          { chainId: banner.chainId, accountNumber: index, sequence, fee: { amount: [{ denom: config.denom, amount: "2500" }], gas: 100_000 } },
        );
        txs.push(Buffer.from(tx).toString("base64"));
      }
      return txs;
    });
    const total = accounts * perAccount;
    if (warmup > 0) {
      await sendAll(await prepareSenders(() => banner.rpcUrl, load.map((txs) => txs.slice(0, warmup)), batch));
      await waitForEmptyMempool(banner.rpcUrl);
    }
    // Connected after the warm-up, so no connection sits idle long enough for the server to close it.
    const senders = await prepareSenders(() => banner.rpcUrl, load.map((txs) => txs.slice(warmup)), batch);
    const startHeight = Number((await rpcCall(banner.rpcUrl, "status")).result.sync_info.latest_block_height);

    const devnetCpuStart = processCpuSecondsOf(banner.pid);
    const devnetThreadsStart = threadCpuSecondsOf(banner.pid);
    const clientCpuStart = processCpuSeconds();
    const t0 = process.hrtime.bigint();
    const rejected = await sendAll(senders);
    const sentSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    // Wait until the mempool is drained and every accepted tx is in a block. Blocks are counted from
    // their headers (`blockchain`'s num_txs) inside the clock; each tx's result code is read after it
    // stops, so the polling itself does not load the devnet with block_results' large answers.
    let included = 0;
    let height = startHeight;
    for (;;) {
      const pending = Number((await rpcCall(banner.rpcUrl, "num_unconfirmed_txs")).result.total);
      const latest = Number((await rpcCall(banner.rpcUrl, "status")).result.sync_info.latest_block_height);
      for (; height < latest; height++) {
        const metas = (await rpcCall(banner.rpcUrl, "blockchain", { minHeight: String(height + 1), maxHeight: String(height + 1) })).result.block_metas;
        included += Number(metas[0].num_txs);
      }
      if (pending === 0 && included >= total - rejected) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const devnetCpuEnd = processCpuSecondsOf(banner.pid);
    const devnetThreadsEnd = threadCpuSecondsOf(banner.pid);
    const clientCpuEnd = processCpuSeconds();
    // The tx index is written on its own thread behind the blocks (derived data, as CometBFT's
    // indexer): how far behind it was when the load ended, i.e. work left for after the clock.
    const indexStart = process.hrtime.bigint();
    await rpcCall(banner.rpcUrl, "tx_search", { query: `tx.height=${height}`, per_page: "1" });
    const indexCatchUpMs = Math.round(Number(process.hrtime.bigint() - indexStart) / 1e6);
    let committed = 0;
    for (let h = startHeight + 1; h <= height; h++) {
      const results = (await rpcCall(banner.rpcUrl, "block_results", { height: String(h) })).result;
      committed += (results.txs_results ?? []).filter((r: { code: number }) => r.code === 0).length;
    }
    const tps = committed / seconds;
    // CPU spent per committed tx by the devnet (all its threads) and by this process (the
    // senders' HTTP, the polling above): with every core busy, cores / their sum bounds the rate.
    const devnetThreads = threadCpuSplit(banner.pid, devnetThreadsStart, devnetThreadsEnd, committed, 2);
    const devnetCpuMicrosPerTx = devnetCpuStart === undefined || devnetCpuEnd === undefined ? undefined : ((devnetCpuEnd - devnetCpuStart) * 1e6) / committed;
    const clientCpuMicrosPerTx = ((clientCpuEnd - clientCpuStart) * 1e6) / committed;
    const rawAfter = secp256k1VerifiesPerSecond();
    const rawVerifies = Math.round((rawBefore + rawAfter) / 2);
    const cores = availableParallelism();
    const cpuBound = devnetCpuMicrosPerTx === undefined ? undefined : (cores * 1e6) / (devnetCpuMicrosPerTx + clientCpuMicrosPerTx);
    console.log(
      JSON.stringify(
        {
          benchmark: "tx-throughput",
          engine: "embedded",
          blockTime,
          senders: accounts,
          txsPerHttpRequest: batch,
          warmupTxs: accounts * warmup,
          txs: total,
          rejectedAtCheckTx: rejected,
          committed,
          blocks: height - startHeight,
          sendSeconds: Number(sentSeconds.toFixed(3)),
          seconds: Number(seconds.toFixed(3)),
          committedTxPerSecond: Math.round(tps),
          rawSecp256k1VerifiesPerSecondOneCore: rawVerifies,
          rawSecp256k1BeforeAndAfter: [rawBefore, rawAfter],
          ratio: Number((tps / rawVerifies).toFixed(3)),
          goalRatio: 0.7,
          devnetCpuMicrosPerTx: devnetCpuMicrosPerTx === undefined ? null : Math.round(devnetCpuMicrosPerTx),
          // The devnet's CPU per tx by thread (Linux, 10 ms ticks): main thread, its two busiest
          // other threads (the tx signature worker and the tx-index worker), the rest (V8's GC and
          // compiler helpers); beside them one raw verification's CPU.
          devnetThreadCpuMicrosPerTx:
            devnetThreads === undefined
              ? null
              : { main: devnetThreads.mainMicros, busiestOthers: devnetThreads.busiestOtherMicros, rest: devnetThreads.restMicros, oneRawVerify: Math.round(1e6 / rawVerifies) },
          // Share of one core the signature worker used (see busiestOtherThreadUtilization).
          signatureWorkerUtilization: busiestOtherThreadUtilization(tps, devnetThreads),
          clientCpuMicrosPerTx: Math.round(clientCpuMicrosPerTx),
          cores,
          cpuBoundTxPerSecond: cpuBound === undefined ? null : Math.round(cpuBound),
          cpuBoundRatio: cpuBound === undefined ? null : Number((cpuBound / rawVerifies).toFixed(3)),
          indexCatchUpMs,
          devnetReadyMs: readyMs,
          devnetReadyMsReportedByDevnet: banner.readyMs,
        },
        null,
        2,
      ),
    );
  } finally {
    await bench.stop();
  }
}

/** Waits until the mempool is empty: the devnet's mempool keeps a tx until the block holding it is committed. */
async function waitForEmptyMempool(rpcUrl: string): Promise<void> {
  while (Number((await rpcCall(rpcUrl, "num_unconfirmed_txs")).result.total) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
