/**
 * `startDevnet`: the programmatic entry point (the CLI is a thin shell around it). Lays out the
 * home directory, derives dev accounts, writes or checks the genesis, runs the engine handshake,
 * starts the RPC server and produces the first block before resolving.
 *
 * Home layout: genesis.json, priv_validator_key.json, node_key.json, blockstore.db (SQLite, WAL),
 * app/ (the application's own state), devnet.pid (guards against two devnets on one home).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { AbciApplication } from "../modules/app/abci";
import type { NetworkConfig } from "../modules/app/network-config";
import { devAccounts, type DevAccount } from "./accounts";
import { APPS, type AppFactory } from "./app-factory";
import { Engine } from "./engine/engine";
import { DevnetError } from "./engine/errors";
import { buildGenesisDoc, chainParamsOf, genesisInitialHeight, loadOrWriteGenesis, type GenesisDoc } from "./engine/genesis";
import { genesisBalanceOf, loadedGenesis, markLoadedGenesis } from "./genesis-file";
import type { MempoolOptions } from "./engine/mempool";
import { loadOrCreateNodeId, loadOrCreateValidatorKey } from "./engine/validator-key";
import { toHex } from "./engine/encoding";
import { RpcServer } from "./rpc/server";
import { BlockStore } from "./store/block-store";
import { acquireLock, checkLock, releaseLock } from "./home-lock";

export { HomeLockedError } from "./home-lock";

export interface DevnetOptions {
  readonly config: NetworkConfig;
  /** Data directory (created if missing). */
  readonly home: string;
  /** Wipe the home directory first. */
  readonly reset?: boolean;
  /** Milliseconds between blocks; 0 = automine. Default 1000. */
  readonly blockTimeMs?: number;
  readonly host?: string;
  /** RPC port; 0 picks a free one. Default 26657. */
  readonly port?: number;
  /** "fieldnet" (default), "kv" (the test stub) or a custom factory. */
  readonly app?: string | AppFactory;
  /** Overrides of config.chainId / config.devAccounts. */
  readonly chainId?: string;
  readonly accounts?: number;
  readonly balance?: string;
  readonly mnemonics?: readonly string[];
  /**
   * A genesis to start from instead of one built from the config (`--genesis`, e.g. a devnet's
   * `--export`): its app state, chain-id and initial height are used; this home's validator signs.
   */
  readonly genesis?: GenesisDoc;
  readonly mempool?: Partial<MempoolOptions>;
  readonly maxBlockBytes?: number;
  readonly maxBlockGas?: number;
  readonly broadcastCommitTimeoutMs?: number;
  /** Max calls per JSON-RPC batch (CometBFT's rpc.max_request_batch_size; default 10, 0 = no limit). */
  readonly maxRequestBatchSize?: number;
  /** Threads that check signatures ahead of CheckTx (default 1; see CreateAppOptions.signatureWorkers). */
  readonly signatureWorkers?: number;
  /** Called if block production fails; the devnet has halted. */
  readonly onFatal?: (error: unknown) => void;
}

export interface RunningDevnetAccount extends DevAccount {
  readonly balance: string;
}

export interface RunningDevnet {
  readonly rpcUrl: string;
  readonly wsUrl: string;
  readonly chainId: string;
  readonly home: string;
  readonly appName: string;
  readonly blockTimeMs: number;
  readonly denom: string;
  readonly nodeId: string;
  readonly validatorAddress: string;
  readonly accounts: readonly RunningDevnetAccount[];
  readonly engine: Engine;
  stop(): Promise<void>;
}

export function resolveApp(app: DevnetOptions["app"]): AppFactory {
  if (app === undefined) return APPS.fieldnet;
  if (typeof app !== "string") return app;
  const factory = APPS[app];
  if (!factory) throw new DevnetError(`unknown app "${app}" (known: ${Object.keys(APPS).join(", ")})`);
  return factory;
}

