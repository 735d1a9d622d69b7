/** auth genesis: the SDK's auth params, this chain's tx params, and the accounts to create. */
import type { Params } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import type { Context } from "../app/context";
import type { Account, AuthKeeper } from "./keeper";
import { DEFAULT_AUTH_PARAMS, parseDecimal, type TxParams } from "./params";

/** An account as exported: number, sequence and public key kept (int64 as decimal strings, key bytes base64). */
export interface GenesisAccountState {
  readonly address: string;
  readonly accountNumber: string;
  readonly sequence: string;
  readonly pubKey?: { readonly typeUrl: string; readonly value: string };
}

export interface AuthGenesis {
  readonly params?: { [K in keyof Params]?: string };
  readonly txParams: TxParams;
  /**
   * Accounts to create. A bech32 address gets the next account number (in this order: 0, 1, ...);
   * an exported account keeps its number, sequence and key, so a chain restarted from an export
   * refuses the old chain's txs (their sequences are spent).
   */
  readonly accounts: ReadonlyArray<string | GenesisAccountState>;
}

export function initAuthGenesis(keeper: AuthKeeper, ctx: Context, genesis: AuthGenesis): void {
  const params = { ...DEFAULT_AUTH_PARAMS };
  for (const [name, value] of Object.entries(genesis.params ?? {})) {
    if (value !== undefined) (params as Record<string, bigint>)[name] = BigInt(value);
  }
  keeper.setParams(ctx, params);
  parseDecimal(genesis.txParams.minGasPrice); // refuse a malformed fee floor at genesis
  keeper.setTxParams(ctx, genesis.txParams);
  const numbers = new Set<bigint>();
  let next = 0n;
  for (const entry of genesis.accounts) {
    if (typeof entry === "string") continue;
    const account = importedAccount(keeper, entry);
    if (numbers.has(account.accountNumber)) throw new Error(`genesis auth: account number ${account.accountNumber} is given twice`);
    if (keeper.getAccount(ctx, account.address)) throw new Error(`genesis auth: account ${entry.address} is listed twice`);
    numbers.add(account.accountNumber);
    keeper.setAccount(ctx, account);
    if (account.accountNumber >= next) next = account.accountNumber + 1n;
  }
  if (next > 0n) keeper.setNextAccountNumber(ctx, next);
  for (const entry of genesis.accounts) {
    if (typeof entry === "string") keeper.ensureAccount(ctx, keeper.addresses.decode(entry, "genesis account"));
  }
}

function importedAccount(keeper: AuthKeeper, entry: GenesisAccountState): Account {
  const where = `genesis account ${entry.address}`;
  const integer = (name: string, text: string) => {
    if (typeof text !== "string" || !/^\d{1,20}$/.test(text) || BigInt(text) >= 1n << 64n) throw new Error(`${where}: ${name} must be an unsigned 64-bit integer string, got ${JSON.stringify(text)}`);
    return BigInt(text);
  };
  const pubKey = entry.pubKey === undefined ? undefined : { typeUrl: entry.pubKey.typeUrl, value: new Uint8Array(Buffer.from(entry.pubKey.value, "base64")) };
  return { address: keeper.addresses.decode(entry.address, where), accountNumber: integer("accountNumber", entry.accountNumber), sequence: integer("sequence", entry.sequence), pubKey };
}

export function exportAuthGenesis(keeper: AuthKeeper, ctx: Context): AuthGenesis {
  const params = keeper.getParams(ctx);
  const sorted = [...keeper.allAccounts(ctx)].sort((a, b) => (a.accountNumber < b.accountNumber ? -1 : 1));
  return {
    params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
    txParams: keeper.getTxParams(ctx),
    accounts: sorted.map((account) => ({
      address: keeper.addresses.encode(account.address),
      accountNumber: account.accountNumber.toString(),
      sequence: account.sequence.toString(),
      ...(account.pubKey ? { pubKey: { typeUrl: account.pubKey.typeUrl, value: Buffer.from(account.pubKey.value).toString("base64") } } : {}),
    })),
  };
}
