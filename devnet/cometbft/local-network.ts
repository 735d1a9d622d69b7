/**
 * A CometBFT devnet as local processes: N app processes + N cometbft processes on loopback.
 * `LocalNetwork.start` generates the node homes on first use (or with `reset`), otherwise resumes
 * the chain in `root`. Tests drive single nodes through killNode/startNode/killApp/...
 *
 * Layout: <root>/network.json (what was generated), <root>/node<i>/{config,data} (CometBFT home),
 * <root>/node<i>/app (app state), <root>/node<i>/{app,cometbft}.log.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import type { NetworkConfig } from "../../modules/app/network-config";
import { genesisInitialHeight, type GenesisDoc } from "../engine/genesis";
import type { ConsensusTimeouts } from "./config-toml";
import { generateNetwork, loopbackEndpoints, loopbackPorts, writeNodeHome, type FundedAccount } from "./network";
import { keyFromSeed, nodeId, type NodeKeyFile } from "./node-keys";
import { killProcess, startAppProcess, startCometbftProcess, stopProcess, type ManagedProcess } from "./processes";
import { tryHeight, waitUntil } from "./rpc-client";

function logTail(path: string, lines = 8): string {
  if (!existsSync(path)) return "(no log)";
  return readFileSync(path, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

export class NetworkMismatchError extends Error {
  override readonly name = "NetworkMismatchError";
}

/** Same chain-id, initial height and app state (the rest of a generated genesis is the network's own). */
function sameGenesisState(stored: GenesisDoc, given: GenesisDoc): boolean {
  return stored.chain_id === given.chain_id && stored.initial_height === String(genesisInitialHeight(given)) && isDeepStrictEqual(stored.app_state, given.app_state);
}

export interface LocalNetworkOptions {
  readonly config: NetworkConfig;
  /** Path of the config file, handed to the app processes (they build the app from it). */
  readonly configPath: string;
  /** Signature worker threads of each app process (default 1). */
  readonly signatureWorkers?: number;
  readonly root: string;
  readonly validators: number;
  /** Node i uses base+10i+6 (p2p), +7 (RPC), +8 (app). Default 26650. */
  readonly basePort?: number;
  readonly reset?: boolean;
  readonly chainId?: string;
  readonly accounts?: number;
  readonly balance?: string;
  readonly mnemonics?: readonly string[];
  /** Start from this genesis (see NetworkSpec.genesis); only read when the network is created. */
  readonly genesis?: GenesisDoc;
  readonly timeouts?: ConsensusTimeouts;
  /** Wait for this height on every node before resolving (default 1). */
  readonly waitHeight?: number;
  readonly log?: (line: string) => void;
}

export interface LocalNode {
  readonly index: number;
  readonly moniker: string;
  readonly nodeId: string;
  readonly validatorAddress: string;
  readonly home: string;
  readonly appHome: string;
  readonly rpcUrl: string;
  readonly abciAddress: string;
  readonly p2pPort: number;
}

interface Manifest {
  readonly validators: number;
  readonly basePort: number;
  readonly chainId: string;
  readonly accounts: readonly FundedAccount[];
  readonly denom: string;
}

interface Running {
  app?: ManagedProcess;
  comet?: ManagedProcess;
}

export class LocalNetwork {
  private readonly running: Running[];

  private constructor(
    private readonly options: LocalNetworkOptions,
    readonly root: string,
    readonly nodes: readonly LocalNode[],
    readonly chainId: string,
    readonly denom: string,
    readonly accounts: readonly FundedAccount[],
    /** False when an existing chain was resumed. */
    readonly created: boolean,
  ) {
    this.running = nodes.map(() => ({}));
  }

  static async start(options: LocalNetworkOptions): Promise<LocalNetwork> {
    const network = LocalNetwork.prepare(options);
    await network.launch();
    return network;
  }

