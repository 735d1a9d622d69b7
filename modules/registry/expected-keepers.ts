/** What the registry needs from other modules (the SDK's expected_keepers idea). */
import type { Context } from "../app/context";

export interface RegistryBankKeeper {
  burnCoins(ctx: Context, from: Uint8Array, coins: ReadonlyArray<{ denom: string; amount: bigint }>): void;
}

/** Receives onboarding fees when Params.onboarding_fee_destination = REWARD_POOL (the rewards module). */
export interface OnboardingFeePool {
  depositToPool(ctx: Context, from: Uint8Array, denom: string, amount: bigint): void;
}

export interface AddressDecoder {
  decode(address: string, field?: string): Uint8Array;
}
