/**
 * ABCI events in the Cosmos SDK's shape: a type and string attributes, all marked for indexing
 * (the SDK's default), so `tx_search` works on any of them.
 */
import type { Event } from "cosmjs-types/tendermint/abci/types";

export type Attributes = ReadonlyArray<readonly [key: string, value: string]>;

export class EventManager {
  private readonly collected: Event[] = [];

  emit(type: string, attributes: Attributes): void {
    this.collected.push({
      type,
      attributes: attributes.map(([key, value]) => ({ key, value, index: true })),
    });
  }

  /** Append events from a nested execution (e.g. a message run on a branch that succeeded). */
  absorb(events: readonly Event[]): void {
    this.collected.push(...events);
  }

  get events(): Event[] {
    return this.collected;
  }
}