  /** Starts every app, then every cometbft; resolves at `waitHeight` on all nodes. Stops all on failure. */
  async launch(): Promise<void> {
    try {
      for (const node of this.nodes) await this.startApp(node.index);
      for (const node of this.nodes) this.startCometbft(node.index);
      const exited = this.nodes.map((node) =>
        this.cometbftExited(node.index).then((code) => {
          throw new Error(`node${node.index}: cometbft exited (${code}) during start-up; last log lines:\n${logTail(join(node.home, "cometbft.log"))}`);
        }),
      );
      await Promise.race([this.waitForHeight(this.options.waitHeight ?? 1, undefined, 60_000), ...exited]);
      exited.forEach((p) => p.catch(() => undefined));
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Lays out (or checks) the homes without starting anything. */
  static prepare(options: LocalNetworkOptions): LocalNetwork {
    const root = resolve(options.root);
    const basePort = options.basePort ?? 26650;
    const manifestPath = join(root, "network.json");
    if (options.reset) rmSync(root, { recursive: true, force: true });
    let manifest: Manifest;
    let created = false;
    if (existsSync(manifestPath)) {
      manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
      if (manifest.validators !== options.validators || manifest.basePort !== basePort) {
        throw new NetworkMismatchError(
          `${root} holds a ${manifest.validators}-validator network on base port ${manifest.basePort}; ` +
            `asked for ${options.validators} on ${basePort}. Use --reset to start over, or another --home.`,
        );
      }
      if (options.genesis && !sameGenesisState(JSON.parse(readFileSync(join(root, "node0", "config", "genesis.json"), "utf8")) as GenesisDoc, options.genesis)) {
        throw new NetworkMismatchError(`${root} holds a network started from another genesis than the one given with --genesis. Use --reset to start over from it, or another --home.`);
      }
    } else {
      const generated = generateNetwork({
        config: options.config,
        validators: options.validators,
        endpoints: loopbackEndpoints(basePort),
        chainId: options.chainId,
        accounts: options.accounts,
        balance: options.balance,
        mnemonics: options.mnemonics,
        genesis: options.genesis,
        timeouts: options.timeouts,
      });
      mkdirSync(root, { recursive: true });
      generated.nodes.forEach((node) => writeNodeHome(join(root, node.moniker), node));
      manifest = { validators: options.validators, basePort, chainId: generated.chainId, accounts: generated.accounts, denom: generated.denom };
      writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
      created = true;
    }
    const nodes = Array.from({ length: manifest.validators }, (_, i): LocalNode => {
      const home = join(root, `node${i}`);
      const ports = loopbackPorts(basePort, i);
      const key = JSON.parse(readFileSync(join(home, "config", "priv_validator_key.json"), "utf8")) as { address: string };
      const nodeKey = JSON.parse(readFileSync(join(home, "config", "node_key.json"), "utf8")) as NodeKeyFile;
      return {
        index: i,
        moniker: `node${i}`,
        nodeId: nodeId(keyFromSeed(Buffer.from(nodeKey.priv_key.value, "base64").subarray(0, 32))),
        validatorAddress: key.address,
        home,
        appHome: join(home, "app"),
        rpcUrl: `http://127.0.0.1:${ports.rpc}`,
        abciAddress: `tcp://127.0.0.1:${ports.abci}`,
        p2pPort: ports.p2p,
      };
    });
    return new LocalNetwork(options, root, nodes, manifest.chainId, manifest.denom, manifest.accounts, created);
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  async startApp(i: number): Promise<void> {
    const node = this.nodes[i];
    this.running[i].app = await startAppProcess({ home: node.appHome, address: node.abciAddress, configPath: this.options.configPath, signatureWorkers: this.options.signatureWorkers, logFile: join(node.home, "app.log") });
    this.log(`node${i}: app process ${this.running[i].app!.child.pid} listening on ${node.abciAddress}`);
  }

  startCometbft(i: number): void {
    const node = this.nodes[i];
    this.running[i].comet = startCometbftProcess({ home: node.home, logFile: join(node.home, "cometbft.log") });
    this.log(`node${i}: cometbft ${this.running[i].comet!.child.pid}, RPC ${node.rpcUrl}`);
  }

  /** App first: CometBFT exits at once if its app is not listening. */
  async startNode(i: number): Promise<void> {
    if (!this.appRunning(i)) await this.startApp(i);
    if (!this.cometbftRunning(i)) this.startCometbft(i);
  }

  appRunning(i: number): boolean {
    const p = this.running[i].app;
    return !!p && !p.isExited();
  }

  cometbftRunning(i: number): boolean {
    const p = this.running[i].comet;
    return !!p && !p.isExited();
  }

  /** SIGKILL both processes of validator i (a machine crash). */
  async killNode(i: number): Promise<void> {
    await killProcess(this.running[i].comet);
    await killProcess(this.running[i].app);
  }

  async killCometbft(i: number): Promise<void> {
    await killProcess(this.running[i].comet);
  }

  async killApp(i: number): Promise<void> {
    await killProcess(this.running[i].app);
  }

  /** Resolves with the exit code or signal once cometbft of node i has exited. */
  cometbftExited(i: number): Promise<number | string> {
    return this.running[i].comet?.exited ?? Promise.resolve("not started");
  }

  async stopNode(i: number): Promise<void> {
    // CometBFT first, so it does not see its app vanish mid-block.
    await stopProcess(this.running[i].comet);
    await stopProcess(this.running[i].app);
  }

  async height(i: number): Promise<number | undefined> {
    return tryHeight(this.nodes[i].rpcUrl);
  }

  /** Waits until every listed node (default: all) reports at least `height`. */
  async waitForHeight(height: number, indices: readonly number[] = this.nodes.map((n) => n.index), timeoutMs = 30_000): Promise<void> {
    await waitUntil(
      `height ${height} on nodes ${indices.join(",")}`,
      async () => {
        for (const i of indices) {
          const h = await this.height(i);
          if (h === undefined || h < height) return false;
        }
        return true;
      },
      timeoutMs,
    );
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => stopProcess(this.running[node.index].comet)));
    await Promise.all(this.nodes.map((node) => stopProcess(this.running[node.index].app)));
  }
}
