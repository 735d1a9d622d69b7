/**
 * Test helper: an embedded devnet in this process plus the real RPC clients a plugin's devnet
 * test talks through (Comet38Client for block results, FieldnetClient for queries, and a signing
 * client for dev account 1 that relays device-signed proofs like a gateway).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { FieldnetClient, SigningFieldnetClient } from "../../chain-client";
import type { NetworkConfig } from "../../modules/app/network-config";
import { startDevnet, type RunningDevnet } from "../devnet";

export interface RpcDevnet {
  readonly devnet: RunningDevnet;
  readonly comet: Comet38Client;
  readonly reader: FieldnetClient;
  /** Dev account 1: owns the test devices and pays for their proofs' txs (the chain checks the device signature, not the payer). */
  readonly gateway: SigningFieldnetClient;
  stop(): Promise<void>;
}

export async function startRpcDevnet(config: NetworkConfig, label: string, blockTimeMs = 100): Promise<RpcDevnet> {
  const home = mkdtempSync(join(tmpdir(), `fieldnet-${label}-`));
  const devnet = await startDevnet({ config, home, port: 0, blockTimeMs });
  const comet = await Comet38Client.connect(devnet.rpcUrl);
  const reader = await FieldnetClient.connect(devnet.rpcUrl);
  const gateway = await SigningFieldnetClient.connectWithSigner(devnet.rpcUrl, await DirectSecp256k1HdWallet.fromMnemonic(devnet.accounts[1].mnemonic, { prefix: config.bech32Prefix }));
  return {
    devnet,
    comet,
    reader,
    gateway,
    async stop() {
      gateway.disconnect();
      reader.disconnect();
      comet.disconnect();
      await devnet.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
