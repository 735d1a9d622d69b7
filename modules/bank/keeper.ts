/** bank keeper: balances and supply; every transfer emits the SDK's coin events. */
import { storeKey, type Context } from "../app/context";
import { ErrInsufficientFunds } from "../app/sdk-errors";
import type { AddressCodec } from "../auth/address";
import { formatCoins, type Amount } from "./coins";
import { balanceKey, balancesPrefix, supplyKey, SUPPLY_PREFIX } from "./keys";
import { prefixEnd } from "../store/prefix-store";

export const BANK_STORE = storeKey("bank");

/** What bank needs from auth (the SDK's expected_keepers idea). */
export interface AccountCreator {
  ensureAccount(ctx: Context, address: Uint8Array): unknown;
}

function decodeAmount(raw: Uint8Array | undefined): bigint {
  return raw ? BigInt(Buffer.from(raw).toString("latin1")) : 0n;
}

function encodeAmount(amount: bigint): Uint8Array {
  return Buffer.from(amount.toString(), "latin1");
}

export class BankKeeper {
  constructor(
    private readonly addresses: AddressCodec,
    private readonly accounts: AccountCreator,
  ) {}

  getBalance(ctx: Context, address: Uint8Array, denom: string): bigint {
    return decodeAmount(ctx.kvStore(BANK_STORE).get(balanceKey(address, denom)));
  }

  getAllBalances(ctx: Context, address: Uint8Array): Amount[] {
    const prefix = balancesPrefix(address);
    const result: Amount[] = [];
    for (const [key, value] of ctx.kvStore(BANK_STORE).iterate({ start: prefix, end: prefixEnd(prefix) })) {
      result.push({ denom: Buffer.from(key.subarray(prefix.length)).toString("utf8"), amount: decodeAmount(value) });
    }
    return result;
  }

  private setBalance(ctx: Context, address: Uint8Array, denom: string, amount: bigint): void {
    const store = ctx.kvStore(BANK_STORE);
    if (amount === 0n) store.delete(balanceKey(address, denom));
    else store.set(balanceKey(address, denom), encodeAmount(amount));
  }

  private subtract(ctx: Context, address: Uint8Array, coins: readonly Amount[]): void {
    for (const coin of coins) {
      const balance = this.getBalance(ctx, address, coin.denom);
      if (balance < coin.amount) {
        throw ErrInsufficientFunds.wrap(`spendable balance ${balance}${coin.denom} is smaller than ${coin.amount}${coin.denom}`);
      }
      this.setBalance(ctx, address, coin.denom, balance - coin.amount);
    }
    ctx.events.emit("coin_spent", [
      ["spender", this.addresses.encode(address)],
      ["amount", formatCoins(coins)],
    ]);
  }

  private add(ctx: Context, address: Uint8Array, coins: readonly Amount[]): void {
    for (const coin of coins) {
      this.setBalance(ctx, address, coin.denom, this.getBalance(ctx, address, coin.denom) + coin.amount);
    }
    ctx.events.emit("coin_received", [
      ["receiver", this.addresses.encode(address)],
      ["amount", formatCoins(coins)],
    ]);
  }

  /** Moves coins, creating the recipient's account if needed (as the SDK's bank does). */
  sendCoins(ctx: Context, from: Uint8Array, to: Uint8Array, coins: readonly Amount[]): void {
    this.subtract(ctx, from, coins);
    this.add(ctx, to, coins);
    this.accounts.ensureAccount(ctx, to);
    ctx.events.emit("transfer", [
      ["recipient", this.addresses.encode(to)],
      ["sender", this.addresses.encode(from)],
      ["amount", formatCoins(coins)],
    ]);
  }

  /** Creates coins into `to` and raises supply (genesis and reward emission only). */
  mintCoins(ctx: Context, to: Uint8Array, coins: readonly Amount[]): void {
    this.add(ctx, to, coins);
    this.accounts.ensureAccount(ctx, to);
    for (const coin of coins) this.setSupply(ctx, coin.denom, this.getSupply(ctx, coin.denom) + coin.amount);
    ctx.events.emit("coinbase", [
      ["minter", this.addresses.encode(to)],
      ["amount", formatCoins(coins)],
    ]);
  }

  /** Destroys coins held by `from` and lowers supply. */
  burnCoins(ctx: Context, from: Uint8Array, coins: readonly Amount[]): void {
    this.subtract(ctx, from, coins);
    for (const coin of coins) this.setSupply(ctx, coin.denom, this.getSupply(ctx, coin.denom) - coin.amount);
    ctx.events.emit("burn", [
      ["burner", this.addresses.encode(from)],
      ["amount", formatCoins(coins)],
    ]);
  }

  getSupply(ctx: Context, denom: string): bigint {
    return decodeAmount(ctx.kvStore(BANK_STORE).get(supplyKey(denom)));
  }

  private setSupply(ctx: Context, denom: string, amount: bigint): void {
    const store = ctx.kvStore(BANK_STORE);
    if (amount === 0n) store.delete(supplyKey(denom));
    else store.set(supplyKey(denom), encodeAmount(amount));
  }

  totalSupply(ctx: Context): Amount[] {
    const result: Amount[] = [];
    const start = new Uint8Array([SUPPLY_PREFIX]);
    for (const [key, value] of ctx.kvStore(BANK_STORE).iterate({ start, end: prefixEnd(start) })) {
      result.push({ denom: Buffer.from(key.subarray(1)).toString("utf8"), amount: decodeAmount(value) });
    }
    return result;
  }

  /** Every (address, denom, amount) balance, in key order (genesis export and invariants). */
  *allBalances(ctx: Context): IterableIterator<{ address: Uint8Array; denom: string; amount: bigint }> {
    const start = new Uint8Array([0x01]);
    for (const [key, value] of ctx.unmeteredStore(BANK_STORE).iterate({ start, end: prefixEnd(start) })) {
      const length = key[1];
      yield {
        address: key.subarray(2, 2 + length),
        denom: Buffer.from(key.subarray(2 + length)).toString("utf8"),
        amount: decodeAmount(value),
      };
    }
  }
}
