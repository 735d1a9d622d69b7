/**
 * `npm run devnet -- --engine cometbft --validators N`: the CometBFT devnet as local processes.
 * devnet/cli.ts hands over to `runCometbftDevnet` when --engine cometbft is given.
 */
import type { NetworkConfig } from "../../modules/app/network-config";
import type { GenesisDoc } from "../engine/genesis";
import { LocalNetwork } from "./local-network";
import { cometbftInstalled, COMETBFT_BIN } from "./processes";

export interface CometbftDevnetOptions {
  readonly config: NetworkConfig;
  readonly configPath: string;
  readonly home: string;
  readonly validators: number;
  readonly basePort?: number;
  readonly reset?: boolean;
  readonly chainId?: string;
  readonly accounts?: number;
  readonly balance?: string;
  readonly mnemonics?: readonly string[];
  /** Start a new network from this genesis (`--genesis`); ignored when the home holds one already. */
  readonly genesis?: GenesisDoc;
  readonly json?: boolean;
  readonly quiet?: boolean;
  /** Signature worker threads of each app process (default 1). */
  readonly signatureWorkers?: number;
}

function banner(network: LocalNetwork): string {
  return [
    "",
    `Fieldnet devnet on CometBFT (${network.nodes.length} validator${network.nodes.length === 1 ? "" : "s"})`,
    "=========================================",
    "",
    `Chain ID        ${network.chainId}`,
    `Home            ${network.root}${network.created ? "" : " (resumed)"}`,
    "",
    "Nodes",
    "=====",
    ...network.nodes.map((n) => `node${n.index}  RPC ${n.rpcUrl}  p2p ${n.nodeId}@127.0.0.1:${n.p2pPort}  app ${n.abciAddress}  logs ${n.home}/{cometbft,app}.log`),
    "",
    "Available Accounts",
    "==================",
    ...network.accounts.map((a, i) => `(${i}) ${a.address} (${a.balance} ${network.denom})`),
    "",
    "Mnemonics",
    "==================",
    ...network.accounts.map((a, i) => `(${i}) ${a.mnemonic}`),
    "",
    `Listening on ${network.nodes[0].rpcUrl} (and the other nodes above). Ctrl-C stops all processes.`,
    "",
  ].join("\n");
}

export async function runCometbftDevnet(options: CometbftDevnetOptions): Promise<LocalNetwork> {
  if (!cometbftInstalled()) throw new Error(`${COMETBFT_BIN} not found: run scripts/install-cometbft.sh first`);
  const log = (line: string) => {
    if (!options.quiet && !options.json) process.stdout.write(line + "\n");
  };
  const network = LocalNetwork.prepare({
    config: options.config,
    configPath: options.configPath,
    root: options.home,
    validators: options.validators,
    basePort: options.basePort,
    reset: options.reset,
    chainId: options.chainId,
    accounts: options.accounts,
    balance: options.balance,
    mnemonics: options.mnemonics,
    genesis: options.genesis,
    signatureWorkers: options.signatureWorkers,
    log,
  });
  // Registered before launch: Ctrl-C during start-up must stop what already runs, too.
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    log("\nStopping all nodes...");
    void network.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  await network.launch();
  if (options.json) {
    process.stdout.write(
      JSON.stringify({
        event: "ready",
        engine: "cometbft",
        chainId: network.chainId,
        home: network.root,
        rpcUrl: network.nodes[0].rpcUrl,
        nodes: network.nodes.map((n) => ({ rpcUrl: n.rpcUrl, nodeId: n.nodeId, validatorAddress: n.validatorAddress })),
        accounts: network.accounts,
        pid: process.pid,
      }) + "\n",
    );
  } else if (!options.quiet) {
    process.stdout.write(banner(network) + "\n");
  }
  return network;
}
