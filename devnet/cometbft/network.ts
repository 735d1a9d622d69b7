/**
 * The one generator of CometBFT devnets: N validators' keys, config.toml and a shared genesis.json
 * whose app_state comes from the app's genesis builder with the same deterministic dev accounts
 * the embedded devnet funds. The local process orchestrator (local-network.ts) and the docker
 * compose files (docker-compose.ts) differ only in the endpoints they pass in.
 */
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { NetworkConfig } from "../../modules/app/network-config";
import { devAccounts } from "../accounts";
import { APPS } from "../app-factory";
import { genesisInitialHeight, type GenesisDoc } from "../engine/genesis";
import { genesisBalanceOf } from "../genesis-file";
import { nodeConfigToml, DEVNET_TIMEOUTS, type ConsensusTimeouts } from "./config-toml";
import { devnetKey, nodeId, nodeKeyFile, privValidatorKeyFile } from "./node-keys";

export class NetworkSpecError extends Error {
  override readonly name = "NetworkSpecError";
}

/** Where node i listens and how the others reach it. */
export interface NodeEndpoints {
  readonly rpcLaddr: string;
  readonly p2pLaddr: string;
  /** host:port other validators dial (persistent_peers). */
  readonly p2pExternal: string;
  readonly proxyApp: string;
}

export interface NetworkSpec {
  readonly config: NetworkConfig;
  readonly validators: number;
  readonly endpoints: (index: number) => NodeEndpoints;
  /** Fixed for reproducible files (docker); defaults to now. */
  readonly genesisTimeMs?: number;
  readonly chainId?: string;
  readonly accounts?: number;
  readonly balance?: string;
  readonly mnemonics?: readonly string[];
  readonly timeouts?: ConsensusTimeouts;
  readonly logLevel?: string;
  /** Genesis block size limit; 4 MiB like the embedded devnet. */
  readonly maxBlockBytes?: number;
  /**
   * Start from this genesis (`--genesis`, e.g. an embedded devnet's `--export`): its chain-id,
   * app_state and initial_height; the generated validators sign.
   */
  readonly genesis?: GenesisDoc;
}

export interface FundedAccount {
  readonly address: string;
  readonly mnemonic: string;
  readonly balance: string;
}

export interface GeneratedNode {
  readonly index: number;
  readonly moniker: string;
  readonly nodeId: string;
  /** Upper-case hex, as in genesis.json and `status`. */
  readonly validatorAddress: string;
  readonly endpoints: NodeEndpoints;
  /** Paths relative to the node's CometBFT home -> file contents. */
  readonly files: Readonly<Record<string, string>>;
}

export interface GeneratedNetwork {
  readonly chainId: string;
  readonly denom: string;
  readonly genesis: GenesisDoc;
  readonly accounts: readonly FundedAccount[];
  readonly nodes: readonly GeneratedNode[];
}

export const VALIDATOR_POWER = "10";
const json = (value: unknown) => JSON.stringify(value, null, 2) + "\n";

/** Files that CometBFT rewrites while running; writeNodeHome leaves existing ones alone. */
const RUNTIME_STATE = "data/priv_validator_state.json";

