/**
 * One file defines a network (see fieldnet.config.ts at the repo root): chain-id, address prefix,
 * denom, fee floor, the plugins it runs and its genesis. Every driver (embedded devnet, CometBFT
 * ABCI server, docker files, plugin test kit) builds the app from this one definition.
 */

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
}

export function defineNetwork(config: NetworkConfig): NetworkConfig {
  return config;
}
