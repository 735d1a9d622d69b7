/**
 * broadcast_tx_sync over plain JSON-RPC. cosmjs decodes ResultBroadcastTx.data as base64, but
 * CometBFT (and our devnet) send it as hex (HexBytes); that only works in cosmjs while CheckTx
 * returns empty data, which the Fieldnet app does not (it returns the msg responses). We only need
 * code/codespace/log/hash, so we read those and never touch `data`.
 */
import { BroadcastTxError } from "@cosmjs/stargate";
import { createHash } from "node:crypto";

export interface BroadcastSyncResult {
  readonly code: number;
  readonly codespace: string;
  readonly log: string;
  /** Upper-case hex tx hash. */
  readonly hash: string;
}

let nextId = 1;

export function txHashHex(tx: Uint8Array): string {
  return createHash("sha256").update(tx).digest("hex").toUpperCase();
}

export function rpcHttpUrl(endpoint: string): string {
  return endpoint.replace(/^ws(s?):\/\//, "http$1://").replace(/\/websocket$/, "");
}

type RpcReply = { id?: number; result?: { code: number; codespace?: string; log?: string; hash: string }; error?: { code: number; message: string; data?: string } };

function syncResult(tx: Uint8Array, body: RpcReply | undefined): BroadcastSyncResult {
  if (!body || body.error || !body.result) {
    // CometBFT-level refusals (mempool full, tx too large, already in cache) come as JSON-RPC errors.
    const text = body?.error ? `${body.error.message}${body.error.data ? `: ${body.error.data}` : ""}` : "no answer for this tx in the JSON-RPC reply";
    return { code: -1, codespace: "rpc", log: text, hash: txHashHex(tx) };
  }
  const r = body.result;
  return { code: r.code, codespace: r.codespace ?? "", log: r.log ?? "", hash: r.hash.toUpperCase() };
}

/** Sends `tx` with broadcast_tx_sync; returns the CheckTx verdict (never throws on code != 0). */
export async function broadcastSync(rpcUrl: string, tx: Uint8Array, timeoutMs = 10_000): Promise<BroadcastSyncResult> {
  const res = await fetch(rpcHttpUrl(rpcUrl), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method: "broadcast_tx_sync", params: { tx: Buffer.from(tx).toString("base64") } }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return syncResult(tx, (await res.json()) as RpcReply);
}

/**
 * Sends several txs with broadcast_tx_sync in ONE JSON-RPC batch request and returns their CheckTx
 * verdicts in the order given. The node runs a batch's calls in order (CometBFT's JSON-RPC server
 * does; so does the devnet), so txs of one account with consecutive sequences reach CheckTx in
 * sequence order: one round trip instead of one per tx. Keep `txs` within the node's
 * rpc.max_request_batch_size (CometBFT's default: 10), or the node refuses the batch as a whole
 * (every result then carries its error). Throws only when the request itself fails (then the node
 * may or may not have seen each tx).
 */
export async function broadcastSyncMany(rpcUrl: string, txs: readonly Uint8Array[], timeoutMs = 10_000): Promise<BroadcastSyncResult[]> {
  if (txs.length === 0) return [];
  const first = nextId;
  nextId += txs.length;
  const res = await fetch(rpcHttpUrl(rpcUrl), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(txs.map((tx, i) => ({ jsonrpc: "2.0", id: first + i, method: "broadcast_tx_sync", params: { tx: Buffer.from(tx).toString("base64") } }))),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await res.json()) as RpcReply[] | RpcReply;
  // A node that refuses the batch as a whole answers with one error object.
  const replies = Array.isArray(body) ? body : [];
  const byId = new Map(replies.map((r) => [r.id, r]));
  return txs.map((tx, i) => syncResult(tx, byId.get(first + i) ?? (Array.isArray(body) ? undefined : body)));
}

/** cosmjs-compatible broadcastTxSync: the tx hash, or BroadcastTxError on a CheckTx rejection. */
export async function broadcastSyncOrThrow(rpcUrl: string, tx: Uint8Array): Promise<string> {
  const r = await broadcastSync(rpcUrl, tx);
  if (r.code !== 0) throw new BroadcastTxError(r.code, r.codespace, r.log);
  return r.hash;
}
