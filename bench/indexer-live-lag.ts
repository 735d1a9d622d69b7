/**
 * Indexer live lag behind the chain head while the chain runs at its maximum proof rate. The
 * devnet (embedded engine) and the indexer (SQLite) run as separate processes, as
 * `npm run indexer -- --rpc URL` would; this process floods the devnet with pre-signed 100-proof
 * MsgSubmitProofs txs (retrying when the mempool is full, so the chain stays saturated) and polls
 * both every 20 ms: lag(h) = time the indexer first reports height h indexed - time the RPC first
 * reports height h committed. Goal: under one block. Prints one JSON object.
 *
 *   npx tsx bench/indexer-live-lag.ts [--devices 1000] [--rounds 30] [--block-time 1s]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import config from "../fieldnet.config";
import { spawnDevnet, rpcCall } from "../devnet/testing/spawn";
import { SigningFieldnetClient } from "../chain-client/signing-client";
import { broadcastSync } from "../chain-client/broadcast";
import { msgs } from "../chain-client/messages";
import { registerFleet, nextProof } from "../chain-client/simulate/fleet";
import { connectIndexer } from "../indexer/testing/client";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const percentile = (sorted: readonly number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);

/** The indexer CLI as its own process; resolves with its gRPC address from the JSON ready line. */
function spawnIndexer(rpcUrl: string, db: string): Promise<{ grpc: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "..", "indexer", "cli.ts"), "--rpc", rpcUrl, "--db", db, "--grpc-port", "0", "--no-metrics", "--no-explorer", "--json"], { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  let out = "";
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf("\n");
      if (nl >= 0) resolve({ grpc: (JSON.parse(out.slice(0, nl)) as { grpc: string }).grpc, stop: async () => void (child.kill("SIGTERM"), await exited) });
    });
    void exited.then(() => reject(new Error(`indexer exited before ready: ${err}`)));
  });
}

async function main(): Promise<void> {
  const devices = Number(arg("devices", "1000"));
  const rounds = Number(arg("rounds", "30"));
  const blockTime = arg("block-time", "1s");
  const home = mkdtempSync(join(tmpdir(), "fieldnet-bench-lag-"));
  const devnet = await spawnDevnet(["--home", join(home, "chain"), "--reset", "--port", "0", "--block-time", blockTime, "--quiet"]);
  const { banner } = devnet;
  const indexer = await spawnIndexer(banner.rpcUrl, join(home, "index.db"));
  const api = connectIndexer(indexer.grpc);
  const wallet = async (i: number) => DirectSecp256k1HdWallet.fromMnemonic(banner.accounts[i].mnemonic, { prefix: config.bech32Prefix });
  const owner = await SigningFieldnetClient.connectWithSigner(banner.rpcUrl, await wallet(1));
  const submitter = await SigningFieldnetClient.connectWithSigner(banner.rpcUrl, await wallet(2));
  try {
    const fleet = await registerFleet(owner, { type: "energy-meter", devices, readingsPerDevice: rounds, perTx: 100 });
    const { accountNumber, sequence } = await submitter.getSequence(submitter.sender);
    const txs: Uint8Array[] = [];
    for (let r = 0; r < rounds; r++) {
      const proofs = fleet.map((d) => nextProof(d, banner.chainId));
      for (let i = 0; i < proofs.length; i += 100) {
        const gas = 5_000_000;
        const signed = await submitter.sign(submitter.sender, [msgs.submitProofs(submitter.sender, proofs.slice(i, i + 100))], { amount: [{ denom: "ufield", amount: String(Math.ceil(gas * 0.025)) }], gas: String(gas) }, "", {
          accountNumber,
          sequence: sequence + txs.length,
          chainId: banner.chainId,
        });
        txs.push(TxRaw.encode(signed).finish());
      }
    }

    // A saturated devnet can drop a status connection now and then: ask again rather than abort.
    const chainHeight = async (): Promise<number> => {
      for (let attempt = 0; ; attempt++) {
        try {
          return Number((await rpcCall(banner.rpcUrl, "status")).result.sync_info.latest_block_height);
        } catch (error) {
          if (attempt >= 20) throw error;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    // The indexer first catches up with the registrations, then the clock starts.
    for (let h = await chainHeight(); (await api.getStatus({})).indexedHeight < BigInt(h); ) await new Promise((r) => setTimeout(r, 50));

    const committedAt = new Map<number, number>();
    const indexedAt = new Map<number, number>();
    let maxBehind = 0;
    let sampling = true;
    const sampler = (async () => {
      let lastChain = 0;
      let lastIndexed = 0;
      while (sampling) {
        const [c, s] = await Promise.all([chainHeight(), api.getStatus({})]);
        const now = performance.now();
        const i = Number(s.indexedHeight);
        for (let h = lastChain + 1; h <= c; h++) committedAt.set(h, now);
        for (let h = lastIndexed + 1; h <= i; h++) indexedAt.set(h, now);
        lastChain = Math.max(lastChain, c);
        lastIndexed = Math.max(lastIndexed, i);
        maxBehind = Math.max(maxBehind, lastChain - lastIndexed);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    const firstHeight = (await chainHeight()) + 1;
    const t0 = performance.now();
    let lastHash = "";
    for (const tx of txs) {
      for (;;) {
        const r = await broadcastSync(banner.rpcUrl, tx);
        if (r.code === 0) {
          lastHash = r.hash;
          break;
        }
        await new Promise((res) => setTimeout(res, 20)); // mempool full: the chain is saturated
      }
    }
    let lastTx = await submitter.getTx(lastHash);
    while (!lastTx) {
      await new Promise((res) => setTimeout(res, 50));
      lastTx = await submitter.getTx(lastHash);
    }
    const seconds = (performance.now() - t0) / 1000;
    const lastHeight = lastTx.height;
    while (!indexedAt.has(lastHeight)) await new Promise((r) => setTimeout(r, 50));
    sampling = false;
    await sampler;

    const lags: number[] = [];
    for (let h = firstHeight; h <= lastHeight; h++) {
      const c = committedAt.get(h);
      const i = indexedAt.get(h);
      if (c !== undefined && i !== undefined) lags.push(i - c);
    }
    lags.sort((a, b) => a - b);
    const blockTimeMs = banner.blockTimeMs;
    const proofs = devices * rounds;
    process.stdout.write(
      JSON.stringify(
        {
          benchmark: "indexer-live-lag",
          setup: "embedded devnet and indexer (SQLite) as separate processes, load from a third; all on this machine",
          blockTimeMs,
          load: { proofs, txs: txs.length, seconds: Number(seconds.toFixed(2)), proofsPerSecond: Math.round(proofs / seconds), blocks: lastHeight - firstHeight + 1 },
          lagMs: { p50: Math.round(percentile(lags, 50)), p99: Math.round(percentile(lags, 99)), max: Math.round(lags[lags.length - 1] ?? 0), samples: lags.length, pollIntervalMs: 20 },
          maxBlocksBehind: maxBehind,
          goal: `lag under one block (${blockTimeMs} ms)`,
          met: (lags[lags.length - 1] ?? 0) < blockTimeMs,
        },
        null,
        2,
      ) + "\n",
    );
  } finally {
    api.close();
    owner.disconnect();
    submitter.disconnect();
    await indexer.stop();
    devnet.child.kill("SIGTERM");
    await devnet.exited;
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`indexer-live-lag: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
