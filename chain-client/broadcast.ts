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

/** Sends `tx` with broadcast_tx_sync; returns the CheckTx verdict (never throws on code != 0). */
export async function broadcastSync(rpcUrl: string, tx: Uint8Array, timeoutMs = 10_000): Promise<BroadcastSyncResult> {
  const res = await fetch(rpcHttpUrl(rpcUrl), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method: "broadcast_tx_sync", params: { tx: Buffer.from(tx).toString("base64") } }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await res.json()) as { result?: { code: number; codespace?: string; log?: string; hash: string }; error?: { code: number; message: string; data?: string } };
  if (body.error) {
    // CometBFT-level refusals (mempool full, tx too large, already in cache) come as JSON-RPC errors.
    const text = `${body.error.message}${body.error.data ? `: ${body.error.data}` : ""}`;
    return { code: -1, codespace: "rpc", log: text, hash: txHashHex(tx) };
  }
  const r = body.result!;
  return { code: r.code, codespace: r.codespace ?? "", log: r.log ?? "", hash: r.hash.toUpperCase() };
}

/** cosmjs-compatible broadcastTxSync: the tx hash, or BroadcastTxError on a CheckTx rejection. */
export async function broadcastSyncOrThrow(rpcUrl: string, tx: Uint8Array): Promise<string> {
  const r = await broadcastSync(rpcUrl, tx);
  if (r.code !== 0) throw new BroadcastTxError(r.code, r.codespace, r.log);
  return r.hash;
}
