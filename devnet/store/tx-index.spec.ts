import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { toHex } from "../engine/encoding";
import { sha256 } from "../engine/hashing";
import type { BlockStore } from "./block-store";
import { openKvEngine as open } from "../testing/kv-engine";
import { parseQuery } from "./query";

const utf8 = (s: string) => new Uint8Array(Buffer.from(s));
const page = { page: 1, perPage: 100, orderBy: "asc" as const };

/** Everything the RPC's tx and tx_search / block_search read, as comparable JSON. */
function snapshot(store: BlockStore, hashes: Uint8Array[]) {
  const txs = store.searchTxs(parseQuery("message.module='kvstore'"), page);
  const blocks = store.searchBlocks(parseQuery("block_summary.num_txs > 0"), page);
  return {
    byHash: hashes.map((h) => {
      const tx = store.getTx(h);
      return tx && { height: tx.height, index: tx.index, code: tx.result.code, events: tx.result.events.length };
    }),
    search: { total: txs.totalCount, rows: txs.items.map((t) => `${t.height}/${t.index}/${toHex(t.hash)}`) },
    blocks: { total: blocks.totalCount, heights: blocks.items.map((b) => b.height) },
  };
}

/** Commits one block per entry of `blocks` (its txs), waits for the index, snapshots it and closes. */
async function indexedChain(home: string, blocks: readonly string[][]) {
  const node = await open(home);
  const hashes: Uint8Array[] = [];
  for (const txs of blocks) {
    for (const text of txs) {
      const tx = utf8(text);
      await node.engine.checkTx(tx);
      hashes.push(sha256(tx));
    }
    await node.engine.produceBlock();
  }
  await node.store.indexCaughtUp();
  const before = snapshot(node.store, hashes);
  await node.close();
  return { hashes, before };
}

describe("tx index (indexer thread beside the block store)", () => {
  let home: string;
  beforeEach(() => (home = mkdtempSync(join(tmpdir(), "devnet-txindex-"))));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it("finds a tx by hash and by event as soon as its block is saved (queries wait for the index)", async () => {
    const node = await open(home);
    try {
      const hashes: Uint8Array[] = [];
      for (let block = 0; block < 3; block++) {
        for (let i = 0; i < 4; i++) {
          const tx = utf8(`key${block}x${i}=value${i}`);
          await node.engine.checkTx(tx);
          hashes.push(sha256(tx));
        }
        await node.engine.produceBlock();
        await node.store.indexCaughtUp();
        expect(node.store.getTx(hashes[hashes.length - 1])?.height).toBe(node.engine.height);
      }
      const seen = snapshot(node.store, hashes);
      expect(seen.search.total).toBe(12);
      expect(seen.byHash.every((t) => t !== undefined && t.code === 0 && t.events === 3)).toBe(true);
      expect(node.store.searchTxs(parseQuery("app.key='key1x2'"), page).items.map((t) => toHex(t.hash))).toEqual([toHex(hashes[6])]);
      expect(seen.blocks.heights).toEqual([1, 2, 3]);
    } finally {
      await node.close();
    }
  });

  it("indexes every attribute of a block whose rows fill several batched inserts and a remainder", async () => {
    const node = await open(home);
    try {
      const hashes: Uint8Array[] = [];
      // Keys in descending order, so the block's rows are not already in the index's sort order.
      for (let i = 40; i >= 1; i--) {
        const tx = utf8(`many${String(i).padStart(2, "0")}=v${i}`);
        await node.engine.checkTx(tx);
        hashes.push(sha256(tx));
      }
      await node.engine.produceBlock();
      await node.store.indexCaughtUp();
      const all = node.store.searchTxs(parseQuery("message.module='kvstore'"), page);
      expect(all.totalCount).toBe(40);
      expect(all.items.map((t) => t.index)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      hashes.forEach((hash, position) => {
        const key = `many${String(40 - position).padStart(2, "0")}`;
        expect(node.store.searchTxs(parseQuery(`app.key='${key}'`), page).items.map((t) => toHex(t.hash))).toEqual([toHex(hash)]);
      });
      const indexed = new Database(join(home, "txindex.db"), { readonly: true });
      try {
        const perTx = indexed.prepare("SELECT idx, COUNT(*) AS n FROM tx_events GROUP BY idx").all() as Array<{ idx: number; n: number }>;
        expect(perTx).toHaveLength(40);
        expect(new Set(perTx.map((row) => row.n)).size).toBe(1);
        expect(perTx[0].n * 40).toBeGreaterThan(64);
      } finally {
        indexed.close();
      }
    } finally {
      await node.close();
    }
  });

  it("rebuilds a lost or lagging index from the block store on the next start, identical to the original", async () => {
    const { hashes, before } = await indexedChain(
      home,
      Array.from({ length: 5 }, (_, block) => Array.from({ length: 3 }, (_, i) => `b${block}t${i}=${"v".repeat(i + 1)}`)),
    );

    // A crash before the indexer thread wrote anything looks like this: blocks saved, no index.
    for (const file of readdirSync(home)) if (file.startsWith("txindex.db")) rmSync(join(home, file));

    const second = await open(home);
    try {
      await second.store.indexCaughtUp();
      expect(snapshot(second.store, hashes)).toEqual(before);
      expect(before.search.total).toBe(15);
    } finally {
      await second.close();
    }
  });

  it("drops an index written in the earlier layout and rebuilds it", async () => {
    const { hashes, before } = await indexedChain(home, [["old0=v"], ["old1=v"], ["old2=v"]]);

    // What an earlier version left: tx_events with a rowid and two secondary indexes, other rows.
    const old = new Database(join(home, "txindex.db"));
    old.exec(`DROP TABLE tx_events;
      CREATE TABLE tx_events (height INTEGER NOT NULL, idx INTEGER NOT NULL, seq INTEGER NOT NULL, ckey TEXT NOT NULL, value TEXT NOT NULL);
      CREATE INDEX tx_events_kv ON tx_events (ckey, value);
      CREATE INDEX tx_events_row ON tx_events (height, idx, seq);
      INSERT INTO tx_events VALUES (1, 0, 0, 'app.key', 'stale');`);
    old.close();

    const second = await open(home);
    try {
      await second.store.indexCaughtUp();
      expect(snapshot(second.store, hashes)).toEqual(before);
      expect(second.store.searchTxs(parseQuery("app.key='stale'"), page).totalCount).toBe(0);
      expect(second.store.searchTxs(parseQuery("app.key='old1'"), page).items.map((t) => toHex(t.hash))).toEqual([toHex(hashes[1])]);
    } finally {
      await second.close();
    }
  });
});
