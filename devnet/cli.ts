/**
 * `npm run devnet`: a local single-validator Fieldnet chain with a CometBFT-compatible RPC, in the
 * spirit of Anvil / `ignite chain serve`. See devnet/README.md for flags and behaviour.
 */
import { Command, Option } from "commander";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { NetworkConfig } from "../modules/app/network-config";
import { startDevnet, type RunningDevnet } from "./devnet";
import { readGenesisFile, writeGenesisFile } from "./genesis-file";
import { toHex } from "./engine/encoding";
import { nonNegativeInt, positiveInt } from "./int-flags";

export interface CliOptions {
  home: string;
  reset?: boolean;
  blockTime: string;
  port: string;
  host: string;
  accounts?: string;
  balance?: string;
  mnemonic: string[];
  config: string;
  chainId?: string;
  app: string;
  quiet?: boolean;
  json?: boolean;
  engine: "embedded" | "cometbft";
  validators: string;
  basePort: string;
  indexer: boolean;
  indexerPort: string;
  explorer: boolean;
  explorerPort: string;
  maxRequestBatchSize: string;
  signatureWorkers: string;
  genesis?: string;
  export?: string;
}

/** "1s", "500ms", "1.5s", "250" (ms) or "0" (automine). */
export function parseBlockTime(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim());
  if (!m) throw new Error(`--block-time: expected milliseconds, "500ms", "1s" or 0, got "${text}"`);
  const ms = m[2] === "s" ? Number(m[1]) * 1000 : Number(m[1]);
  if (!Number.isInteger(ms)) throw new Error(`--block-time: must be a whole number of milliseconds, got "${text}"`);
  return ms;
}

