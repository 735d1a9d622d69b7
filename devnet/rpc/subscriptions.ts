/**
 * Turns committed blocks into CometBFT pubsub messages (NewBlock, NewBlockHeader, NewBlockEvents,
 * Tx) and delivers those matching each WebSocket subscription's query. Message shape:
 * `{jsonrpc, id: <the subscribe request id>, result: {query, data: {type, value}, events}}`.
 */
import type { CommittedBlock } from "../engine/engine";
import { toBase64, toHex } from "../engine/encoding";
import { matchesEvents, type Query } from "../store/query";
import { blockIdJson, blockJson, eventJson, eventsMap, execTxResultJson, headerJson } from "./json";

export interface PubsubMessage {
  readonly data: { readonly type: string; readonly value: unknown };
  readonly events: Record<string, string[]>;
}

/** The `tm.event` value a message is published under. */
export type PubsubEventKind = "NewBlock" | "NewBlockHeader" | "NewBlockEvents" | "Tx";

/**
 * A message of one block, built on first use: JSON of the whole block and of every tx result
 * costs tens of µs per tx, and most subscribers (an indexer following NewBlockHeader) want none
 * of it. Built at most once, however many subscriptions match it.
 */
export interface BlockMessage {
  readonly kind: PubsubEventKind;
  message(): PubsubMessage;
}

export function lazyMessage(kind: PubsubEventKind, build: () => PubsubMessage): BlockMessage {
  let built: PubsubMessage | undefined;
  return { kind, message: () => (built ??= build()) };
}

/** All pubsub messages for one committed block, in CometBFT's publishing order. */
export function blockMessages(committed: CommittedBlock): BlockMessage[] {
  const { block: stored, results } = committed;
  const height = String(stored.height);
  const blockEvents = results.events;
  const messages: BlockMessage[] = [
    lazyMessage("NewBlock", () => ({
      data: {
        type: "tendermint/event/NewBlock",
        value: {
          block: blockJson(stored.block),
          block_id: blockIdJson(stored.blockId),
          result_finalize_block: {
            events: blockEvents.map(eventJson),
            tx_results: results.txResults.map(execTxResultJson),
            validator_updates: [],
            app_hash: toBase64(results.appHash),
          },
        },
      },
      events: eventsMap(blockEvents, { "tm.event": ["NewBlock"], "block.height": [height] }),
    })),
    lazyMessage("NewBlockHeader", () => ({
      data: { type: "tendermint/event/NewBlockHeader", value: { header: headerJson(stored.block.header) } },
      events: eventsMap(blockEvents, { "tm.event": ["NewBlockHeader"], "block.height": [height] }),
    })),
    lazyMessage("NewBlockEvents", () => ({
      data: {
        type: "tendermint/event/NewBlockEvents",
        value: { height, events: blockEvents.map(eventJson), num_txs: String(stored.block.data.txs.length) },
      },
      events: eventsMap(blockEvents, { "tm.event": ["NewBlockEvents"], "block.height": [height] }),
    })),
  ];
  stored.block.data.txs.forEach((tx, index) => {
    const result = results.txResults[index];
    messages.push(
      lazyMessage("Tx", () => ({
        data: {
          type: "tendermint/event/Tx",
          value: { TxResult: { height, index, tx: toBase64(tx), result: execTxResultJson(result) } },
        },
        events: eventsMap(result.events, {
          "tm.event": ["Tx"],
          "tx.hash": [toHex(committed.txHashes[index])],
          "tx.height": [height],
        }),
      })),
    );
  });
  return messages;
}

export interface Subscription {
  readonly id: unknown;
  readonly query: Query;
}

/**
 * Whether a message of this kind can match at all: a `tm.event = 'X'` condition (conditions are
 * ANDed) rules out every other kind without building the message.
 */
function mayMatch(query: Query, kind: PubsubEventKind): boolean {
  return query.conditions.every((c) => c.key !== "tm.event" || c.op !== "=" || c.operand.kind !== "string" || c.operand.value === kind);
}

export function matchingMessages(subscription: Subscription, messages: readonly BlockMessage[]): PubsubMessage[] {
  const out: PubsubMessage[] = [];
  for (const m of messages) {
    if (!mayMatch(subscription.query, m.kind)) continue;
    const built = m.message();
    if (matchesEvents(subscription.query, built.events)) out.push(built);
  }
  return out;
}
