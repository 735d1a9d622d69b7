/**
 * Genesis app_state from a network definition: one generator shared by the embedded devnet, the
 * CometBFT node homes and the docker files, so every driver starts from identical state.
 */
import type { AuthGenesis } from "../auth/genesis";
import { DEFAULT_MAX_TX_BYTES, DEFAULT_MAX_TX_GAS } from "../auth/params";
import type { BankGenesis } from "../bank/genesis";
import type { GenesisAccount, NetworkConfig } from "./network-config";
import { buildDepinGenesis } from "../registry/config-genesis";
import { buildPaymentsGenesis } from "../payments/config-genesis";

export interface AppGenesisState {
  readonly auth: AuthGenesis;
  readonly bank: BankGenesis;
  readonly [module: string]: unknown;
}

export function buildGenesisAppState(config: NetworkConfig, accounts: readonly GenesisAccount[]): AppGenesisState {
  const all = [...accounts, ...(config.genesisAccounts ?? [])];
  const seen = new Set<string>();
  for (const account of all) {
    if (seen.has(account.address)) throw new Error(`genesis account ${account.address} is listed twice`);
    seen.add(account.address);
    if (!/^\d+$/.test(account.amount)) throw new Error(`genesis account ${account.address}: amount "${account.amount}" is not an integer`);
  }
  return {
    // registry / proofs / rewards: proto JSON of their GenesisState, from config.depin + config.plugins.
    ...buildDepinGenesis(config, all),
    payments: buildPaymentsGenesis(config),
    auth: {
      txParams: {
        minGasPrice: config.minGasPrice,
        feeDenom: config.denom,
        maxTxBytes: DEFAULT_MAX_TX_BYTES,
        maxTxGas: DEFAULT_MAX_TX_GAS,
      },
      accounts: all.map((account) => account.address),
    },
    bank: {
      balances: all
        .filter((account) => account.amount !== "0")
        .map((account) => ({ address: account.address, coins: [{ denom: config.denom, amount: account.amount }] })),
    },
  };
}
