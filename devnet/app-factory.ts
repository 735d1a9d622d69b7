/**
 * Which ABCI application the devnet runs. "fieldnet" is the real app (modules/app), loaded lazily
 * so the kv stub (used by the devnet's own tests) never pulls it in.
 */
import type { AbciApplication } from "../modules/app/abci";
import type { GenesisAccount, NetworkConfig } from "../modules/app/network-config";

/** Settings of the app process that are not part of the network's definition. */
export interface AppRunOptions {
  /** Threads that check signatures ahead of CheckTx (the real app; default 1). */
  readonly signatureWorkers?: number;
}

export interface AppFactory {
  readonly name: string;
  create(config: NetworkConfig, home: string, options?: AppRunOptions): AbciApplication;
  genesisAppState(config: NetworkConfig, accounts: readonly GenesisAccount[]): unknown;
}

export const fieldnetApp: AppFactory = {
  name: "fieldnet",
  create(config, home, options) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createApp } = require("../modules/app/app") as typeof import("../modules/app/app");
    return createApp(config, { home, signatureWorkers: options?.signatureWorkers });
  },
  genesisAppState(config, accounts) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildGenesisAppState } = require("../modules/app/genesis") as typeof import("../modules/app/genesis");
    return buildGenesisAppState(config, [...accounts]);
  },
};

export const kvApp: AppFactory = {
  name: "kv",
  create(_config, home) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { KvApp } = require("./testing/kv-app") as typeof import("./testing/kv-app");
    return new KvApp(home);
  },
  genesisAppState(_config, accounts) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { kvGenesisAppState } = require("./testing/kv-app") as typeof import("./testing/kv-app");
    return kvGenesisAppState(accounts);
  },
};

export const APPS: Readonly<Record<string, AppFactory>> = { fieldnet: fieldnetApp, kv: kvApp };
