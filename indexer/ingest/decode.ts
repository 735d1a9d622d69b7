/**
 * Turns a block's events (every tx's, then the finalize-block ones, in that order, which is how
 * the event index of a cursor is counted) into typed indexer events. Typed events are the SDK's
 * EmitTypedEvent shape: type = proto full name, attribute = proto field name -> proto-JSON value.
 */
import { EventDeviceDeactivated, EventDeviceRegistered, EventDeviceTransferred, EventDeviceUpdated } from "../../generated/depin/registry/v1/events";
import { EventPluginVerdict, EventProofAccepted, EventProofRejected } from "../../generated/depin/proofs/v1/events";
import { EventEpochClosed, EventRewardsClaimed, EventRewardsSettled } from "../../generated/depin/rewards/v1/events";
import { EventCreditsPurchased, EventUsageAccepted, EventUsageRejected } from "../../generated/depin/payments/v1/events";
import type { RawBlock, RawEvent } from "./block";

/** The payments events that become rows of their own (ingest/apply-payments.ts). */
export type PaymentsEvent =
  | { readonly kind: "depin.payments.v1.EventCreditsPurchased"; readonly value: EventCreditsPurchased }
  | { readonly kind: "depin.payments.v1.EventUsageAccepted"; readonly value: EventUsageAccepted }
  | { readonly kind: "depin.payments.v1.EventUsageRejected"; readonly value: EventUsageRejected };

export type TypedEvent =
  | { readonly kind: "depin.registry.v1.EventDeviceRegistered"; readonly value: EventDeviceRegistered }
  | { readonly kind: "depin.registry.v1.EventDeviceUpdated"; readonly value: EventDeviceUpdated }
  | { readonly kind: "depin.registry.v1.EventDeviceTransferred"; readonly value: EventDeviceTransferred }
  | { readonly kind: "depin.registry.v1.EventDeviceDeactivated"; readonly value: EventDeviceDeactivated }
  | { readonly kind: "depin.proofs.v1.EventProofAccepted"; readonly value: EventProofAccepted }
  | { readonly kind: "depin.proofs.v1.EventProofRejected"; readonly value: EventProofRejected }
  | { readonly kind: "depin.proofs.v1.EventPluginVerdict"; readonly value: EventPluginVerdict }
  | { readonly kind: "depin.rewards.v1.EventEpochClosed"; readonly value: EventEpochClosed }
  | { readonly kind: "depin.rewards.v1.EventRewardsClaimed"; readonly value: EventRewardsClaimed }
  | { readonly kind: "depin.rewards.v1.EventRewardsSettled"; readonly value: EventRewardsSettled }
  | { readonly kind: "transfer"; readonly value: { readonly sender: string; readonly recipient: string; readonly amount: string } }
  | PaymentsEvent;

/** Where an event sits: its cursor index in the block and the tx it came from (-1 = block event). */
export interface EventPosition {
  readonly idx: number;
  readonly txIndex: number;
  readonly txHash: string;
}

export type DecodedEvent =
  | (EventPosition & { readonly status: "typed"; readonly event: TypedEvent; readonly attributes: Record<string, unknown> })
  /** Understood and logged (StreamEvents), but no rows beyond the event log. */
  | (EventPosition & { readonly status: "logged"; readonly kind: string; readonly attributes: Record<string, unknown> })
  /** SDK plumbing (fees, signatures, message routing): nothing to materialize. */
  | (EventPosition & { readonly status: "ignored"; readonly kind: string })
  | (EventPosition & { readonly status: "unknown"; readonly kind: string; readonly attributes: Record<string, unknown>; readonly error?: string });

export interface DecodedBlock {
  readonly block: RawBlock;
  readonly events: readonly DecodedEvent[];
  /** Number of events in the block (ignored ones included). */
  readonly eventCount: number;
}

interface JsonDecoder {
  fromJSON(object: unknown): unknown;
}

const TYPED: Readonly<Record<string, JsonDecoder>> = {
  "depin.registry.v1.EventDeviceRegistered": EventDeviceRegistered,
  "depin.registry.v1.EventDeviceUpdated": EventDeviceUpdated,
  "depin.registry.v1.EventDeviceTransferred": EventDeviceTransferred,
  "depin.registry.v1.EventDeviceDeactivated": EventDeviceDeactivated,
  "depin.proofs.v1.EventProofAccepted": EventProofAccepted,
  "depin.proofs.v1.EventProofRejected": EventProofRejected,
  "depin.proofs.v1.EventPluginVerdict": EventPluginVerdict,
  "depin.rewards.v1.EventEpochClosed": EventEpochClosed,
  "depin.rewards.v1.EventRewardsClaimed": EventRewardsClaimed,
  "depin.rewards.v1.EventRewardsSettled": EventRewardsSettled,
  "depin.payments.v1.EventCreditsPurchased": EventCreditsPurchased,
  "depin.payments.v1.EventUsageAccepted": EventUsageAccepted,
  "depin.payments.v1.EventUsageRejected": EventUsageRejected,
};

