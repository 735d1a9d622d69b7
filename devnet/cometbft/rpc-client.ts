/**
 * The few CometBFT JSON-RPC reads the orchestrator and the tests need (status, block). Plain
 * fetch; the conformance suites use unmodified cosmjs instead.
 */
export class RpcUnavailableError extends Error {
  override readonly name = "RpcUnavailableError";
}

export interface NodeStatus {
  readonly height: number;
  readonly appHash: string;
  readonly catchingUp: boolean;
  readonly nodeId: string;
  readonly version: string;
}

export async function rpcCall<T>(url: string, method: string, params: Record<string, unknown> = {}, timeoutMs = 3000): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new RpcUnavailableError(`${url} ${method}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body = (await response.json()) as { result?: T; error?: { message: string; data?: string } };
  if (body.error) throw new Error(`${url} ${method}: ${body.error.message} ${body.error.data ?? ""}`);
  return body.result as T;
}

export async function nodeStatus(url: string): Promise<NodeStatus> {
  const r = await rpcCall<{ node_info: { id: string; version: string }; sync_info: { latest_block_height: string; latest_app_hash: string; catching_up: boolean } }>(url, "status");
  return {
    height: Number(r.sync_info.latest_block_height),
    appHash: r.sync_info.latest_app_hash,
    catchingUp: r.sync_info.catching_up,
    nodeId: r.node_info.id,
    version: r.node_info.version,
  };
}

/** Height or undefined when the node is down. */
export async function tryHeight(url: string): Promise<number | undefined> {
  try {
    return (await nodeStatus(url)).height;
  } catch {
    return undefined;
  }
}

/** Block hash and the app hash in its header (the state after the previous block). */
export async function blockHashes(url: string, height: number): Promise<{ blockHash: string; appHash: string }> {
  const r = await rpcCall<{ block_id: { hash: string }; block: { header: { app_hash: string } } }>(url, "block", { height: String(height) });
  return { blockHash: r.block_id.hash, appHash: r.block.header.app_hash };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
