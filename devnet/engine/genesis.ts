/**
 * The devnet genesis document, stored as `genesis.json` in CometBFT's format. It is written once,
 * on the first start of a home; later starts rebuild the expected document from the config and
 * refuse to run if chain-id, app state, validators or consensus params differ (the stored chain
 * would not be the one the user asked for).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RequestInitChain } from "cosmjs-types/tendermint/abci/types";
import { DevnetError, GenesisMismatchError } from "./errors";
import { toBase64, toHex, timestampFromMillis, toRfc3339Nano, fromBase64 } from "./encoding";
import type { ChainParams } from "./block-builder";
import type { Ed25519Key } from "./validator-key";

export const VALIDATOR_POWER = 10n;

export interface GenesisConsensusParams {
  readonly block: { readonly max_bytes: string; readonly max_gas: string };
  readonly evidence: { readonly max_age_num_blocks: string; readonly max_age_duration: string; readonly max_bytes: string };
  readonly validator: { readonly pub_key_types: readonly string[] };
  readonly version: { readonly app: string };
  readonly abci: { readonly vote_extensions_enable_height: string };
}

export interface GenesisValidator {
  readonly address: string;
  readonly pub_key: { readonly type: "tendermint/PubKeyEd25519"; readonly value: string };
  readonly power: string;
  readonly name: string;
}

/** CometBFT genesis.json (v0.38): int64 as strings, app_state as arbitrary JSON. */
export interface GenesisDoc {
  readonly genesis_time: string;
  readonly chain_id: string;
  readonly initial_height: string;
  readonly consensus_params: GenesisConsensusParams;
  readonly validators: readonly GenesisValidator[];
  readonly app_hash: string;
  readonly app_state: unknown;
}

export interface GenesisOptions {
  readonly chainId: string;
  readonly appState: unknown;
  readonly validatorKey: Ed25519Key;
  /** Default 4 MiB. */
  readonly maxBlockBytes?: number;
  /** -1 = unlimited (CometBFT's default). */
  readonly maxBlockGas?: number;
  readonly timeMs?: number;
  /** Height of the first block (default 1): a chain restarted from an export continues its heights. */
  readonly initialHeight?: number;
}

export function buildGenesisDoc(options: GenesisOptions): GenesisDoc {
  return {
    genesis_time: toRfc3339Nano(timestampFromMillis(options.timeMs ?? Date.now())),
    chain_id: options.chainId,
    initial_height: String(options.initialHeight ?? 1),
    consensus_params: {
      block: { max_bytes: String(options.maxBlockBytes ?? 4 * 1024 * 1024), max_gas: String(options.maxBlockGas ?? -1) },
      evidence: { max_age_num_blocks: "100000", max_age_duration: "172800000000000", max_bytes: "1048576" },
      validator: { pub_key_types: ["ed25519"] },
      version: { app: "0" },
      abci: { vote_extensions_enable_height: "0" },
    },
    validators: [
      {
        address: toHex(options.validatorKey.address),
        pub_key: { type: "tendermint/PubKeyEd25519", value: toBase64(options.validatorKey.pubKey) },
        power: VALIDATOR_POWER.toString(),
        name: "devnet-validator",
      },
    ],
    app_hash: "",
    app_state: options.appState,
  };
}

/** Sorted-key JSON, so that the comparison ignores key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function genesisPath(home: string): string {
  return join(home, "genesis.json");
}

/**
 * Returns the stored genesis of `home`, or writes `expected` there on first start. Throws
 * GenesisMismatchError when the stored one differs from `expected` in anything but genesis_time.
 */
export function loadOrWriteGenesis(home: string, expected: GenesisDoc): GenesisDoc {
  const path = genesisPath(home);
  if (!existsSync(path)) {
    writeFileSync(path, JSON.stringify(expected, null, 2) + "\n");
    return expected;
  }
  const stored = JSON.parse(readFileSync(path, "utf8")) as GenesisDoc;
  const fields = ["chain_id", "initial_height", "consensus_params", "validators", "app_hash", "app_state"] as const;
  const differing = fields.filter((f) => canonicalJson(stored[f]) !== canonicalJson(expected[f]));
  if (differing.length > 0) {
    throw new GenesisMismatchError(
      `${path} was created with a different ${differing.join(", ")} than the current configuration ` +
        `(stored chain-id "${stored.chain_id}", requested "${expected.chain_id}"). ` +
        `Restart with --reset to wipe the devnet data, or use another --home.`,
    );
  }
  return stored;
}

/** What the engine (and its handshake) needs of a genesis for blocks signed by `validator`. */
export function chainParamsOf(doc: GenesisDoc, validator: Ed25519Key): ChainParams {
  return {
    chainId: doc.chain_id,
    validator,
    power: VALIDATOR_POWER,
    maxBlockBytes: Number(doc.consensus_params.block.max_bytes),
    maxBlockGas: Number(doc.consensus_params.block.max_gas),
  };
}

/** The height of the chain's first block: genesis `initial_height` ("0" or absent means 1, as in CometBFT). */
export function genesisInitialHeight(doc: GenesisDoc): number {
  const height = Number(doc.initial_height ?? "1");
  if (!Number.isSafeInteger(height) || height < 0) throw new DevnetError(`genesis initial_height must be a non-negative integer, got ${JSON.stringify(doc.initial_height)}`);
  return height === 0 ? 1 : height;
}

export function initChainRequest(doc: GenesisDoc): RequestInitChain {
  const p = doc.consensus_params;
  return {
    time: timestampFromMillis(Date.parse(doc.genesis_time)),
    chainId: doc.chain_id,
    consensusParams: {
      block: { maxBytes: BigInt(p.block.max_bytes), maxGas: BigInt(p.block.max_gas) },
      evidence: {
        maxAgeNumBlocks: BigInt(p.evidence.max_age_num_blocks),
        maxAgeDuration: { seconds: BigInt(p.evidence.max_age_duration) / 1_000_000_000n, nanos: 0 },
        maxBytes: BigInt(p.evidence.max_bytes),
      },
      validator: { pubKeyTypes: [...p.validator.pub_key_types] },
      version: { app: BigInt(p.version.app) },
      abci: { voteExtensionsEnableHeight: BigInt(p.abci.vote_extensions_enable_height) },
    },
    validators: doc.validators.map((v) => ({ pubKey: { ed25519: fromBase64(v.pub_key.value) }, power: BigInt(v.power) })),
    appStateBytes: new Uint8Array(Buffer.from(JSON.stringify(doc.app_state ?? {}), "utf8")),
    initialHeight: BigInt(genesisInitialHeight(doc)),
  };
}
