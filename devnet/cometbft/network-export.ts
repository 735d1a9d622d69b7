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
import { createApp } from "../../modules/app/app";
import type { NetworkConfig } from "../../modules/app/network-config";
import { DevnetError } from "../engine/errors";
import { timestampFromMillis, toRfc3339Nano } from "../engine/encoding";
import type { GenesisDoc } from "../engine/genesis";
import { acquireLock, releaseLock } from "../home-lock";
import { genesisAfter } from "../state-export";

export interface NetworkExportOptions {
  readonly config: NetworkConfig;
  /** The network's home (`--home` of `--engine cometbft`): node0/config/genesis.json and node0/app. */
  readonly root: string;
}

export async function exportCometbftNetworkState(options: NetworkExportOptions): Promise<GenesisDoc> {
  const node0 = join(resolve(options.root), "node0");
  const genesisFile = join(node0, "config", "genesis.json");
  const appHome = join(node0, "app");
  if (!existsSync(genesisFile) || !existsSync(join(appHome, "application.db"))) {
    throw new DevnetError(`${resolve(options.root)} holds no CometBFT devnet that has run (no node0/config/genesis.json or node0/app): nothing to export`);
  }
  // Held by node0's app process while it runs (app-process.ts): refused until the network stops.
  const genesis = JSON.parse(readFileSync(genesisFile, "utf8")) as GenesisDoc;
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
