/**
 * Builds the Fieldnet app from a network definition: the store, the keepers wired through their
 * expected-keeper interfaces, the modules in their fixed order, and the ABCI object.
 */
import "./binary-writer-alloc";
import "./binary-codec-fast";
import { join } from "node:path";
import { LazyLruCache } from "./lazy-lru";
import { mkdirSync } from "node:fs";
import { openCommitStore } from "../store/commit-store";
import { AddressCodec, moduleAddress } from "../auth/address";
import { AuthKeeper } from "../auth/keeper";
import { authModule } from "../auth/module";
import { BankKeeper } from "../bank/keeper";
import { bankModule } from "../bank/module";
import { BaseApp } from "./base-app";
import { ModuleManager } from "./module-manager";
import type { NetworkConfig } from "./network-config";
import { ParallelVerifier } from "./tx/parallel-verifier";
import type { TxRunner } from "./tx/run-tx";
import { buildDepinModules } from "../proofs/wiring";
import { buildPayments } from "../payments/module";
import { Context } from "./context";

export const APP_NAME = "fieldnet";
export const APP_VERSION = "0.1.0";
export const FEE_COLLECTOR = "fee_collector";

export interface CreateAppOptions {
  /** Directory for the app's state database, or ":memory:" for a throwaway in-memory app. */
  readonly home: string;
  /** Check signatures on a worker thread ahead of CheckTx (default true). */
  readonly parallelSignatureChecks?: boolean;
  /**
   * Threads that check signatures ahead of CheckTx (default 1). More help where signature checks,
   * not the main thread, bound the rate: usage receipts (two signatures each) on two cores went
   * from 1,239 to 1,509 receipts/s with 2 (four alternating pairs); MsgSend and proofs did not
   * change beyond the host's noise.
   */
  readonly signatureWorkers?: number;
}

export type FieldnetApp = BaseApp;

export function createApp(config: NetworkConfig, options: CreateAppOptions): FieldnetApp {
  let path = ":memory:";
  if (options.home !== ":memory:") {
    mkdirSync(options.home, { recursive: true });
    path = join(options.home, "application.db");
  }
  const store = openCommitStore(path);

  const addresses = new AddressCodec(config.bech32Prefix);
  const auth = new AuthKeeper(addresses);
  const bank = new BankKeeper(addresses, auth);
  // DePIN modules after bank: registry, proofs (plugin onBlock hooks), rewards (epoch close) in that end-block order.
  const depin = buildDepinModules(config, addresses, bank);
  // payments (service credits, usage receipts) after rewards: its burns feed rewards' net emission.
  const payments = buildPayments(config, addresses, bank, depin.registry, depin.rewards);
  const modules = new ModuleManager([authModule(auth), bankModule(bank, addresses), ...depin.modules, payments.module]);

  const runner: TxRunner = {
    routes: modules.msgRoutes,
    moduleOf: modules.moduleOfMsg,
    canonicalTxs: new LazyLruCache<string, true>({ max: 200_000 }),
    // Signatures verified in CheckTx are not verified again in FinalizeBlock.
    ante: { auth, bank, feeCollector: moduleAddress(FEE_COLLECTOR), verifiedTxs: new LazyLruCache<string, true>({ max: 200_000 }) },
    maxTxBytes: (ctx) => auth.getTxParams(ctx).maxTxBytes,
  };
  const app = new BaseApp(store, modules, runner, { name: APP_NAME, version: APP_VERSION, appVersion: 1n });
  if (store.lastCommit.height > 0) {
    // Refuse to start over state whose enabled network types this build cannot serve.
    try {
      depin.checkPlugins(new Context({ chainId: "", height: 0n, timeMs: 0n, hash: new Uint8Array(), proposer: new Uint8Array() }, "query", store.branch()));
    } catch (error) {
      store.close();
      throw error;
    }
  }
  if (options.parallelSignatureChecks ?? true) {
    const verifier = new ParallelVerifier(runner.ante.verifiedTxs, { workers: options.signatureWorkers ?? 1 });
    app.setPreverifier(
      (tx, hash, chainId) =>
        Promise.all([
          verifier.preverify(tx, hash, chainId, (address) => auth.getAccount(app.checkContext(), address)?.accountNumber),
          depin.preverify(tx, hash, chainId, () => app.checkContext(), verifier),
          payments.preverify(tx, hash, chainId, () => app.checkContext(), verifier),
        ]).then(() => undefined),
      () => verifier.close(),
      (executing) => verifier.setMainThreadBusy(executing),
    );
  }
  return app;
}
