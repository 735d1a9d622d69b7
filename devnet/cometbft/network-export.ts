/**
 * `npm run devnet -- --engine cometbft --export <file>`: a stopped CometBFT devnet's state as a
 * genesis file, as `--export` gives an embedded devnet's (../state-export.ts). The state is node0's
 * app at its last committed height; every validator's app holds the same state at a height, and
 * a network stopped cleanly stops its apps after the last block they committed. The file's
 * initial_height is that height + 1 and its genesis_time that block's time, so the chain carries
 * on with the same heights, balances and account sequences on any engine (`--genesis <file>`).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Command } from "commander";
import { createApp } from "../../modules/app/app";
import type { NetworkConfig } from "../../modules/app/network-config";
import { DevnetError } from "../engine/errors";
import { timestampFromMillis, toRfc3339Nano } from "../engine/encoding";
import type { GenesisDoc } from "../engine/genesis";
import { acquireLock, releaseLock } from "../home-lock";
import { genesisAfter } from "../state-export";
import { loadConfig } from "../cli";

export interface NetworkExportOptions {
  readonly config: NetworkConfig;
  /** The network's home (`--home` of `--engine cometbft`): node0/config/genesis.json and node0/app. */
  readonly root: string;
}

export async function exportCometbftNetworkState(options: NetworkExportOptions): Promise<GenesisDoc> {
  const node0 = join(resolve(options.root), "node0");
  return exportAppState({ config: options.config, genesisFile: join(node0, "config", "genesis.json"), appHome: join(node0, "app") });
}

export interface AppStateExportOptions {
  readonly config: NetworkConfig;
  /** The network's genesis.json (any validator's: they share it). */
  readonly genesisFile: string;
  /** A validator's app home (app-process.ts --home). */
  readonly appHome: string;
}

/** One validator app's state at its last committed height, as a genesis that carries the chain on. */
export async function exportAppState(options: AppStateExportOptions): Promise<GenesisDoc> {
  const { genesisFile, appHome } = options;
  if (!existsSync(genesisFile) || !existsSync(join(appHome, "application.db"))) {
    throw new DevnetError(`no CometBFT devnet that has run here (${genesisFile} or ${join(appHome, "application.db")} is missing): nothing to export`);
  }
  const genesis = JSON.parse(readFileSync(genesisFile, "utf8")) as GenesisDoc;
  // Held by the app process while it runs (app-process.ts): refused until the network stops.
  acquireLock(appHome);
  const app = createApp({ ...options.config, chainId: genesis.chain_id }, { home: appHome });
  try {
    const height = Number(app.store.lastCommit.height);
    if (height === 0) return genesis;
    return genesisAfter(genesis, height, toRfc3339Nano(timestampFromMillis(Number(app.checkContext().header.timeMs))), app.exportGenesis());
  } finally {
    await app.close();
    releaseLock(appHome);
  }
}

/**
 * `node --require ./scripts/ts-loader.cjs devnet/cometbft/network-export.ts --genesis <file> --app-home <dir>`
 * prints the export on stdout: how the Docker devnet's export runs inside the app image, next to
 * a validator's volume (docker-compose.ts --export).
 */
export async function main(argv: readonly string[]): Promise<void> {
  const opts = new Command()
    .name("network-export")
    .requiredOption("--genesis <file>", "the network's genesis.json")
    .requiredOption("--app-home <dir>", "a stopped validator app's home")
    .option("-c, --config <path>", "network config file", "fieldnet.config.ts")
    .allowExcessArguments(false)
    .parse([...argv])
    .opts<{ genesis: string; appHome: string; config: string }>();
  const doc = await exportAppState({ config: loadConfig(opts.config), genesisFile: opts.genesis, appHome: opts.appHome });
  process.stdout.write(JSON.stringify(doc, null, 2) + "\n");
}

if (require.main === module) {
  main(process.argv).catch((error: unknown) => {
    process.stderr.write(`network-export: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
