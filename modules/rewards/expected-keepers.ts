/** What the rewards module needs from bank, registry and the proofs module's hooks. */
import type { Context } from "../app/context";

export interface RewardsBankKeeper {
  mintCoins(ctx: Context, to: Uint8Array, coins: ReadonlyArray<{ denom: string; amount: bigint }>): void;
  sendCoins(ctx: Context, from: Uint8Array, to: Uint8Array, coins: ReadonlyArray<{ denom: string; amount: bigint }>): void;
  getBalance(ctx: Context, address: Uint8Array, denom: string): bigint;
  getSupply(ctx: Context, denom: string): bigint;
}

export interface RewardsRegistryKeeper {
  getDevice(ctx: Context, id: string): { readonly owner: string; readonly networkType: string } | undefined;
  ownerDeviceIds(ctx: Context, owner: string): string[];
  getTotalBurned(ctx: Context): bigint;
  requireAuthority(ctx: Context, signer: string): void;
}

/** Called just before an epoch's pools are computed (plugins' onEpochEnd). */
export interface EpochHooks {
  beforeEpochClose(ctx: Context, epoch: bigint): void;
}

/** A module that burns the rewards denom and tracks its cumulative burns (payments: credit purchases). */
export interface BurnSource {
  totalBurned(ctx: Context): bigint;
}
