/** auth genesis: the SDK's auth params, this chain's tx params, and the accounts to create. */
import type { Params } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import type { Context } from "../app/context";
import type { AuthKeeper } from "./keeper";
import { DEFAULT_AUTH_PARAMS, parseDecimal, type TxParams } from "./params";

export interface AuthGenesis {
  readonly params?: { [K in keyof Params]?: string };
  readonly txParams: TxParams;
  /** bech32 addresses, created in this order (account numbers 0, 1, ...). */
  readonly accounts: readonly string[];
}

export function initAuthGenesis(keeper: AuthKeeper, ctx: Context, genesis: AuthGenesis): void {
  const params = { ...DEFAULT_AUTH_PARAMS };
  for (const [name, value] of Object.entries(genesis.params ?? {})) {
    if (value !== undefined) (params as Record<string, bigint>)[name] = BigInt(value);
  }
  keeper.setParams(ctx, params);
  parseDecimal(genesis.txParams.minGasPrice); // refuse a malformed fee floor at genesis
  keeper.setTxParams(ctx, genesis.txParams);
  for (const address of genesis.accounts) keeper.ensureAccount(ctx, keeper.addresses.decode(address, "genesis account"));
}

export function exportAuthGenesis(keeper: AuthKeeper, ctx: Context): AuthGenesis {
  const params = keeper.getParams(ctx);
  const sorted = [...keeper.allAccounts(ctx)].sort((a, b) => (a.accountNumber < b.accountNumber ? -1 : 1));
  return {
    params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
    txParams: keeper.getTxParams(ctx),
    accounts: sorted.map((account) => keeper.addresses.encode(account.address)),
  };
}