export function generateNetwork(spec: NetworkSpec): GeneratedNetwork {
  if (!Number.isInteger(spec.validators) || spec.validators < 1 || spec.validators > 50) {
    throw new NetworkSpecError(`validators must be an integer from 1 to 50, got ${spec.validators}`);
  }
  const base = spec.config;
  const chainId = spec.chainId ?? spec.genesis?.chain_id ?? base.chainId;
  const balance = spec.balance ?? base.devAccounts.balance;
  if (!/^\d+$/.test(balance)) throw new NetworkSpecError(`balance must be an integer amount of ${base.denom}, got "${balance}"`);
  const mnemonics = spec.mnemonics?.length ? spec.mnemonics : base.devAccounts.mnemonics;
  const count = spec.accounts ?? base.devAccounts.count;
  const config: NetworkConfig = { ...base, chainId, devAccounts: { count, balance, mnemonics } };
  const from = spec.genesis;
  const accounts = devAccounts(config.bech32Prefix, count, mnemonics).map((a) => ({ ...a, balance: from ? genesisBalanceOf(from, a.address, base.denom) : balance }));
  // buildGenesisAppState appends config.genesisAccounts itself.
  const appState = from ? from.app_state : APPS.fieldnet.genesisAppState(config, accounts.map((a) => ({ address: a.address, amount: balance })));

  const validatorKeys = Array.from({ length: spec.validators }, (_, i) => devnetKey("validator", i));
  const nodeKeys = Array.from({ length: spec.validators }, (_, i) => devnetKey("node", i));
  const genesis: GenesisDoc = {
    genesis_time: new Date(spec.genesisTimeMs ?? Date.now()).toISOString(),
    chain_id: chainId,
    initial_height: from ? String(genesisInitialHeight(from)) : "1",
    consensus_params: {
      block: { max_bytes: String(spec.maxBlockBytes ?? 4 * 1024 * 1024), max_gas: "-1" },
      evidence: { max_age_num_blocks: "100000", max_age_duration: "172800000000000", max_bytes: "1048576" },
      validator: { pub_key_types: ["ed25519"] },
      version: { app: "0" },
      abci: { vote_extensions_enable_height: "0" },
    },
    validators: validatorKeys.map((key, i) => ({
      address: key.address.toString("hex").toUpperCase(),
      pub_key: { type: "tendermint/PubKeyEd25519", value: key.pubKey.toString("base64") },
      power: VALIDATOR_POWER,
      name: `node${i}`,
    })),
    app_hash: "",
    app_state: appState,
  };
  const peers = nodeKeys.map((key, i) => `${nodeId(key)}@${spec.endpoints(i).p2pExternal}`);
  const nodes = validatorKeys.map((key, i): GeneratedNode => {
    const endpoints = spec.endpoints(i);
    const toml = nodeConfigToml({
      moniker: `node${i}`,
      proxyApp: endpoints.proxyApp,
      rpcLaddr: endpoints.rpcLaddr,
      p2pLaddr: endpoints.p2pLaddr,
      persistentPeers: peers.filter((_, j) => j !== i),
      timeouts: spec.timeouts ?? DEVNET_TIMEOUTS,
      logLevel: spec.logLevel,
    });
    return {
      index: i,
      moniker: `node${i}`,
      nodeId: nodeId(nodeKeys[i]),
      validatorAddress: key.address.toString("hex").toUpperCase(),
      endpoints,
      files: {
        "config/config.toml": toml,
        "config/genesis.json": json(genesis),
        "config/priv_validator_key.json": json(privValidatorKeyFile(key)),
        "config/node_key.json": json(nodeKeyFile(nodeKeys[i])),
        [RUNTIME_STATE]: json({ height: "0", round: 0, step: 0 }),
      },
    };
  });
  return { chainId, denom: config.denom, genesis, accounts, nodes };
}

/**
 * Writes a node's files under `home`. An existing priv_validator_state.json is kept: it is the
 * double-sign guard, and resetting it under a chain that already signed blocks would be unsafe.
 */
export function writeNodeHome(home: string, node: GeneratedNode): void {
  for (const [relative, contents] of Object.entries(node.files)) {
    const path = join(home, relative);
    if (relative === RUNTIME_STATE && existsSync(path)) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, contents, relative.endsWith("_key.json") ? { mode: 0o600 } : undefined);
  }
}

/** Loopback ports for node i: base+10i+6 p2p, +7 RPC, +8 app (so base 26650 gives node0 CometBFT's defaults). */
export function loopbackPorts(basePort: number, index: number): { p2p: number; rpc: number; abci: number } {
  const start = basePort + 10 * index;
  return { p2p: start + 6, rpc: start + 7, abci: start + 8 };
}

export function loopbackEndpoints(basePort: number): (index: number) => NodeEndpoints {
  return (index) => {
    const ports = loopbackPorts(basePort, index);
    return {
      rpcLaddr: `tcp://127.0.0.1:${ports.rpc}`,
      p2pLaddr: `tcp://127.0.0.1:${ports.p2p}`,
      p2pExternal: `127.0.0.1:${ports.p2p}`,
      proxyApp: `tcp://127.0.0.1:${ports.abci}`,
    };
  };
}
