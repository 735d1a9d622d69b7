/**
 * Payments keeper: params, the price feed, credit accounts, delegations, per-device receipt state
 * and usage records. The only code that touches the payments store. Credits are created only by
 * `purchase` (a burn) and destroyed only by `debit` (usage), so
 * Σ balances == credits_minted - credits_spent at all times (invariants.ts).
 */
import { storeKey, type Context } from "../app/context";
import type { KVStore, ReadonlyKVStore } from "../store/types";
import { prefixEnd } from "../store/prefix-store";
import {
  BurnTotals,
  CreditAccount,
  CreditDelegation,
  DeviceUsageState,
  Params,
  PriceFeed,
  UsageRecord,
} from "../../generated/depin/payments/v1/types";
import type { AddressCodecLike, PaymentsBankKeeper, PaymentsRegistryKeeper, PaymentsRewardsKeeper } from "./expected-keepers";
import {
  ACCOUNT_PREFIX,
  accountKey,
  DELEGATION_PREFIX,
  delegationKey,
  DEVICE_STATE_PREFIX,
  DEVICE_USAGE_PREFIX,
  deviceStateKey,
  deviceUsageKey,
  PARAMS_KEY,
  PRICE_FEED_KEY,
  TOTALS_KEY,
  TYPE_USAGE_PREFIX,
  typeUsageKey,
  USER_USAGE_PREFIX,
  userUsageKey,
} from "./keys";
import { DEFAULT_PAYMENTS_PARAMS } from "./params";
import { ReceiptSignatures } from "./signatures";

export const PAYMENTS_STORE = storeKey("payments");

export interface Totals {
  creditsBurned: bigint;
  creditsMinted: bigint;
  creditsSpent: bigint;
}

export function emptyAccount(address: string): CreditAccount {
  return { address, balance: "0", purchased: "0", spent: "0", burned: "0" };
}

export function emptyDeviceState(deviceId: string): DeviceUsageState {
  return { deviceId, lastSequence: 0n, lastAccepted: undefined };
}

export class PaymentsKeeper {
  readonly signatures = new ReceiptSignatures();

  constructor(
    readonly bank: PaymentsBankKeeper,
    readonly registry: PaymentsRegistryKeeper,
    readonly rewards: PaymentsRewardsKeeper,
    readonly addresses: AddressCodecLike,
  ) {}

  /** Txs pay gas for every access; queries, genesis and block hooks read unmetered. */
  store(ctx: Context): KVStore {
    return ctx.mode === "finalize" || ctx.mode === "check" || ctx.mode === "recheck" || ctx.mode === "simulate" ? ctx.kvStore(PAYMENTS_STORE) : ctx.unmeteredStore(PAYMENTS_STORE);
  }

  readStore(ctx: Context): ReadonlyKVStore {
    return ctx.unmeteredStore(PAYMENTS_STORE);
  }

  getParams(ctx: Context): Params {
    const raw = ctx.unmeteredStore(PAYMENTS_STORE).get(PARAMS_KEY);
    return raw ? Params.decode(raw) : DEFAULT_PAYMENTS_PARAMS;
  }

  setParams(ctx: Context, params: Params): void {
    ctx.unmeteredStore(PAYMENTS_STORE).set(PARAMS_KEY, Params.encode(params).finish());
  }

  getPriceFeed(ctx: Context): PriceFeed | undefined {
    const raw = this.store(ctx).get(PRICE_FEED_KEY);
    return raw ? PriceFeed.decode(raw) : undefined;
  }

  setPriceFeed(ctx: Context, feed: PriceFeed): void {
    this.store(ctx).set(PRICE_FEED_KEY, PriceFeed.encode(feed).finish());
  }

  getTotals(ctx: Context): Totals {
    const raw = this.store(ctx).get(TOTALS_KEY);
    const t = raw ? BurnTotals.decode(raw) : undefined;
    return { creditsBurned: BigInt(t?.creditsBurned || "0"), creditsMinted: BigInt(t?.creditsMinted || "0"), creditsSpent: BigInt(t?.creditsSpent || "0") };
  }

  setTotals(ctx: Context, t: Totals): void {
    const record: BurnTotals = { creditsBurned: t.creditsBurned.toString(), onboardingBurned: "", totalBurned: "", creditsMinted: t.creditsMinted.toString(), creditsSpent: t.creditsSpent.toString() };
    this.store(ctx).set(TOTALS_KEY, BurnTotals.encode(record).finish());
  }

  /** BurnSource for the rewards module: native tokens burned for credits (unmetered: also read in EndBlock). */
  totalBurned(ctx: Context): bigint {
    const raw = ctx.unmeteredStore(PAYMENTS_STORE).get(TOTALS_KEY);
    return raw ? BigInt(BurnTotals.decode(raw).creditsBurned || "0") : 0n;
  }

  getAccount(ctx: Context, address: string): CreditAccount {
    const raw = this.store(ctx).get(accountKey(this.addresses.decode(address)));
    return raw ? CreditAccount.decode(raw) : emptyAccount(address);
  }

  setAccount(ctx: Context, account: CreditAccount): void {
    this.store(ctx).set(accountKey(this.addresses.decode(account.address)), CreditAccount.encode(account).finish());
  }