/** Events we understand and keep in the log without rows of their own. */
const LOGGED = new Set([
  "coinbase",
  "burn",
  "depin.registry.v1.EventNetworkTypeEnabled",
  "depin.registry.v1.EventNetworkTypeDisabled",
  "depin.registry.v1.EventParamsUpdated",
  "depin.proofs.v1.EventParamsUpdated",
  "depin.proofs.v1.hook_error",
  "depin.proofs.v1.plugin_deactivated",
  "depin.rewards.v1.EventParamsUpdated",
  "depin.payments.v1.EventCreditsDelegated",
  "depin.payments.v1.EventCreditDelegationRevoked",
  "depin.payments.v1.EventPriceFeedUpdated",
  "depin.payments.v1.EventParamsUpdated",
]);

export const PLUGIN_EVENT_PREFIX = "depin.plugin.";

/** SDK plumbing every tx emits; logging it would only dilute the stream. */
const IGNORED = new Set(["tx", "message", "coin_spent", "coin_received", "commission", "rewards", "mint"]);

const camelNames = new Map<string, string>();

/** proto field name -> JSON name, memoized: events repeat a handful of field names. */
function camel(key: string): string {
  let name = camelNames.get(key);
  if (name === undefined) {
    name = key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
    if (camelNames.size < 10_000) camelNames.set(key, name);
  }
  return name;
}

/** Attribute values are proto-JSON for typed events and plain strings for SDK events. */
export function parseAttributes(event: RawEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of event.attributes) {
    if (key === "mode" || key === "msg_index") continue; // added by the app/SDK, not event fields
    let parsed: unknown = value;
    const c = value.charCodeAt(0);
    // Only JSON-looking values are parsed: an SDK attribute like "1000ufield" stays a string.
    if (c === 0x22 || c === 0x7b || c === 0x5b || value === "true" || value === "false" || value === "null" || /^-?\d+$/.test(value)) {
      try {
        parsed = JSON.parse(value);
      } catch {
        parsed = value;
      }
    }
    out[key] = parsed;
  }
  return out;
}

/** "1000ufield,5uother" -> the amount of `denom` ("0" when absent). */
export function nativeAmount(coins: string, denom: string): string {
  let total = 0n;
  for (const part of coins.split(",")) {
    const m = /^(\d+)(.+)$/.exec(part.trim());
    if (m && m[2] === denom) total += BigInt(m[1]);
  }
  return total.toString();
}

function decodeOne(event: RawEvent, pos: EventPosition, denom: string): DecodedEvent {
  if (IGNORED.has(event.type)) return { ...pos, status: "ignored", kind: event.type };
  const attributes = parseAttributes(event);
  const codec = TYPED[event.type];
  if (codec) {
    const required = Object.keys(attributes).length > 0;
    if (!required) return { ...pos, status: "unknown", kind: event.type, attributes, error: "no attributes" };
    try {
      const json: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(attributes)) json[camel(k)] = v;
      const value = codec.fromJSON(json);
      return { ...pos, status: "typed", event: { kind: event.type, value } as TypedEvent, attributes };
    } catch (error) {
      return { ...pos, status: "unknown", kind: event.type, attributes, error: String(error) };
    }
  }
  if (event.type === "transfer") {
    const { sender, recipient, amount } = attributes;
    if (typeof sender !== "string" || typeof recipient !== "string" || typeof amount !== "string") {
      return { ...pos, status: "unknown", kind: event.type, attributes, error: "transfer without sender/recipient/amount" };
    }
    const native = nativeAmount(amount, denom);
    if (native === "0") return { ...pos, status: "ignored", kind: event.type };
    return { ...pos, status: "typed", event: { kind: "transfer", value: { sender, recipient, amount: native } }, attributes };
  }
  // Plugin events (`depin.plugin.<network type>.<name>`, emitted through the plugin API) are the
  // plugin's own vocabulary: kept in the log for StreamEvents, not materialized.
  if (LOGGED.has(event.type) || event.type.startsWith(PLUGIN_EVENT_PREFIX)) return { ...pos, status: "logged", kind: event.type, attributes };
  return { ...pos, status: "unknown", kind: event.type, attributes };
}

export function decodeBlock(block: RawBlock, denom: string): DecodedBlock {
  const events: DecodedEvent[] = [];
  let idx = 0;
  block.txs.forEach((tx, txIndex) => {
    for (const event of tx.events) events.push(decodeOne(event, { idx: idx++, txIndex, txHash: tx.hash }, denom));
  });
  for (const event of block.finalizeBlockEvents) events.push(decodeOne(event, { idx: idx++, txIndex: -1, txHash: "" }, denom));
  return { block, events, eventCount: idx };
}
