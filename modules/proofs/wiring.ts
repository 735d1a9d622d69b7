/**
 * Builds the three DePIN modules (registry, proofs, rewards) and their keepers from the network
 * config's plugins, wiring them to each other only through their expected-keeper interfaces.
 * app.ts calls this; nothing here knows which consensus engine drives the app.
 */
import type { Context } from "../app/context";
import type { AppModule } from "../app/module";
import type { NetworkConfig } from "../app/network-config";
import type { AddressCodec } from "../auth/address";
import { moduleAddress } from "../auth/address";
import type { BankKeeper } from "../bank/keeper";
import { PluginHost } from "../registry/plugin-host";
import { RegistryKeeper } from "../registry/keeper";
import { registryModule } from "../registry/module";
import { assertPluginsMatch } from "../registry/genesis";
import { RewardsKeeper, REWARDS_MODULE_ACCOUNT } from "../rewards/keeper";
import { rewardsModule } from "../rewards/module";
import { ProofsKeeper } from "./keeper";
import { proofsModule } from "./module";
import { runOnEpochEndHooks } from "./hooks";
import { SignatureCache } from "./signature-cache";
import { preverifyProofs, type DeviceSignatureVerifier } from "./preverify";

export interface DepinModules {
  readonly modules: readonly AppModule[];
  readonly plugins: PluginHost;
  readonly registry: RegistryKeeper;
  readonly proofs: ProofsKeeper;
  readonly rewards: RewardsKeeper;
  readonly signatures: SignatureCache;
  /** Throws when committed state enables a network type whose plugin is missing or another version. */
  checkPlugins(ctx: Context): void;
  preverify(txBytes: Uint8Array, txHash: string, chainId: string, ctx: () => Context, verifier: DeviceSignatureVerifier): Promise<void>;
}

export function buildDepinModules(config: NetworkConfig, addresses: AddressCodec, bank: BankKeeper): DepinModules {
  const plugins = new PluginHost(config.plugins ?? []);
  const registry = new RegistryKeeper(plugins);
  const rewards = new RewardsKeeper(bank, registry, moduleAddress(REWARDS_MODULE_ACCOUNT));
  const signatures = new SignatureCache();
  const proofs = new ProofsKeeper(registry, rewards, signatures);
  rewards.setHooks({ beforeEpochClose: (ctx, epoch) => runOnEpochEndHooks(ctx, proofs, epoch) });
  const modules = [
    registryModule({ keeper: registry, addresses, bank, feePool: () => rewards }),
    proofsModule(proofs, addresses),
    rewardsModule(rewards, addresses),
  ];
  return {
    modules,
    plugins,
    registry,
    proofs,
    rewards,
    signatures,
    checkPlugins: (ctx) => assertPluginsMatch(ctx, registry),
    preverify: (txBytes, txHash, chainId, ctx, verifier) => preverifyProofs(txBytes, txHash, chainId, ctx, registry, signatures, verifier),
  };
}