export async function startDevnet(options: DevnetOptions): Promise<RunningDevnet> {
  const home = resolve(options.home);
  // Never wipe a home another devnet is running on.
  if (options.reset && existsSync(home)) {
    checkLock(home);
    rmSync(home, { recursive: true, force: true });
  }
  mkdirSync(home, { recursive: true });
  acquireLock(home);
  const cleanups: (() => Promise<void> | void)[] = [() => releaseLock(home)];
  const runCleanups = async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch {
        // Best effort: keep releasing the rest.
      }
    }
  };
  try {
    const factory = resolveApp(options.app);
    const base = options.config;
    if (options.genesis && options.balance !== undefined) throw new DevnetError("--balance cannot be combined with --genesis: balances come from the genesis file");
    const fromFile = options.genesis ?? loadedGenesis(home);
    const chainId = options.chainId ?? fromFile?.chain_id ?? base.chainId;
    const balance = options.balance ?? base.devAccounts.balance;
    if (!/^\d+$/.test(balance)) throw new DevnetError(`balance must be an integer amount of ${base.denom}, got "${balance}"`);
    const mnemonics = options.mnemonics?.length ? options.mnemonics : base.devAccounts.mnemonics;
    const count = options.accounts ?? base.devAccounts.count;
    const config: NetworkConfig = { ...base, chainId, devAccounts: { count, balance, mnemonics } };
    const accounts = devAccounts(config.bech32Prefix, count, mnemonics).map((a) => ({ ...a, balance: fromFile ? genesisBalanceOf(fromFile, a.address, base.denom) : balance }));
    // The genesis builder adds config.genesisAccounts itself.
    const genesisAccounts = accounts.map((a) => ({ address: a.address, amount: balance }));

    const validatorKey = loadOrCreateValidatorKey(home);
    const nodeId = loadOrCreateNodeId(home);
    const expected = buildGenesisDoc({
      chainId,
      appState: fromFile ? fromFile.app_state : factory.genesisAppState(config, genesisAccounts),
      validatorKey,
      maxBlockBytes: options.maxBlockBytes ?? (fromFile ? Number(fromFile.consensus_params.block.max_bytes) : undefined),
      maxBlockGas: options.maxBlockGas ?? (fromFile ? Number(fromFile.consensus_params.block.max_gas) : undefined),
      initialHeight: fromFile ? genesisInitialHeight(fromFile) : undefined,
    });
    const genesis = loadOrWriteGenesis(home, expected);
    if (options.genesis) markLoadedGenesis(home);

    const store = BlockStore.open(join(home, "blockstore.db"));
    cleanups.push(() => store.close());
    const appHome = join(home, "app");
    mkdirSync(appHome, { recursive: true });
    const app: AbciApplication = factory.create(config, appHome, { signatureWorkers: options.signatureWorkers });
    cleanups.push(() => app.close());

    const blockTimeMs = options.blockTimeMs ?? 1000;
    let fatal: ((e: unknown) => void) | undefined;
    const engine = await Engine.create({
      app,
      store,
      genesis,
      chain: chainParamsOf(genesis, validatorKey),
      blockTimeMs,
      mempool: options.mempool,
      onFatal: (e) => (fatal ?? options.onFatal ?? (() => undefined))(e),
    });
    cleanups.push(() => engine.stop());

    const host = options.host ?? "127.0.0.1";
    const rpc = await RpcServer.listen(
      {
        engine,
        store,
        nodeId,
        moniker: "fieldnet-devnet",
        rpcAddress: `tcp://${host}:${options.port ?? 26657}`,
        broadcastCommitTimeoutMs: options.broadcastCommitTimeoutMs ?? 10_000,
      },
      { host, port: options.port ?? 26657, maxRequestBatchSize: options.maxRequestBatchSize },
    );
    cleanups.push(() => rpc.close());

    const firstBlock = new Promise<void>((resolveFirst, rejectFirst) => {
      if (engine.hasBlocks) return resolveFirst();
      const off = engine.onBlock(() => {
        off();
        resolveFirst();
      });
      fatal = (e) => {
        rejectFirst(e);
        options.onFatal?.(e);
      };
    });
    engine.start();
    await firstBlock;

    const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
    let stopped: Promise<void> | undefined;
    return {
      rpcUrl: `http://${urlHost}:${rpc.port}`,
      wsUrl: `ws://${urlHost}:${rpc.port}/websocket`,
      chainId,
      home,
      appName: factory.name,
      blockTimeMs,
      denom: config.denom,
      nodeId,
      validatorAddress: toHex(validatorKey.address),
      accounts,
      engine,
      stop: () => (stopped ??= runCleanups()),
    };
  } catch (error) {
    await runCleanups();
    throw error;
  }
}
