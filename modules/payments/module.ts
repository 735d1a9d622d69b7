/** The payments module: service credits (burn to buy), delegations, usage receipts, burn accounting. */
import type { Context } from "../app/context";
import type { AppModule } from "../app/module";
import type { NetworkConfig } from "../app/network-config";
import type { AddressCodec } from "../auth/address";
import type { BankKeeper } from "../bank/keeper";
import type { RegistryKeeper } from "../registry/keeper";
import type { RewardsKeeper } from "../rewards/keeper";
import { exportPaymentsGenesis, initPaymentsGenesis } from "./genesis";
import { paymentsInvariants } from "./invariants";
import { PaymentsKeeper } from "./keeper";
import { paymentsMsgs } from "./msg-server";
import { paymentsQueries } from "./query-server";
import { preverifyReceipts } from "./preverify";
import type { DeviceSignatureVerifier } from "../proofs/preverify";

export function paymentsModule(keeper: PaymentsKeeper): AppModule {
  return {
    name: "payments",
    msgs: paymentsMsgs(keeper, keeper.addresses),
    queries: paymentsQueries(keeper),
    initGenesis: (ctx, state) => initPaymentsGenesis(keeper, ctx, state),
    exportGenesis: (ctx) => exportPaymentsGenesis(keeper, ctx),
    invariants: paymentsInvariants(keeper),
  };
}

export interface Payments {
  readonly keeper: PaymentsKeeper;
  readonly module: AppModule;
  /** Verifies a MsgSubmitUsage tx's receipt signatures on the app's signature worker ahead of CheckTx (preverify.ts). */
  preverify(txBytes: Uint8Array, txHash: string, chainId: string, ctx: () => Context, verifier: DeviceSignatureVerifier): Promise<void>;
}

/** Builds the keeper on the DePIN keepers and registers its burns with rewards (net emission, supply). */
export function buildPayments(_config: NetworkConfig, addresses: AddressCodec, bank: BankKeeper, registry: RegistryKeeper, rewards: RewardsKeeper): Payments {
  const keeper = new PaymentsKeeper(bank, registry, rewards, addresses);
  rewards.addBurnSource(keeper);
  return {
    keeper,
    module: paymentsModule(keeper),
    preverify: (txBytes, txHash, chainId, ctx, verifier) => preverifyReceipts(txBytes, txHash, chainId, ctx, registry, keeper.signatures, verifier),
  };
}
