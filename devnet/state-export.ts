/**
 * `npm run devnet -- --export <file>`: the state of a stopped devnet home at its last committed
 * height, as a genesis file a new devnet starts from (`--genesis <file>`), as the Cosmos SDK's
 * `export` command and Anvil's `--dump-state` / `--load-state` do. The file's initial_height is
 * the last height + 1, so the new chain carries on with the same heights (epochs, challenge
 * deadlines and every other height in the state stay meaningful), and its auth section keeps account
 * numbers and sequences, so the old chain's txs cannot be replayed on the new one.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { AbciApplication } from "../modules/app/abci";
import type { NetworkConfig } from "../modules/app/network-config";
import type { AppFactory } from "./app-factory";
import { resolveApp } from "./devnet";
import { DevnetError } from "./engine/errors";
import { chainParamsOf, genesisPath, type GenesisDoc } from "./engine/genesis";
import { handshake } from "./engine/handshake";
import { toRfc3339Nano } from "./engine/encoding";
import { loadOrCreateValidatorKey } from "./engine/validator-key";
import { acquireLock, releaseLock } from "./home-lock";
import { BlockStore } from "./store/block-store";

export interface ExportOptions {
  readonly config: NetworkConfig;
  /** A devnet home; the devnet must be stopped (the export takes the home's lock). */
  readonly home: string;
  readonly app?: string | AppFactory;
}

/**
 * `genesis` carried on after `height`: the next height is the new chain's first, its clock starts at
 * the last block's time (`lastBlockTime`, RFC 3339), and `appState` is the state at `height`.
 */
export function genesisAfter(genesis: GenesisDoc, height: number, lastBlockTime: string, appState: Record<string, unknown>): GenesisDoc {
  return { ...genesis, genesis_time: lastBlockTime, initial_height: String(height + 1), app_hash: "", app_state: appState };
}

export async function exportDevnetState(options: ExportOptions): Promise<GenesisDoc> {
  const home = resolve(options.home);
  if (!existsSync(genesisPath(home))) throw new DevnetError(`${home} holds no devnet (no genesis.json): nothing to export`);
  acquireLock(home);
  let store: BlockStore | undefined;
  let app: AbciApplication | undefined;
  try {
    const genesis = JSON.parse(readFileSync(genesisPath(home), "utf8")) as GenesisDoc;
    store = BlockStore.open(join(home, "blockstore.db"));
    const appHome = join(home, "app");
    mkdirSync(appHome, { recursive: true });
    const factory = resolveApp(options.app);
    app = factory.create({ ...options.config, chainId: genesis.chain_id }, appHome);
    if (!app.exportGenesis) throw new DevnetError(`the "${factory.name}" app cannot export its state`);
    // As a start would: replay what the block store holds beyond the app (a crash before Commit).
    await handshake({
      app,
      store,
      genesis,
      chain: chainParamsOf(genesis, loadOrCreateValidatorKey(home)),
    });
    const height = store.height();
    if (height === 0) return genesis;
    const last = store.getBlock(height);
    if (!last) throw new DevnetError(`the block store has no block at its height ${height}`);
    return genesisAfter(genesis, height, toRfc3339Nano(last.block.header.time!), app.exportGenesis());
  } finally {
    await app?.close();
    await store?.close();
    releaseLock(home);
  }
}
