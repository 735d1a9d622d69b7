/**
 * The throughput benches' senders: one keep-alive connection per account, sending its txs in order
 * with one request (a single `broadcast_tx_sync` call, or a JSON-RPC batch of `batch` calls, as
 * cosmjs's HttpBatchClient sends) in flight. Request bytes are rendered before the clock, as the
 * txs are signed before it.
 */
import { RawHttpConnection, renderPost } from "./raw-http";

export interface Sender {
  readonly connection: RawHttpConnection;
  readonly requests: readonly Buffer[];
}

/** `load[i]`: account i's base64 txs, sent to `urlFor(i)`. */
export async function prepareSenders(urlFor: (account: number) => string, load: readonly string[][], batch = 1): Promise<Sender[]> {
  let id = 1;
  const call = (tx: string) => ({ jsonrpc: "2.0", id: id++, method: "broadcast_tx_sync", params: { tx } });
  return Promise.all(
    load.map(async (txs, account) => {
      const url = urlFor(account);
      const requests: Buffer[] = [];
      for (let i = 0; i < txs.length; i += batch) {
        requests.push(renderPost(url, JSON.stringify(batch === 1 ? call(txs[i]) : txs.slice(i, i + batch).map(call))));
      }
      return { connection: await RawHttpConnection.open(url), requests };
    }),
  );
}

/**
 * Sends every sender's requests, then closes its connection; returns how many txs CheckTx refused.
 * `failedRequests: "count"` counts a request that fails (connection error, non-200) as refused
 * txs instead of failing the run.
 */
export async function sendAll(senders: readonly Sender[], failedRequests: "throw" | "count" = "throw"): Promise<number> {
  let rejected = 0;
  await Promise.all(
    senders.map(async ({ connection, requests }) => {
      try {
        for (const request of requests) {
          let answer: unknown;
          try {
            answer = JSON.parse(await connection.send(request));
          } catch (error) {
            if (failedRequests === "throw") throw error;
            rejected++;
            continue;
          }
          for (const response of (Array.isArray(answer) ? answer : [answer]) as Array<{ error?: unknown; result?: { code: number } }>) {
            if (response.error || response.result?.code !== 0) rejected++;
          }
        }
      } finally {
        connection.close();
      }
    }),
  );
  return rejected;
}
