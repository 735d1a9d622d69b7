/**
 * Crash safety: SIGKILL a child devnet at random moments while it produces blocks and commits txs,
 * restart it, and check that nothing reported committed was lost and history did not change.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rpcCall, spawnDevnet, type DevnetChild } from "./testing/spawn";

jest.setTimeout(120_000);

const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("devnet survives SIGKILL", () => {
  let home: string;
  let current: DevnetChild | undefined;

  beforeAll(() => (home = mkdtempSync(join(tmpdir(), "devnet-crash-"))));
  afterAll(async () => {
    if (current && current.child.exitCode === null) {
      current.child.kill("SIGKILL");
      await current.exited;
    }
    rmSync(home, { recursive: true, force: true });
  });

  it("resumes at the last committed height with the same history and every committed tx", async () => {
    const committed: { hash: string; height: number }[] = [];
    const blockHashes = new Map<number, string>();
    let lastHeight = 0;
    let txCounter = 0;

    for (let round = 0; round < 4; round++) {
      current = await spawnDevnet(["--app", "kv", "--home", home, "--port", "0", "--block-time", "40", "--accounts", "1"]);
      const url = current.banner.rpcUrl;
      expect(current.banner.height).toBeGreaterThanOrEqual(lastHeight);

      // History is unchanged: every block hash seen before (which pins the app hash after the
      // previous block) is identical after the restart, and no committed tx is lost.
      for (const [height, hash] of blockHashes) {
        const block = await rpcCall(url, "block", { height: String(height) });
        expect(block.result?.block_id.hash).toBe(hash);
      }
      for (const tx of committed) {
        const found = await rpcCall(url, "tx", { hash: Buffer.from(tx.hash, "hex").toString("base64") });
        expect(found.error).toBeUndefined();
        expect(Number(found.result.height)).toBe(tx.height);
      }

      // Load: three clients committing txs until the kill.
      let alive = true;
      const clients = [0, 1, 2].map(async (c) => {
        while (alive) {
          const n = txCounter++;
          try {
            const res = await rpcCall(url, "broadcast_tx_commit", { tx: b64(`k${c}-${n}=v${n}`) });
            if (res.result && res.result.tx_result.code === 0 && Number(res.result.height) > 0) {
              committed.push({ hash: res.result.hash, height: Number(res.result.height) });
            }
          } catch {
            return; // connection dropped by the kill
          }
        }
      });
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
      const chain = await rpcCall(url, "blockchain", {});
      for (const meta of chain.result.block_metas as { header: { height: string }; block_id: { hash: string } }[]) {
        blockHashes.set(Number(meta.header.height), meta.block_id.hash);
      }
      lastHeight = Number(chain.result.last_height);
      // A little more production, then kill at an arbitrary point of it.
      await new Promise((r) => setTimeout(r, Math.random() * 60));
      current.child.kill("SIGKILL");
      alive = false;
      expect(await current.exited).toBe("SIGKILL");
      await Promise.all(clients);
    }
    expect(committed.length).toBeGreaterThan(10);

    current = await spawnDevnet(["--app", "kv", "--home", home, "--port", "0", "--block-time", "40", "--accounts", "1"]);
    const url = current.banner.rpcUrl;
    for (const tx of committed) {
      const found = await rpcCall(url, "tx", { hash: Buffer.from(tx.hash, "hex").toString("base64") });
      expect(Number(found.result?.height)).toBe(tx.height);
    }
    for (const [height, hash] of blockHashes) {
      expect((await rpcCall(url, "block", { height: String(height) })).result?.block_id.hash).toBe(hash);
    }
    current.child.kill("SIGTERM");
    expect(await current.exited).toBe(0);
  });
});
