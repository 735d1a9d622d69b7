/**
 * Committed MsgSend txs per second on Fieldnet under real CometBFT v0.38 (4 validators and 1
 * validator, local processes on loopback), beside the embedded engine's figure from the same run
 * (bench/tx-throughput.ts as a child, same senders and tx count). Same load tool as that bench:
 * every tx signed before the clock starts, concurrent senders each sending its txs in sequence
 * through broadcast_tx_sync; sender i goes to node i mod N. Prints one JSON object.
 *
 *   npx tsx bench/cometbft-throughput.ts [--accounts 40] [--txs-per-account 75] [--skip-embedded]
 *
 * The Cosmos SDK's `simd` was not attempted as an anchor (see devnet/cometbft/README.md).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import config from "../fieldnet.config";
import { accountFromMnemonic } from "../modules/app/testing/test-accounts";
import { LocalNetwork } from "../devnet/cometbft/local-network";
import { cometbftInstalled, REPO_ROOT } from "../devnet/cometbft/processes";
import { rpcCall, sleep } from "../devnet/cometbft/rpc-client";
import { FastSigner } from "./lib/fast-signer";
import { prepareSenders, sendAll } from "./lib/broadcast-senders";

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

interface RunResult {
  readonly engine: string;
  readonly validators: number;
  readonly txs: number;
  readonly rejectedAtCheckTx: number;
  readonly committed: number;
  readonly blocks: number;
  readonly seconds: number;
  readonly committedTxPerSecond: number;
}

async function runCometbft(validators: number, accounts: number, perAccount: number): Promise<RunResult> {
  const root = mkdtempSync(join(tmpdir(), `fieldnet-bench-cometbft${validators}-`));
  const basePort = 40_000 + validators * 100;
  const network = await LocalNetwork.start({ config, configPath: join(REPO_ROOT, "fieldnet.config.ts"), root, validators, basePort, accounts, waitHeight: 2 });
  try {
    const recipient = network.accounts[0].address;
    const signers = await Promise.all(network.accounts.map(async (a) => FastSigner.fromPrivkey((await accountFromMnemonic(a.mnemonic, config.bech32Prefix)).privkey)));
    const load = network.accounts.map((account, index) =>
      Array.from({ length: perAccount }, (_, sequence) =>
        Buffer.from(
          signers[index].signTx(
            [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: account.address, toAddress: recipient, amount: [{ denom: config.denom, amount: "1" }] } }],
            { chainId: network.chainId, accountNumber: index, sequence, fee: { amount: [{ denom: config.denom, amount: "2500" }], gas: 100_000 } },
          ),
        ).toString("base64"),
      ),
    );
    const total = accounts * perAccount;
    const reader = network.nodes[0].rpcUrl;
    const status = await rpcCall<{ sync_info: { latest_block_height: string } }>(reader, "status");
    const startHeight = Number(status.sync_info.latest_block_height);

    // The embedded bench's senders (sender i to node i mod N); a failed request counts as refused.
    const senders = await prepareSenders((account) => network.nodes[account % validators].rpcUrl, load);
    const t0 = process.hrtime.bigint();
    const rejected = await sendAll(senders, "count");
    let committed = 0;
    let height = startHeight;
    const deadline = Date.now() + 120_000;
    while (committed < total - rejected && Date.now() < deadline) {
      const latest = Number((await rpcCall<{ sync_info: { latest_block_height: string } }>(reader, "status")).sync_info.latest_block_height);
      for (; height < latest; height++) {
        // A node can report a height in `status` a moment before its results are readable.
        const results = await rpcCall<{ txs_results: { code: number }[] | null }>(reader, "block_results", { height: String(height + 1) }).catch(() => undefined);
        if (!results) break;
        committed += (results.txs_results ?? []).filter((r) => r.code === 0).length;
      }
      if (committed < total - rejected) await sleep(20);
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return { engine: "cometbft", validators, txs: total, rejectedAtCheckTx: rejected, committed, blocks: height - startHeight, seconds: Number(seconds.toFixed(3)), committedTxPerSecond: Math.round(committed / seconds) };
  } finally {
    await network.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

function runEmbedded(accounts: number, perAccount: number): unknown {
  try {
    const out = execFileSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "bench", "tx-throughput.ts"), "--accounts", String(accounts), "--txs-per-account", String(perAccount), "--warmup", "0"], { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 1 << 24 });
    return JSON.parse(out.slice(out.indexOf("{")));
  } catch (error) {
    return { error: `bench/tx-throughput.ts failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` };
  }
}

async function main(): Promise<void> {
  if (!cometbftInstalled()) throw new Error(".bin/cometbft is missing: run scripts/install-cometbft.sh");
  const accounts = Number(arg("accounts", "40"));
  const perAccount = Number(arg("txs-per-account", "75"));
  const four = await runCometbft(4, accounts, perAccount);
  const one = await runCometbft(1, accounts, perAccount);
  const embedded = process.argv.includes("--skip-embedded") ? "skipped" : runEmbedded(accounts, perAccount);
  console.log(
    JSON.stringify(
      {
        benchmark: "cometbft-throughput",
        cometbft: "v0.38.26",
        consensusTimeouts: "propose 500ms, prevote/precommit 200ms, commit 300ms (devnet config)",
        senders: accounts,
        txsPerSender: perAccount,
        results: [four, one],
        embedded,
        simd: "not attempted",
      },
      null,
      2,
    ),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
