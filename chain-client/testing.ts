/** Test helpers: an embedded devnet (fast blocks) and funded signing clients. Not part of the public API. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import config from "../fieldnet.config";
import { startDevnet, type RunningDevnet } from "../devnet/devnet";
import { SigningFieldnetClient } from "./signing-client";

export interface TestNet {
  readonly devnet: RunningDevnet;
  readonly home: string;
  signer(account: number): Promise<SigningFieldnetClient>;
  stop(): Promise<void>;
}

export async function startTestNet(blockTimeMs = 200, extra: { mempool?: Record<string, number> } = {}): Promise<TestNet> {
  const home = mkdtempSync(join(tmpdir(), "fieldnet-client-"));
  const devnet = await startDevnet({ config, home, port: 0, blockTimeMs, ...(extra.mempool ? { mempool: extra.mempool } : {}) });
  const clients: SigningFieldnetClient[] = [];
  return {
    devnet,
    home,
    async signer(account: number) {
      const wallet = await DirectSecp256k1HdWallet.fromMnemonic(devnet.accounts[account].mnemonic, { prefix: config.bech32Prefix });
      const client = await SigningFieldnetClient.connectWithSigner(devnet.rpcUrl, wallet);
      clients.push(client);
      return client;
    },
    async stop() {
      for (const c of clients) c.disconnect();
      await devnet.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