export function loadConfig(path: string): NetworkConfig {
  const full = resolve(path);
  if (!existsSync(full)) throw new Error(`config file not found: ${full} (pass --config <path>)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(full) as { default?: NetworkConfig } & NetworkConfig;
  const config = mod.default ?? mod;
  if (!config || typeof config.chainId !== "string" || !config.devAccounts) {
    throw new Error(`${full} must export (default) a network config made with defineNetwork({...})`);
  }
  return config;
}

function printBanner(d: RunningDevnet): void {
  const lines = [
    "",
    "Fieldnet devnet",
    "===============",
    "",
    `Chain ID        ${d.chainId}`,
    `RPC             ${d.rpcUrl}`,
    `WebSocket       ${d.wsUrl}`,
    `Block time      ${d.blockTimeMs === 0 ? "automine (a block per batch of txs)" : `${d.blockTimeMs} ms`}`,
    `App             ${d.appName}`,
    `Home            ${d.home}`,
    `Validator       ${d.validatorAddress}`,
    "",
    "Available Accounts",
    "==================",
    ...d.accounts.map((a, i) => `(${i}) ${a.address} (${a.balance} ${d.denom})`),
    "",
    "Mnemonics",
    "==================",
    ...d.accounts.map((a, i) => `(${i}) ${a.mnemonic}`),
    "",
    `Listening on ${d.rpcUrl}`,
    "",
  ];
  process.stdout.write(lines.join("\n") + "\n");
}

async function exportToFile(config: NetworkConfig, home: string, engine: CliOptions["engine"], app: string, file: string, quiet?: boolean): Promise<void> {
  // Loaded only here: a normal start never pays for them.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const doc =
    engine === "cometbft"
      ? await (require("./cometbft/network-export") as typeof import("./cometbft/network-export")).exportCometbftNetworkState({ config, root: home })
      : await (require("./state-export") as typeof import("./state-export")).exportDevnetState({ config, home, app });
  /* eslint-enable @typescript-eslint/no-require-imports */
  writeGenesisFile(doc, file);
  if (file !== "-" && !quiet) {
    process.stdout.write(`Exported ${resolve(home)} (chain ${doc.chain_id}, up to height ${Number(doc.initial_height) - 1}) to ${resolve(file)}\n`);
    process.stdout.write(`Start a new devnet from it: npm run devnet -- --genesis ${file} --home <new home>\n`);
  }
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command()
    .name("devnet")
    .description("Run a local single-validator Fieldnet chain with a CometBFT-compatible RPC")
    .option("--home <dir>", "data directory", ".data/devnet")
    .option("--reset", "wipe the data directory before starting")
    .option("-b, --block-time <time>", "time between blocks: ms, 500ms, 1s; 0 = automine", "1s")
    .option("-p, --port <port>", "RPC port (0 = any free port)", "26657")
    .option("--host <host>", "RPC listen address", "127.0.0.1")
    .option("--max-request-batch-size <n>", "max calls per JSON-RPC batch, as CometBFT's rpc.max_request_batch_size (0 = no limit)", "10")
    .option("--signature-workers <n>", "threads that check tx, proof and receipt signatures ahead of CheckTx", "1")
    .option("-a, --accounts <n>", "number of dev accounts (default from config)")
    .option("--balance <amount>", "balance of each dev account, in the base denom (default from config)")
    .option("-m, --mnemonic <words>", "dev account mnemonic (repeatable; replaces the generated ones)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("-c, --config <path>", "network config file", "fieldnet.config.ts")
    .option("--chain-id <id>", "override the config's chain-id")
    .option("--genesis <file>", "start a new chain from this genesis file (e.g. an --export) instead of the config's genesis")
    .option("--export <file>", "write the stopped devnet's state at its last height as a genesis file (- = stdout), then exit")
    .addOption(new Option("--app <name>", "application to run").choices(["fieldnet", "kv"]).default("fieldnet"))
    .option("-q, --quiet", "print nothing but errors")
    .option("--json", "print one JSON line on stdout when ready (for scripts and tests)")
    .option("--no-indexer", "do not start the gRPC indexer alongside the chain")
    .option("--indexer-port <port>", "indexer gRPC port (0 = any free port)", "9090")
    .option("--explorer-port <port>", "network explorer web page, served by the indexer (0 = any free port)", "8080")
    .option("--no-explorer", "do not serve the explorer page")
    .addOption(new Option("--engine <engine>", "consensus: the embedded single-process engine, or real CometBFT processes").choices(["embedded", "cometbft"]).default("embedded"))
    .option("--validators <n>", "number of validators (--engine cometbft)", "1")
    .option("--base-port <port>", "--engine cometbft: node i uses base+10i+6 p2p, +7 RPC, +8 app", "26650")
    .allowExcessArguments(false);
  program.parse([...argv]);
  const opts = program.opts<CliOptions>();

  const config = loadConfig(opts.config);
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: invalid port "${opts.port}"`);
  const accounts = opts.accounts === undefined ? undefined : Number(opts.accounts);
  if (accounts !== undefined && (!Number.isInteger(accounts) || accounts < 0)) throw new Error(`--accounts: invalid count "${opts.accounts}"`);
  const log = (line: string) => {
    if (!opts.quiet && !opts.json) process.stdout.write(line + "\n");
  };

  if (opts.genesis && opts.balance !== undefined) throw new Error("--balance cannot be combined with --genesis: balances come from the genesis file");
  const genesis = opts.genesis ? readGenesisFile(resolve(opts.genesis)) : undefined;
  // --engine cometbft has its own default home: the layout differs from the embedded engine's.
  const home = opts.engine === "cometbft" && program.getOptionValueSource("home") === "default" ? ".data/devnet-cometbft" : opts.home;
  if (opts.export) {
    await exportToFile(config, home, opts.engine, opts.app, opts.export, opts.quiet);
    return;
  }

  if (opts.engine === "cometbft") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runCometbftDevnet } = require("./cometbft/cli") as typeof import("./cometbft/cli");
    const validators = Number(opts.validators);
    const basePort = Number(opts.basePort);
    if (!Number.isInteger(validators) || validators < 1) throw new Error(`--validators: invalid count "${opts.validators}"`);
    if (!Number.isInteger(basePort) || basePort < 1 || basePort > 65000) throw new Error(`--base-port: invalid port "${opts.basePort}"`);
    await runCometbftDevnet({
      config,
      configPath: resolve(opts.config),
      home,
      validators,
      basePort,
      reset: opts.reset,
      chainId: opts.chainId,
      accounts,
      balance: opts.balance,
      mnemonics: opts.mnemonic,
      genesis,
      json: opts.json,
      quiet: opts.quiet,
      signatureWorkers: positiveInt("--signature-workers", opts.signatureWorkers),
    });
    return;
  }

  let devnet: RunningDevnet | undefined;
  let indexer: { stop(): Promise<void> } | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("\nShutting down...");
    await indexer?.stop().catch(() => undefined);
    await devnet?.stop();
    process.exit(code);
  };
  // Installed before anything starts, so a signal at any moment takes the clean path.
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  devnet = await startDevnet({
    config,
    home: opts.home,
    reset: opts.reset,
    blockTimeMs: parseBlockTime(opts.blockTime),
    host: opts.host,
    port,
    app: opts.app,
    chainId: opts.chainId,
    accounts,
    balance: opts.balance,
    mnemonics: opts.mnemonic,
    genesis,
    maxRequestBatchSize: nonNegativeInt("--max-request-batch-size", opts.maxRequestBatchSize),
    signatureWorkers: positiveInt("--signature-workers", opts.signatureWorkers),
    onFatal: (error) => {
      process.stderr.write(`devnet halted: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      void shutdown(1);
    },
  });

  const firstBlockMs = Math.round(performance.now());
  if (opts.json) {
    process.stdout.write(
      JSON.stringify({
        event: "ready",
        chainId: devnet.chainId,
        rpcUrl: devnet.rpcUrl,
        wsUrl: devnet.wsUrl,
        home: devnet.home,
        app: devnet.appName,
        blockTimeMs: devnet.blockTimeMs,
        height: devnet.engine.height,
        pid: process.pid,
        readyMs: firstBlockMs,
        accounts: devnet.accounts,
      }) + "\n",
    );
  } else if (!opts.quiet) {
    printBanner(devnet);
    log(`First block after ${firstBlockMs} ms (height ${devnet.engine.height})`);
  }
  if (opts.indexer) {
    // After the first block, so the indexer never delays the chain's start-up.
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startIndexer, ExplorerServerError } = require("../indexer/indexer") as typeof import("../indexer/indexer");
      // The explorer's production build (vite, ~2 s) is made here when missing or stale.
      let explorerDir: string | undefined;
      if (opts.explorer) {
        try {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          explorerDir = (require("../explorer/build") as typeof import("../explorer/build")).ensureExplorerBuilt();
        } catch (error) {
          log(`explorer not served: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      const start = (withExplorer: boolean) =>
        startIndexer({
          rpcUrl: devnet!.rpcUrl,
          db: join(devnet!.home, "indexer", "index.db"),
          grpcHost: opts.host,
          grpcPort: Number(opts.indexerPort),
          explorerPort: withExplorer && explorerDir ? Number(opts.explorerPort) : null,
          explorerDir,
          denom: devnet!.denom,
          logger: { info: () => undefined, warn: (m: string) => log(`indexer: ${m}`) },
        });
      // A taken explorer port costs the page, not the indexer.
      const running = await start(true).catch((error: unknown) => {
        if (!(error instanceof ExplorerServerError)) throw error;
        log(`explorer not served: ${error.message}`);
        return start(false);
      });
      indexer = running;
      if (opts.json) process.stdout.write(JSON.stringify({ event: "indexer", grpcAddress: running.grpcAddress, explorerUrl: running.explorerUrl ?? null }) + "\n");
      else if (!opts.quiet) {
        log(`Indexer gRPC on ${running.grpcAddress} (try: grpcurl -plaintext ${running.grpcAddress} list)`);
        if (running.explorerUrl) log(`Explorer on ${running.explorerUrl}`);
      }
    } catch (error) {
      log(`indexer not started: ${error instanceof Error ? error.message : String(error)} (the chain keeps running; --no-indexer silences this)`);
    }
  }

  devnet.engine.onBlock(({ block, results, txHashes }) => {
    if (block.block.data.txs.length === 0) return;
    log(`Block #${block.height} ${toHex(block.blockId.hash).slice(0, 16)}… ${block.block.data.txs.length} tx`);
    txHashes.forEach((h, i) => {
      const r = results.txResults[i];
      log(`    Tx ${toHex(h)} ${r.code === 0 ? "ok" : `failed code=${r.code} codespace=${r.codespace} ${r.log}`} gas=${r.gasUsed}`);
    });
  });

}

if (require.main === module) {
  main(process.argv).catch((error: unknown) => {
    process.stderr.write(`devnet: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
