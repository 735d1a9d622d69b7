/** auth keeper: accounts (number, sequence, public key) and the tx parameters. */
import { BaseAccount, Params } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import type { Any } from "cosmjs-types/google/protobuf/any";
import { storeKey, type Context } from "../app/context";
import { equalBytes } from "../store/bytes";
import { AddressCodec } from "./address";
import { accountKey, NEXT_ACCOUNT_NUMBER_KEY, PARAMS_KEY, TX_PARAMS_KEY } from "./keys";
import { DEFAULT_AUTH_PARAMS, type TxParams } from "./params";

export const AUTH_STORE = storeKey("auth");

/** A decoded account: the SDK's BaseAccount with the address as raw bytes alongside. */
export interface Account {
  readonly address: Uint8Array;
  readonly accountNumber: bigint;
  readonly sequence: bigint;
  readonly pubKey?: Any;
}

export class AuthKeeper {
  /** The last tx params read and their stored bytes: parsed again only when the bytes differ. */
  private txParamsMemo: { readonly raw: Uint8Array; readonly params: Readonly<TxParams> } | undefined;

  constructor(readonly addresses: AddressCodec) {}

  getAccount(ctx: Context, address: Uint8Array): Account | undefined {
    const raw = ctx.kvStore(AUTH_STORE).get(accountKey(address));
    if (!raw) return undefined;
    const decoded = BaseAccount.decode(raw);
    return {
      address,
      accountNumber: decoded.accountNumber,
      sequence: decoded.sequence,
      pubKey: decoded.pubKey,
    };
  }

  setAccount(ctx: Context, account: Account): void {
    const encoded = BaseAccount.encode({
      address: this.addresses.encode(account.address),
      pubKey: account.pubKey,
      accountNumber: account.accountNumber,
      sequence: account.sequence,
    }).finish();
    ctx.kvStore(AUTH_STORE).set(accountKey(account.address), encoded);
  }

  /** The account at `address`, creating it with the next account number if it does not exist. */
  ensureAccount(ctx: Context, address: Uint8Array): Account {
    const existing = this.getAccount(ctx, address);
    if (existing) return existing;
    const account: Account = { address, accountNumber: this.nextAccountNumber(ctx), sequence: 0n };
    this.setAccount(ctx, account);
    return account;
  }

  /** Genesis only: the number the next new account gets. */
  setNextAccountNumber(ctx: Context, next: bigint): void {
    const encoded = Buffer.alloc(8);
    encoded.writeBigUInt64BE(next);
    ctx.kvStore(AUTH_STORE).set(NEXT_ACCOUNT_NUMBER_KEY, encoded);
  }

  private nextAccountNumber(ctx: Context): bigint {
    const store = ctx.kvStore(AUTH_STORE);
    const raw = store.get(NEXT_ACCOUNT_NUMBER_KEY);
    const next = raw ? Buffer.from(raw).readBigUInt64BE(0) : 0n;
    const encoded = Buffer.alloc(8);
    encoded.writeBigUInt64BE(next + 1n);
    store.set(NEXT_ACCOUNT_NUMBER_KEY, encoded);
    return next;
  }

  *allAccounts(ctx: Context): IterableIterator<Account> {
    for (const [key, raw] of ctx.unmeteredStore(AUTH_STORE).iterate({ start: new Uint8Array([0x01]), end: new Uint8Array([0x02]) })) {
      const decoded = BaseAccount.decode(raw);
      yield { address: key.subarray(1), accountNumber: decoded.accountNumber, sequence: decoded.sequence, pubKey: decoded.pubKey };
    }
  }

  getParams(ctx: Context): Params {
    const raw = ctx.unmeteredStore(AUTH_STORE).get(PARAMS_KEY);
    return raw ? Params.decode(raw) : DEFAULT_AUTH_PARAMS;
  }

  setParams(ctx: Context, params: Params): void {
    ctx.unmeteredStore(AUTH_STORE).set(PARAMS_KEY, Params.encode(params).finish());
  }

  /** Read for every tx (ante and size limit, in CheckTx and again in the block): returns a shared, frozen object. */
  getTxParams(ctx: Context): Readonly<TxParams> {
    const raw = ctx.unmeteredStore(AUTH_STORE).get(TX_PARAMS_KEY);
    if (!raw) throw new Error("tx params missing from state: was InitChain run?");
    const memo = this.txParamsMemo;
    if (memo !== undefined && equalBytes(memo.raw, raw)) return memo.params;
    const params = Object.freeze(JSON.parse(Buffer.from(raw).toString("utf8")) as TxParams);
    this.txParamsMemo = { raw: Uint8Array.from(raw), params };
    return params;
  }

  setTxParams(ctx: Context, params: TxParams): void {
    const canonical = JSON.stringify({
      feeDenom: params.feeDenom,
      maxTxBytes: params.maxTxBytes,
      maxTxGas: params.maxTxGas,
      minGasPrice: params.minGasPrice,
    });
    ctx.unmeteredStore(AUTH_STORE).set(TX_PARAMS_KEY, Buffer.from(canonical, "utf8"));
  }
}
