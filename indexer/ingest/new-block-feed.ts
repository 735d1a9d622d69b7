/**
 * Heights of new blocks pushed over CometBFT's WebSocket (`subscribe` to NewBlockHeader), so the
 * ingester fetches a block as soon as it commits instead of waiting for its next poll.
 *
 * Written on `ws` rather than cosmjs's WebsocketClient because cosmjs's ReconnectingSocket arms a
 * reconnect timer when it is disconnected on purpose, then reconnects: a stopped indexer kept a
 * live socket and its process did not exit. Here closing is final, and reconnecting is the
 * caller's decision (the ingester already polls and resubscribes when the feed drops).
 * NewBlockHeader rather than NewBlock: the ingester only needs the height, and a NewBlock message
 * carries every tx and result of the block.
 */
import WebSocket from "ws";

export const NEW_BLOCK_HEADER_QUERY = "tm.event='NewBlockHeader'";

/** `http://host:26657` (or `ws://…`, with or without `/websocket`) -> `ws://host:26657/websocket`. */
export function websocketEndpoint(rpcUrl: string): string {
  const base = rpcUrl
    .replace(/^http/i, "ws")
    .replace(/\/+$/, "")
    .replace(/\/websocket$/, "");
  return `${base}/websocket`;
}

export interface NewBlockFeedOptions {
  /** Gives up on a handshake that takes longer than this. Default 10 s. */
  readonly handshakeTimeoutMs?: number;
}

/**
 * Calls `onHeight` for every committed block until the returned function is called. `onDrop` is
 * called at most once, when the connection fails, closes or the node refuses the subscription;
 * after that (or after the returned function) no callback runs and nothing is left open.
 */
export function subscribeNewBlockHeights(rpcUrl: string, onHeight: (height: number) => void, onDrop: (error: Error) => void, options: NewBlockFeedOptions = {}): () => void {
  const ws = new WebSocket(websocketEndpoint(rpcUrl), { handshakeTimeout: options.handshakeTimeoutMs ?? 10_000 });
  let finished = false;
  const finish = (error?: Error) => {
    if (finished) return;
    finished = true;
    ws.removeAllListeners("message");
    // A socket still connecting cannot be closed gracefully; terminate works in every state.
    ws.terminate();
    if (error) onDrop(error);
  };
  ws.on("open", () => {
    ws.send(JSON.stringify({ jsonrpc: "2.0", id: "fieldnet-indexer-new-block-header", method: "subscribe", params: { query: NEW_BLOCK_HEADER_QUERY } }));
  });
  ws.on("message", (data) => {
    let message: { error?: { message?: string; data?: string }; result?: { data?: { value?: { header?: { height?: unknown } } } } };
    try {
      message = JSON.parse(data.toString());
    } catch {
      finish(new Error("the node sent a WebSocket message that is not JSON"));
      return;
    }
    if (message.error) {
      finish(new Error(`the node refused subscribe(${NEW_BLOCK_HEADER_QUERY}): ${message.error.message ?? ""}${message.error.data ? `: ${message.error.data}` : ""}`));
      return;
    }
    // The first reply (the subscription's confirmation) has no data.
    const height = Number(message.result?.data?.value?.header?.height);
    if (Number.isSafeInteger(height) && height > 0) onHeight(height);
  });
  ws.on("error", (error) => finish(error));
  ws.on("close", (code, reason) => finish(new Error(`the node closed the WebSocket (code ${code}${reason.length > 0 ? `, ${reason.toString()}` : ""})`)));
  return () => finish();
}
