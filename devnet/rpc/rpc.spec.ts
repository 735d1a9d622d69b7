import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { toHex, toUtf8, fromUtf8 } from "@cosmjs/encoding";
import { sha256 } from "@cosmjs/crypto";
import { startDevnet, type RunningDevnet } from "../devnet";
import { rpcCall } from "../testing/spawn";
import type { NetworkConfig } from "../../modules/app/network-config";

const config: NetworkConfig = {
  chainId: "rpc-test-1",
  bech32Prefix: "depin",
  denom: "ufield",
  minGasPrice: "0.025",
  devAccounts: { count: 2, balance: "1000" },
};

describe("CometBFT RPC decoded by cosmjs Comet38Client", () => {
  let home: string;
  let devnet: RunningDevnet;
  let client: Comet38Client;
  let committedHeight: number;
  const txA = toUtf8("depin1alice=depin1bob");
  const txB = toUtf8("counter=42");

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "devnet-rpc-"));
    devnet = await startDevnet({ config, home, app: "kv", port: 0, blockTimeMs: 100 });
    client = await Comet38Client.connect(devnet.rpcUrl);
    const a = await client.broadcastTxCommit({ tx: txA });
    const b = await client.broadcastTxCommit({ tx: txB });
    committedHeight = b.height;
    expect(a.txResult?.code).toBe(0);
  });

  afterAll(async () => {
    client?.disconnect();
    await devnet?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it("status / health / abci_info / genesis / validators", async () => {
    const status = await client.status();
    expect(status.nodeInfo.network).toBe("rpc-test-1");
    expect(status.nodeInfo.version.startsWith("0.38.")).toBe(true);
    expect(status.syncInfo.latestBlockHeight).toBeGreaterThanOrEqual(committedHeight);
    expect(status.validatorInfo.pubkey?.algorithm).toBe("ed25519");
    expect(await client.health()).toBeNull();
    const info = await client.abciInfo();
    expect(info.lastBlockHeight).toBeGreaterThan(0);
    const genesis = await client.genesis();
    expect(genesis.chainId).toBe("rpc-test-1");
    expect(genesis.validators).toHaveLength(1);
    const vals = await client.validators({});
    expect(vals.total).toBe(1);
    expect(toHex(vals.validators[0].address).toUpperCase()).toBe(devnet.validatorAddress);
    const all = await client.validatorsAll();
    expect(all.count).toBe(1);
  });

  it("abci_query returns the committed value with a non-zero height", async () => {
    const res = await client.abciQuery({ path: "/key", data: toUtf8("counter") });
    expect(fromUtf8(res.value)).toBe("42");
    expect(res.height).toBeGreaterThan(0);
  });

  it("block, block_results, blockchain, commit", async () => {
    const block = await client.block(committedHeight);
    expect(block.block.txs.map((t) => fromUtf8(t))).toContain("counter=42");
    const latest = await client.block();
    expect(latest.block.header.height).toBeGreaterThanOrEqual(committedHeight);
    const results = await client.blockResults(committedHeight);
    expect(results.results[0].code).toBe(0);
    expect(results.finalizeBlockEvents[0].type).toBe("block_summary");
    const chain = await client.blockchain(1, committedHeight);
    expect(chain.blockMetas[0].header.height).toBe(committedHeight);
    const commit = await client.commit(committedHeight);
    expect(commit.commit.signatures).toHaveLength(1);
    expect(toHex(commit.commit.blockId.hash)).toBe(toHex(block.blockId.hash));
    // Block N+1 carries the app hash after N and the last block id of N.
    const next = await client.block(committedHeight + 1).catch(() => undefined);
    if (next) expect(toHex(next.block.header.lastBlockId!.hash)).toBe(toHex(block.blockId.hash));
  });

  it("tx and tx_search with CometBFT query forms", async () => {
    const hash = sha256(txB);
    const tx = await client.tx({ hash });
    expect(tx.height).toBe(committedHeight);
    expect(fromUtf8(tx.tx)).toBe("counter=42");

    const byHash = await client.txSearch({ query: `tx.hash='${toHex(hash).toUpperCase()}'` });
    expect(byHash.totalCount).toBe(1);
    const byHeight = await client.txSearch({ query: `tx.height=${committedHeight}` });
    expect(byHeight.txs.map((t) => fromUtf8(t.tx))).toContain("counter=42");
    const bySender = await client.txSearch({ query: "message.sender='depin1alice'" });
    expect(bySender.totalCount).toBe(1);
    const byRecipient = await client.txSearch({ query: "transfer.recipient='depin1bob' AND message.action='set'" });
    expect(byRecipient.totalCount).toBe(1);
    const numeric = await client.txSearch({ query: "app.size > 5 AND tx.height >= 1" });
    expect(numeric.txs.map((t) => fromUtf8(t.tx))).toEqual(["depin1alice=depin1bob"]);
    const contains = await client.txSearch({ query: "app.key CONTAINS 'count'" });
    expect(contains.totalCount).toBe(1);
    const exists = await client.txSearch({ query: "app.key EXISTS", order_by: "desc", per_page: 1 });
    expect(exists.totalCount).toBe(2);
    expect(exists.txs).toHaveLength(1);
    expect(fromUtf8(exists.txs[0].tx)).toBe("counter=42");
    // Same-event semantics: these two attributes never sit in one transfer event.
    const cross = await client.txSearch({ query: "transfer.recipient='depin1bob' AND transfer.amount='2ufield'" });
    expect(cross.totalCount).toBe(0);
    const none = await client.txSearch({ query: "message.sender='nobody'" });
    expect(none.totalCount).toBe(0);
    const all = await client.txSearchAll({ query: "message.module='kvstore'", per_page: 1 });
    expect(all.totalCount).toBe(2);
  });

  it("block_search over finalize_block_events", async () => {
    const res = await client.blockSearch({ query: `block_summary.num_txs > 0 AND block.height <= ${committedHeight}` });
    expect(res.totalCount).toBe(2);
  });

  it("broadcast_tx_sync / async, num_unconfirmed_txs, CheckTx rejection", async () => {
    const sync = await client.broadcastTxSync({ tx: toUtf8("s=1") });
    expect(sync.code).toBe(0);
    const async_ = await client.broadcastTxAsync({ tx: toUtf8("a=1") });
    expect(toHex(async_.hash)).toBe(toHex(sha256(toUtf8("a=1"))));
    const bad = await client.broadcastTxSync({ tx: toUtf8("no-equals-sign") });
    expect(bad.code).toBe(1);
    expect(bad.codespace).toBe("kvstore");
    const n = await client.numUnconfirmedTxs();
    expect(n.total).toBeGreaterThanOrEqual(0);
    const failing = await client.broadcastTxCommit({ tx: toUtf8("fail=1") });
    expect(failing.txResult?.code).toBe(5);
  });

  it("rejects duplicates with CometBFT's cache error", async () => {
    const res = await rpcCall(devnet.rpcUrl, "broadcast_tx_sync", { tx: Buffer.from("counter=42").toString("base64") });
    expect(res.error?.data).toBe("tx already exists in cache");
  });

  it("errors: unknown method, bad params, malformed tx, too-high height, unknown tx", async () => {
    expect((await rpcCall(devnet.rpcUrl, "nope")).error?.code).toBe(-32601);
    const badHeight = await rpcCall(devnet.rpcUrl, "block", { height: "abc" });
    expect(badHeight.error?.code).toBe(-32602);
    expect(badHeight.error?.data).toContain("height");
    const badTx = await rpcCall(devnet.rpcUrl, "broadcast_tx_sync", { tx: "%%%not base64" });
    expect(badTx.error?.code).toBe(-32602);
    expect(badTx.error?.data).toContain("tx");
    const missing = await rpcCall(devnet.rpcUrl, "broadcast_tx_sync", {});
    expect(missing.error?.code).toBe(-32602);
    const future = await rpcCall(devnet.rpcUrl, "block", { height: "999999" });
    expect(future.error?.code).toBe(-32603);
    expect(future.error?.data).toContain("must be less than or equal to the current blockchain height");
    const unknownTx = await rpcCall(devnet.rpcUrl, "tx", { hash: Buffer.alloc(32).toString("base64") });
    expect(unknownTx.error?.data).toMatch(/^tx \([0-9A-F]+\) not found$/);
    const badQuery = await rpcCall(devnet.rpcUrl, "tx_search", { query: "tx.height ==" });
    expect(badQuery.error?.code).toBe(-32602);
    const notJson = await fetch(devnet.rpcUrl, { method: "POST", body: "{nope" });
    expect(((await notJson.json()) as { error: { code: number } }).error.code).toBe(-32700);
    // The server survived all of the above.
    expect((await client.status()).nodeInfo.network).toBe("rpc-test-1");
  });

  it("URI GET form, block_by_hash, unconfirmed_txs, batch", async () => {
    const block = (await (await fetch(`${devnet.rpcUrl}/block?height=${committedHeight}`)).json()) as any;
    expect(block.result.block.header.height).toBe(String(committedHeight));
    const hash = block.result.block_id.hash as string;
    const byHash = (await (await fetch(`${devnet.rpcUrl}/block_by_hash?hash=0x${hash}`)).json()) as any;
    expect(byHash.result.block.header.height).toBe(String(committedHeight));
    const search = (await (await fetch(`${devnet.rpcUrl}/tx_search?query="tx.height=${committedHeight}"`)).json()) as any;
    expect(Number(search.result.total_count)).toBeGreaterThan(0);
    const tx = (await (await fetch(`${devnet.rpcUrl}/tx?hash=0x${toHex(sha256(txB))}`)).json()) as any;
    expect(tx.result.height).toBe(String(committedHeight));
    const unconfirmed = await rpcCall(devnet.rpcUrl, "unconfirmed_txs", {});
    expect(Array.isArray(unconfirmed.result.txs)).toBe(true);
    const batch = (await (
      await fetch(devnet.rpcUrl, {
        method: "POST",
        body: JSON.stringify([
          { jsonrpc: "2.0", id: 1, method: "health", params: {} },
          { jsonrpc: "2.0", id: 2, method: "nope", params: {} },
        ]),
      })
    ).json()) as any[];
    expect(batch.map((r) => r.id)).toEqual([1, 2]);
    expect(batch[1].error.code).toBe(-32601);
  });
});
