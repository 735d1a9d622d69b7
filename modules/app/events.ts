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

/** A generated message codec's JSON half (ts-proto `toJSON`). */
export interface JsonCodec<T> {
  toJSON(message: T): unknown;
}

const snakeCaseMemo = new Map<string, string>();

/** camelCase field name -> proto field name (memoized: the set of field names is small and fixed). */
function snakeCase(name: string): string {
  let out = snakeCaseMemo.get(name);
  if (out === undefined) {
    out = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (snakeCaseMemo.size < 4096) snakeCaseMemo.set(name, out);
  }
  return out;
}

function defaultJson(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return [];
  return value ?? null;
}

/**
 * Emits a typed event as the Cosmos SDK's EmitTypedEvent does: type = the proto full name (e.g.
 * "depin.registry.v1.EventDeviceRegistered"), one attribute per field (proto field name) whose
 * value is the field's proto-JSON encoding, defaults included, so clients can decode it back.
 */
export function emitTyped<T extends object>(events: EventManager, typeName: string, codec: JsonCodec<T>, message: T): void {
  const json = (codec.toJSON(message) ?? {}) as Record<string, unknown>;
  const attributes: Array<[string, string]> = Object.keys(message).map((key) => [
    snakeCase(key),
    JSON.stringify(key in json ? json[key] : defaultJson((message as Record<string, unknown>)[key])),
  ]);
  events.emit(typeName, attributes);
}
