/**
 * Crash safety with the real app under load: a child devnet running the Fieldnet app commits
 * MsgSend txs from several senders and is SIGKILLed at random moments; after each restart it is
 * at or past its last committed height, history (block hashes, which pin the app hashes) is
 * unchanged, and every tx reported committed is still there.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StargateClient } from "@cosmjs/stargate";
import config from "../fieldnet.config";
import { FastSigner } from "../bench/lib/fast-signer";
import { accountFromMnemonic } from "../modules/app/testing/test-accounts";
import { rpcCall, spawnDevnet, type DevnetChild } from "./testing/spawn";

jest.setTimeout(180_000);

const SENDERS = 3;
const ARGS = ["--port", "0", "--block-time", "50", "--accounts", String(SENDERS + 1)];

describe("devnet with the Fieldnet app survives SIGKILL under load", () => {
  let home: string;
  let current: DevnetChild | undefined;

  beforeAll(() => (home = mkdtempSync(join(tmpdir(), "devnet-crash-app-"))));
  afterAll(async () => {
    if (current && current.child.exitCode === null) {
      current.child.kill("SIGKILL");
      await current.exited;
    }
    rmSync(home, { recursive: true, force: true });
  });

  it("resumes with every committed tx and unchanged history, several times", async () => {
    const committed: { hash: string; height: number }[] = [];
    const blockHashes = new Map<number, string>();
    let lastHeight = 0;

    for (let round = 0; round < 4; round++) {
      current = await spawnDevnet(["--home", home, ...ARGS], 60_000);
      const url = current.banner.rpcUrl;
      expect(current.banner.height).toBeGreaterThanOrEqual(lastHeight);
      for (const [height, hash] of blockHashes) {
        expect((await rpcCall(url, "block", { height: String(height) })).result?.block_id.hash).toBe(hash);
      }
      for (const tx of committed) {
        const found = await rpcCall(url, "tx", { hash: Buffer.from(tx.hash, "hex").toString("base64") });
        expect(Number(found.result?.height)).toBe(tx.height);
      }
      const reader = await StargateClient.connect(url);
      const accounts = current.banner.accounts.slice(0, SENDERS);
      const recipient = current.banner.accounts[SENDERS].address;
      const senders = await Promise.all(
        accounts.map(async (account, index) => ({
          address: account.address,
          accountNumber: index,
          signer: await FastSigner.fromPrivkey((await accountFromMnemonic(account.mnemonic, config.bech32Prefix)).privkey),
          sequence: (await reader.getSequence(account.address)).sequence,
        })),
      );
      reader.disconnect();

      let alive = true;
      const clients = senders.map(async (sender) => {
        while (alive) {
          const tx = sender.signer.signTx(
            [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: sender.address, toAddress: recipient, amount: [{ denom: config.denom, amount: "3" }] } }],
            { chainId: current!.banner.chainId, accountNumber: sender.accountNumber, sequence: sender.sequence, fee: { amount: [{ denom: config.denom, amount: "2500" }], gas: 100_000 } },
          );
          try {
            const res = await rpcCall(url, "broadcast_tx_commit", { tx: Buffer.from(tx).toString("base64") });
            if (res.result?.check_tx?.code === 0) sender.sequence++;
            if (res.result && res.result.tx_result.code === 0 && Number(res.result.height) > 0) {
              committed.push({ hash: res.result.hash, height: Number(res.result.height) });
            }
          } catch {
            return; // the kill dropped the connection
          }
        }
      });
      await new Promise((r) => setTimeout(r, 500 + Math.random() * 1000));
      const chain = await rpcCall(url, "blockchain", {});
      for (const meta of chain.result.block_metas as { header: { height: string }; block_id: { hash: string } }[]) {
        blockHashes.set(Number(meta.header.height), meta.block_id.hash);
      }
      lastHeight = Number(chain.result.last_height);
      await new Promise((r) => setTimeout(r, Math.random() * 100));
      current.child.kill("SIGKILL");
      alive = false;
      expect(await current.exited).toBe("SIGKILL");
      await Promise.all(clients);
    }
    expect(committed.length).toBeGreaterThan(10);

    current = await spawnDevnet(["--home", home, ...ARGS], 60_000);
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
