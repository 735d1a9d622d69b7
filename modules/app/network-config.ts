/**
 * One file defines a network (see fieldnet.config.ts at the repo root): chain-id, address prefix,
 * denom, fee floor, the plugins it runs and its genesis. Every driver (embedded devnet, CometBFT
 * ABCI server, docker files, plugin test kit) builds the app from this one definition.
 */
import type { NetworkPlugin } from "../plugin/types";

/** A genesis account: bech32 address and its initial balance in the native denom (integer string). */
export interface GenesisAccount {
  readonly address: string;
  readonly amount: string;
}

export interface DevAccountsConfig {
  /** How many funded accounts the devnet creates (ignored when `mnemonics` is given). */
  readonly count: number;
  /** Balance of each dev account in the native denom's base unit, as an integer string. */
  readonly balance: string;
  /** Explicit mnemonics instead of the deterministic defaults. */
  readonly mnemonics?: readonly string[];
}

/** A network type enabled at genesis: served by one of the config's plugins. */
export interface GenesisNetworkType {
  /** Network type name (default: the plugin's type). */
  readonly name?: string;
  /** NetworkPlugin.type of a plugin listed in `plugins`. */
  readonly plugin: string;
  /** Pinned plugin version (default: the listed plugin's version); a mismatch stops the chain. */
  readonly version?: string;
  /** Plugin params (validated against the plugin's paramsSchema at InitChain). */
  readonly params: unknown;
  /** Share of each epoch's emission (default 1). */
  readonly weight?: number;
  /**
   * Demand side (payments module): the share of this type's pool paid pro rata to usage units, in
   * basis points (default 0 = proofs only), and the price of one usage unit in credits (default:
   * none, usage receipts of this type are rejected USAGE_NOT_PRICED).
   */
  readonly usage?: { readonly shareBps?: number; readonly creditsPerUnit?: string };
}

/** Genesis settings of the DePIN modules (registry, proofs, rewards, payments). */
export interface DepinGenesisConfig {
  /**
   * Address allowed to send authority-only Msgs (enable network types, update params). A bech32
   * address, or { devAccount: i } for the i-th dev account. Default: dev account 0.
   */
  readonly authority?: string | { readonly devAccount: number };
  readonly networkTypes?: readonly GenesisNetworkType[];
  /** Registry params overrides, e.g. { onboardingFee: "1000000", onboardingFeeDestination: "burn" }. */
  readonly registry?: {
    readonly onboardingFee?: string;
    readonly onboardingFeeDestination?: "burn" | "reward_pool";
    readonly locationResolution?: number;
    readonly maxMetadataBytes?: number;
  };
  readonly proofs?: {
    readonly maxBatchSize?: number;
    readonly timestampPastWindowMs?: number;
    readonly timestampFutureWindowMs?: number;
    readonly gasPerProof?: number;
    readonly maxPayloadBytes?: number;
    readonly outcomeHistoryPerDevice?: number;
  };
  /** Payments (service credits) params overrides; see modules/payments/README.md. */
  readonly payments?: {
    /** "fixed" (default): fixedRate; "usd_peg": creditPriceNanoUsd and the authority's price feed. */
    readonly pricingMode?: "fixed" | "usd_peg";
    /** Burning baseUnits of the denom buys credits credits (default 1 credit per base unit). */
    readonly fixedRate?: { readonly credits: string; readonly baseUnits: string };
    readonly creditPriceNanoUsd?: string;
    readonly maxPriceAgeBlocks?: number;
    readonly maxReceiptsPerMsg?: number;
    readonly gasPerReceipt?: number;
    readonly maxReceiptAgeMs?: number;
    readonly maxReceiptFutureMs?: number;
  };
  readonly rewards?: {
    readonly epochLengthBlocks?: number;
    readonly initialEmissionPerEpoch?: string;
    readonly decayNumerator?: number;
    readonly decayDenominator?: number;
    readonly decayIntervalEpochs?: number;
    readonly emissionCap?: string;
  };
}

export interface NetworkConfig {
  readonly chainId: string;
  /** bech32 human-readable part of account addresses, e.g. "depin". */
  readonly bech32Prefix: string;
  /** Native fee/reward denom (base unit), e.g. "ufield". */
  readonly denom: string;
  /** Minimum gas price in `denom` per unit of gas, as a decimal string ("0.025"). Consensus-enforced. */
  readonly minGasPrice: string;
  readonly devAccounts: DevAccountsConfig;
  /** Extra genesis accounts beyond the dev accounts. */
  readonly genesisAccounts?: readonly GenesisAccount[];
  /** Network plugins compiled into the app (imported TypeScript modules), like SDK modules. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly plugins?: readonly NetworkPlugin<any, any, any>[];
  /** DePIN genesis: authority, enabled network types, module params. */
  readonly depin?: DepinGenesisConfig;
}

export function defineNetwork(config: NetworkConfig): NetworkConfig {
  return config;
}
