/** bank genesis: initial balances; supply is derived from them, never stated separately. */
import type { Context } from "../app/context";
import type { AddressCodec } from "../auth/address";
import { parseCoins, toWireCoins } from "./coins";
import type { BankKeeper } from "./keeper";
import type { Coin } from "cosmjs-types/cosmos/base/v1beta1/coin";

export interface BankGenesis {
  readonly balances: ReadonlyArray<{ readonly address: string; readonly coins: readonly Coin[] }>;
}

export function initBankGenesis(keeper: BankKeeper, addresses: AddressCodec, ctx: Context, genesis: BankGenesis): void {
  for (const balance of genesis.balances) {
    keeper.mintCoins(ctx, addresses.decode(balance.address, "genesis balance address"), parseCoins(balance.coins, "genesis balance"));
  }
}

export function exportBankGenesis(keeper: BankKeeper, addresses: AddressCodec, ctx: Context): BankGenesis {
  const byAddress = new Map<string, Coin[]>();
  for (const { address, denom, amount } of keeper.allBalances(ctx)) {
    const bech32 = addresses.encode(address);
    const coins = byAddress.get(bech32) ?? [];
    coins.push(...toWireCoins([{ denom, amount }]));
    byAddress.set(bech32, coins);
  }
  const balances = [...byAddress.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([address, coins]) => ({ address, coins }));
  return { balances };
}
