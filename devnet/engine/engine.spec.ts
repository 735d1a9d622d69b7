import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openKvEngine } from "../testing/kv-engine";
import { buildGenesisDoc, loadOrWriteGenesis } from "./genesis";
import { loadOrCreateValidatorKey } from "./validator-key";
import { HandshakeError, MempoolFullError, TxInCacheError, TxTooLargeError, GenesisMismatchError } from "./errors";
import { toHex } from "./encoding";

const utf8 = (s: string) => new Uint8Array(Buffer.from(s));

const open = openKvEngine;

describe("Engine", () => {
  let home: string;
  beforeEach(() => (home = mkdtempSync(join(tmpdir(), "devnet-engine-"))));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it("produces blocks whose header carries the previous app hash, and resumes after restart", async () => {
    const a = await open(home);
    const genesisAppHash = toHex(a.engine.appHash);
    await a.engine.checkTx(utf8("k=v"));
    const b1 = await a.engine.produceBlock();
    expect(toHex(b1.block.block.header.appHash)).toBe(genesisAppHash);
    expect(b1.block.block.data.txs).toHaveLength(1);
    const b2 = await a.engine.produceBlock();
    expect(toHex(b2.block.block.header.appHash)).toBe(toHex(b1.results.appHash));
    expect(toHex(b2.block.block.header.lastBlockId.hash)).toBe(toHex(b1.block.blockId.hash));
    expect(b2.block.block.header.time.seconds * 1000n + BigInt(b2.block.block.header.time.nanos / 1e6)).toBeGreaterThan(
      b1.block.block.header.time.seconds * 1000n + BigInt(b1.block.block.header.time.nanos / 1e6),
    );
    const hashAfter2 = toHex(a.engine.appHash);
    await a.close();

    const b = await open(home);
    expect(b.engine.height).toBe(2);
    expect(toHex(b.engine.appHash)).toBe(hashAfter2);
    const b3 = await b.engine.produceBlock();
    expect(b3.block.height).toBe(3);
    await b.close();
  });

  it("replays blocks the app never committed (crash between block store write and app commit)", async () => {
    let failCommit = false;
    const a = await open(home, {}, (app) => {
      const commit = app.commit.bind(app);
      app.commit = async () => {
        if (failCommit) throw new Error("simulated crash before app commit");
        return commit();
      };
      return app;
    });
    await a.engine.produceBlock();
    await a.engine.checkTx(utf8("lost=not"));
    failCommit = true;
    await expect(a.engine.produceBlock()).rejects.toThrow("simulated crash");
    expect(a.store.height()).toBe(2);
    await a.close();

    const b = await open(home);
    expect(b.engine.height).toBe(2);
    const stored = b.store.getResults(2)!;
    expect(toHex(b.engine.appHash)).toBe(toHex(stored.appHash));
    const info = await b.engine.info();
    expect(Number(info.lastBlockHeight)).toBe(2);
    await b.close();
  });

  it("refuses an app ahead of the block store", async () => {
    const a = await open(home);
    await a.engine.produceBlock();
    await a.close();
    rmSync(join(home, "blockstore.db"));
    rmSync(join(home, "blockstore.db-wal"), { force: true });
    rmSync(join(home, "blockstore.db-shm"), { force: true });
    await expect(open(home)).rejects.toBeInstanceOf(HandshakeError);
  });

  it("refuses a changed genesis", async () => {
    const key = loadOrCreateValidatorKey(home);
    loadOrWriteGenesis(home, buildGenesisDoc({ chainId: "one", appState: {}, validatorKey: key }));
    expect(() => loadOrWriteGenesis(home, buildGenesisDoc({ chainId: "two", appState: {}, validatorKey: key }))).toThrow(GenesisMismatchError);
  });

  it("mempool: rejects duplicates, oversize and overflow; automine batches", async () => {
    const a = await open(home, { mempool: { maxTxs: 2, maxTxBytes: 64 } });
    const bad = await a.engine.checkTx(utf8("garbage"));
    expect(bad.response.code).toBe(1);
    // A rejected tx leaves the cache, so the same bytes are checked again (not "in cache").
    expect((await a.engine.checkTx(utf8("garbage"))).response.code).toBe(1);
    await a.engine.checkTx(utf8("a=1"));
    expect(() => a.engine.submitTx(utf8("a=1"))).toThrow(TxInCacheError);
    expect(() => a.engine.submitTx(utf8("x=" + "y".repeat(100)))).toThrow(TxTooLargeError);
    await a.engine.checkTx(utf8("b=1"));
    expect(() => a.engine.submitTx(utf8("c=1"))).toThrow(MempoolFullError);
    const block = await a.engine.produceBlock();
    expect(block.block.block.data.txs).toHaveLength(2);
    expect(a.engine.mempool.size).toBe(0);
    await a.close();
  });

  it("automine (blockTime 0) makes a block as soon as a tx arrives", async () => {
    const a = await open(home, { blockTimeMs: 0 });
    a.engine.start();
    await new Promise<void>((r) => a.engine.onBlock(() => r()));
    const heightBefore = a.engine.height;
    await new Promise((r) => setTimeout(r, 300));
    expect(a.engine.height).toBe(heightBefore);
    const included = new Promise<number>((r) => a.engine.onBlock((b) => b.block.block.data.txs.length && r(b.block.height)));
    await a.engine.checkTx(utf8("auto=1"));
    expect(await included).toBe(heightBefore + 1);
    await a.close();
  });
});
