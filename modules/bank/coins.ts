/** Coins as (denom, bigint amount) with the SDK's validation rules and string form ("10ufield"). */
import type { Coin } from "cosmjs-types/cosmos/base/v1beta1/coin";
import { ErrInvalidCoins } from "../app/sdk-errors";

export interface Amount {
  readonly denom: string;
  readonly amount: bigint;
}

const DENOM = /^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/;
const INTEGER = /^\d{1,78}$/;

/** Parses wire coins: valid denoms, positive integer amounts, sorted, no duplicates (sdk/10). */
export function parseCoins(coins: readonly Coin[], field = "amount"): Amount[] {
  const parsed: Amount[] = [];
  for (const coin of coins) {
    if (!DENOM.test(coin.denom)) throw ErrInvalidCoins.wrap(`${field}: invalid denom "${coin.denom}"`);
    if (!INTEGER.test(coin.amount)) throw ErrInvalidCoins.wrap(`${field}: amount "${coin.amount}" is not a non-negative integer`);
    const amount = BigInt(coin.amount);
    if (amount === 0n) throw ErrInvalidCoins.wrap(`${field}: amount of ${coin.denom} must be positive`);
    const previous = parsed[parsed.length - 1];
    if (previous && previous.denom >= coin.denom) {
      throw ErrInvalidCoins.wrap(`${field}: denoms must be sorted and unique (${previous.denom}, ${coin.denom})`);
    }
    parsed.push({ denom: coin.denom, amount });
  }
  return parsed;
}

export function formatCoins(coins: readonly Amount[]): string {
  return coins.map((coin) => `${coin.amount}${coin.denom}`).join(",");
}

export function toWireCoins(coins: readonly Amount[]): Coin[] {
  return coins.map((coin) => ({ denom: coin.denom, amount: coin.amount.toString() }));
}