  *allAccounts(ctx: Context): IterableIterator<CreditAccount> {
    for (const [, v] of this.readStore(ctx).iterate({ start: ACCOUNT_PREFIX, end: prefixEnd(ACCOUNT_PREFIX) })) yield CreditAccount.decode(v);
  }

  /** Burns `amount` of the denom from `buyer` and mints `credits` to it (the only credit mint). */
  purchase(ctx: Context, buyer: string, denom: string, amount: bigint, credits: bigint): void {
    this.bank.burnCoins(ctx, this.addresses.decode(buyer, "buyer"), [{ denom, amount }]);
    const account = this.getAccount(ctx, buyer);
    this.setAccount(ctx, {
      ...account,
      balance: (BigInt(account.balance) + credits).toString(),
      purchased: (BigInt(account.purchased) + credits).toString(),
      burned: (BigInt(account.burned) + amount).toString(),
    });
    const totals = this.getTotals(ctx);
    this.setTotals(ctx, { creditsBurned: totals.creditsBurned + amount, creditsMinted: totals.creditsMinted + credits, creditsSpent: totals.creditsSpent });
  }

  /** Spends `credits` of `address` (caller checked the balance). The only credit burn. */
  debit(ctx: Context, address: string, credits: bigint): void {
    const account = this.getAccount(ctx, address);
    const balance = BigInt(account.balance) - credits;
    if (balance < 0n) throw new Error(`debit below zero for ${address}`);
    this.setAccount(ctx, { ...account, balance: balance.toString(), spent: (BigInt(account.spent) + credits).toString() });
    const totals = this.getTotals(ctx);
    this.setTotals(ctx, { ...totals, creditsSpent: totals.creditsSpent + credits });
  }

  getDelegation(ctx: Context, granter: string, grantee: string): CreditDelegation | undefined {
    const raw = this.store(ctx).get(delegationKey(this.addresses.decode(granter), this.addresses.decode(grantee)));
    return raw ? CreditDelegation.decode(raw) : undefined;
  }

  setDelegation(ctx: Context, d: CreditDelegation): void {
    this.store(ctx).set(delegationKey(this.addresses.decode(d.granter), this.addresses.decode(d.grantee)), CreditDelegation.encode(d).finish());
  }

  deleteDelegation(ctx: Context, granter: string, grantee: string): void {
    this.store(ctx).delete(delegationKey(this.addresses.decode(granter), this.addresses.decode(grantee)));
  }

  *allDelegations(ctx: Context): IterableIterator<CreditDelegation> {
    for (const [, v] of this.readStore(ctx).iterate({ start: DELEGATION_PREFIX, end: prefixEnd(DELEGATION_PREFIX) })) yield CreditDelegation.decode(v);
  }

  getDeviceState(ctx: Context, deviceId: string): DeviceUsageState | undefined {
    const raw = this.store(ctx).get(deviceStateKey(deviceId));
    return raw ? DeviceUsageState.decode(raw) : undefined;
  }

  setDeviceState(ctx: Context, state: DeviceUsageState): void {
    this.store(ctx).set(deviceStateKey(state.deviceId), DeviceUsageState.encode(state).finish());
  }

  *allDeviceStates(ctx: Context): IterableIterator<DeviceUsageState> {
    for (const [, v] of this.readStore(ctx).iterate({ start: DEVICE_STATE_PREFIX, end: prefixEnd(DEVICE_STATE_PREFIX) })) yield DeviceUsageState.decode(v);
  }

  /** Adds one accepted receipt to the device, user and network type records of `epoch`. */
  recordUsage(ctx: Context, epoch: bigint, deviceId: string, user: string, networkType: string, units: bigint, credits: bigint): void {
    this.addToRecord(ctx, deviceUsageKey(deviceId, epoch), deviceId, epoch, units, credits);
    this.addToRecord(ctx, userUsageKey(this.addresses.decode(user), epoch), user, epoch, units, credits);
    this.addToRecord(ctx, typeUsageKey(epoch, networkType), networkType, epoch, units, credits);
  }

  private addToRecord(ctx: Context, key: Uint8Array, subject: string, epoch: bigint, units: bigint, credits: bigint): void {
    const store = this.store(ctx);
    const raw = store.get(key);
    const r = raw ? UsageRecord.decode(raw) : { subject, epoch, units: "0", credits: "0", receipts: 0n };
    store.set(key, UsageRecord.encode({ ...r, units: (BigInt(r.units) + units).toString(), credits: (BigInt(r.credits) + credits).toString(), receipts: r.receipts + 1n }).finish());
  }

  setRecord(ctx: Context, key: Uint8Array, record: UsageRecord): void {
    this.store(ctx).set(key, UsageRecord.encode(record).finish());
  }

  *usageRecords(ctx: Context, kind: "device" | "user" | "type"): IterableIterator<UsageRecord> {
    const prefix = kind === "device" ? DEVICE_USAGE_PREFIX : kind === "user" ? USER_USAGE_PREFIX : TYPE_USAGE_PREFIX;
    for (const [, v] of this.readStore(ctx).iterate({ start: prefix, end: prefixEnd(prefix) })) yield UsageRecord.decode(v);
  }
}
