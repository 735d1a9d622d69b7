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

/** All pubsub messages for one committed block, in CometBFT's publishing order. */
export function blockMessages(committed: CommittedBlock): PubsubMessage[] {
  const { block: stored, results } = committed;
  const height = String(stored.height);
  const blockEvents = results.events;
  const messages: PubsubMessage[] = [
    {
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
    },
    {
      data: { type: "tendermint/event/NewBlockHeader", value: { header: headerJson(stored.block.header) } },
      events: eventsMap(blockEvents, { "tm.event": ["NewBlockHeader"], "block.height": [height] }),
    },
    {
      data: {
        type: "tendermint/event/NewBlockEvents",
        value: { height, events: blockEvents.map(eventJson), num_txs: String(stored.block.data.txs.length) },
      },
      events: eventsMap(blockEvents, { "tm.event": ["NewBlockEvents"], "block.height": [height] }),
    },
  ];
  stored.block.data.txs.forEach((tx, index) => {
    const result = results.txResults[index];
    messages.push({
      data: {
        type: "tendermint/event/Tx",
        value: { TxResult: { height, index, tx: toBase64(tx), result: execTxResultJson(result) } },
      },
      events: eventsMap(result.events, {
        "tm.event": ["Tx"],
        "tx.hash": [toHex(committed.txHashes[index])],
        "tx.height": [height],
      }),
    });
  });
  return messages;
}

export interface Subscription {
  readonly id: unknown;
  readonly query: Query;
}

export function matchingMessages(subscription: Subscription, messages: readonly PubsubMessage[]): PubsubMessage[] {
  return messages.filter((m) => matchesEvents(subscription.query, m.events));
}
