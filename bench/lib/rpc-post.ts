/**
 * A lean JSON-RPC poster for load generation: node:http with a keep-alive agent. Node 20's fetch
 * costs the load generator ~1 ms of CPU per request on this machine, which would make the
 * client, not the chain, the bottleneck of a throughput benchmark.
 */
import { Agent, request } from "node:http";

const agent = new Agent({ keepAlive: true, maxSockets: 256 });
let nextId = 1;

export function rpcPost(url: string, method: string, params: unknown): Promise<any> {
  return postBody(url, JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }));
}

/**
 * A JSON-RPC 2.0 batch (one HTTP request, an array of calls; CometBFT's RPC accepts them, and
 * cosmjs's HttpBatchClient sends them). Resolves to the responses in request order.
 */
export async function rpcPostBatch(url: string, method: string, paramsList: readonly unknown[]): Promise<any[]> {
  const first = nextId;
  nextId += paramsList.length;
  const responses: Array<{ id: number }> = await postBody(url, JSON.stringify(paramsList.map((params, i) => ({ jsonrpc: "2.0", id: first + i, method, params }))));
  return [...responses].sort((a, b) => a.id - b.id);
}

function postBody(url: string, body: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

export function closeRpcAgent(): void {
  agent.destroy();
}
