/**
 * Gas metering with the Cosmos SDK's default KV costs, so gas figures look familiar and
 * `simulate` → "auto" fees behave as cosmjs users expect. Gas is a JS number: limits are capped
 * at Number.MAX_SAFE_INTEGER, far above any block's budget.
 */
import type { KeyRange, KVEntry, KVStore } from "../store/types";
import { ErrOutOfGas } from "./sdk-errors";

export const KV_GAS = {
  hasCost: 1000,
  deleteCost: 1000,
  readCostFlat: 1000,
  readCostPerByte: 3,
  writeCostFlat: 2000,
  writeCostPerByte: 30,
  iterNextCostFlat: 30,
} as const;

export class GasMeter {
  private used = 0;

  constructor(readonly limit: number) {}

  get consumed(): number {
    return this.used;
  }

  consume(amount: number, descriptor: string): void {
    this.used += amount;
    if (this.used > this.limit) {
      throw ErrOutOfGas.wrap(`out of gas in location: ${descriptor}; gasWanted: ${this.limit}, gasUsed: ${this.used}`);
    }
  }

  /** Used by the ABCI layer to report usage after an out-of-gas failure, as the SDK does. */
  get consumedOrLimit(): number {
    return Math.min(this.used, this.limit);
  }
}

export const INFINITE_GAS = Number.MAX_SAFE_INTEGER;

/** Wraps a store so every access is charged to `meter`. */
export class GasKVStore implements KVStore {
  constructor(
    private readonly parent: KVStore,
    private readonly meter: GasMeter,
  ) {}

  get(key: Uint8Array): Uint8Array | undefined {
    this.meter.consume(KV_GAS.readCostFlat, "ReadFlat");
    const value = this.parent.get(key);
    this.meter.consume(KV_GAS.readCostPerByte * (key.length + (value?.length ?? 0)), "ReadPerByte");
    return value;
  }

  has(key: Uint8Array): boolean {
    this.meter.consume(KV_GAS.hasCost, "Has");
    return this.parent.has(key);
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.meter.consume(KV_GAS.writeCostFlat, "WriteFlat");
    this.meter.consume(KV_GAS.writeCostPerByte * (key.length + value.length), "WritePerByte");
    this.parent.set(key, value);
  }

  delete(key: Uint8Array): void {
    this.meter.consume(KV_GAS.deleteCost, "Delete");
    this.parent.delete(key);
  }

  *iterate(range?: KeyRange): IterableIterator<KVEntry> {
    for (const entry of this.parent.iterate(range)) {
      this.meter.consume(KV_GAS.iterNextCostFlat, "IterNextFlat");
      this.meter.consume(KV_GAS.readCostPerByte * (entry[0].length + entry[1].length), "ValuePerByte");
      yield entry;
    }
  }
}
