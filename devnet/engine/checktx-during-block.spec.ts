/**
 * CheckTx runs while a block executes (its signature checks overlap the block on the app's
 * worker, and a block's commit and recheck too: they start at admission, and CheckTx follows in
 * arrival order), yet none straddles a commit: a stream of same-sender txs with consecutive sequences,
 * submitted while blocks are being produced every few milliseconds, is accepted and committed
 * in full. A check that finished against a stale check state after Commit, or a recheck that ran
 * after a newer check, would show up here as a wrong-sequence rejection or an evicted tx.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import config from "../../fieldnet.config";
import { accountFromMnemonic, msgSend, signTx } from "../../modules/app/testing/test-accounts";
import { startDevnet, type RunningDevnet } from "../devnet";
import { sha256 } from "./hashing";

jest.setTimeout(120_000);

describe("CheckTx during block production", () => {
  let home: string;
  let devnet: RunningDevnet;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "fieldnet-checktx-overlap-"));
    devnet = await startDevnet({ config, home, port: 0, blockTimeMs: 5, accounts: 2 });
  });
  afterAll(async () => {
    await devnet?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it("accepts and commits every tx of a sequence stream submitted while blocks are produced", async () => {
    const sender = await accountFromMnemonic(devnet.accounts[0].mnemonic, config.bech32Prefix);
    const recipient = devnet.accounts[1].address;
    const count = 600;
    const txs: Uint8Array[] = [];
    for (let sequence = 0; sequence < count; sequence++) {
      txs.push(await signTx(sender, [msgSend(sender.address, recipient, "1", config.denom)], { chainId: devnet.chainId, accountNumber: 0n, sequence: BigInt(sequence) }));
    }

    const wanted = new Set(txs.map((tx) => Buffer.from(sha256(tx)).toString("hex")));
    const committed = new Map<string, number>();
    const failed: string[] = [];
    const unsubscribe = devnet.engine.onBlock(({ block, results, txHashes }) => {
      txHashes.forEach((hash, index) => {
        const key = Buffer.from(hash).toString("hex");
        if (!wanted.has(key)) return;
        if (results.txResults[index].code !== 0 || committed.has(key)) failed.push(`${key} at ${block.height}: code ${results.txResults[index].code}`);
        committed.set(key, block.height);
      });
    });
    const checks = [];
    // Bursts in order, with the event loop turning between them so blocks run in the middle.
    for (let i = 0; i < count; i += 6) {
      for (const tx of txs.slice(i, i + 6)) checks.push(devnet.engine.submitTx(tx).checked);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const outcomes = await Promise.all(checks);
    expect(outcomes.filter((o) => o.response.code !== 0).map((o) => o.response.log)).toEqual([]);

    const deadline = Date.now() + 60_000;
    while (committed.size < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    unsubscribe();
    expect(failed).toEqual([]);
    expect(committed.size).toBe(count);
    // More than one block, so CheckTx calls really interleaved with block production.
    expect(new Set(committed.values()).size).toBeGreaterThan(1);
    expect(devnet.engine.mempool.size).toBe(0);
  });
});
