/**
 * Export a stopped devnet's state (`--export`) and start a new devnet from it (`--genesis`): the new
 * chain continues at the next height with the same balances, devices and account sequences, cosmjs
 * and the tx index work from its first height, and the old chain's txs cannot be replayed on it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { GasPrice, SigningStargateClient, StargateClient } from "@cosmjs/stargate";
import { SigningFieldnetClient } from "../chain-client/signing-client";
import { DeviceKey } from "../chain-client/device";
import { FieldnetClient } from "../chain-client/client";
import config from "../fieldnet.config";
import { main } from "./cli";
import { startDevnet, type RunningDevnet } from "./devnet";
import type { GenesisDoc } from "./engine/genesis";
import { GenesisFileError, readGenesisFile } from "./genesis-file";
import { HomeLockedError } from "./home-lock";
import { exportDevnetState } from "./state-export";
import { rpcCall } from "./testing/spawn";
import { waitFor } from "./testing/wait";
import { startIndexer } from "../indexer/indexer";
import { connectIndexer } from "../indexer/testing/client";

const QUIET = { info: () => undefined, warn: () => undefined, error: () => undefined };

jest.setTimeout(60_000);

let root: string;
const running: RunningDevnet[] = [];
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "devnet-export-"));
});
afterAll(async () => {
  for (const devnet of running.splice(0)) await devnet.stop();
  rmSync(root, { recursive: true, force: true });
});

async function start(home: string, genesis?: GenesisDoc): Promise<RunningDevnet> {
  const devnet = await startDevnet({ config, home, port: 0, blockTimeMs: 100, genesis });
  running.push(devnet);
  return devnet;
}

async function stop(devnet: RunningDevnet): Promise<void> {
  running.splice(running.indexOf(devnet), 1);
  await devnet.stop();
}

async function wallet(devnet: RunningDevnet, index: number): Promise<DirectSecp256k1HdWallet> {
  return DirectSecp256k1HdWallet.fromMnemonic(devnet.accounts[index].mnemonic, { prefix: config.bech32Prefix });
}

describe("devnet --export / --genesis", () => {
  it("a devnet started from another's export continues its heights, state and sequences", async () => {
    const oldHome = join(root, "old");
    const old = await start(oldHome);
    const sender = old.accounts[0].address;
    const recipient = old.accounts[1].address;
    const client = await SigningStargateClient.connectWithSigner(old.rpcUrl, await wallet(old, 0), { gasPrice: GasPrice.fromString(`0.025${config.denom}`) });
    const sent = await client.sendTokens(sender, recipient, [{ denom: config.denom, amount: "4242" }], "auto");
    expect(sent.code).toBe(0);
    const committedTx = (await client.getTx(sent.transactionHash))!.tx;
    client.disconnect();
    const owner = await SigningFieldnetClient.connectWithSigner(old.rpcUrl, await wallet(old, 2));
    const key = DeviceKey.generate();
    await owner.registerDevice({ key, networkType: "energy-meter", metadata: { ratedPowerW: 5000 } });
    owner.disconnect();
    const oldReader = await StargateClient.connect(old.rpcUrl);
    const recipientBalance = (await oldReader.getBalance(recipient, config.denom)).amount;
    oldReader.disconnect();

    const whileRunning = await exportDevnetState({ config, home: oldHome }).then(() => undefined, (e: unknown) => e);
    expect(whileRunning).toBeInstanceOf(HomeLockedError);
    await stop(old);

    const file = join(root, "exported.json");
    await main(["node", "devnet/cli.ts", "--export", file, "--home", oldHome, "--quiet"]);
    const exported = readGenesisFile(file);
    const lastHeight = Number(exported.initial_height) - 1;
    expect(lastHeight).toBeGreaterThan(2);
    const auth = exported.app_state as { auth: { accounts: Array<{ address: string; sequence: string }> } };
    expect(auth.auth.accounts.find((a) => a.address === sender)?.sequence).toBe("1");

    const next = await start(join(root, "next"), exported);
    expect(next.chainId).toBe(exported.chain_id);
    const status = (await rpcCall(next.rpcUrl, "status")).result.sync_info;
    expect(Number(status.earliest_block_height)).toBe(lastHeight + 1);
    expect((await rpcCall(next.rpcUrl, "block", { height: "1" })).error?.data).toContain(`lowest height is ${lastHeight + 1}`);
    const reader = await FieldnetClient.connect(next.rpcUrl);
    expect((await reader.getBalance(recipient, config.denom)).amount).toBe(recipientBalance);
    expect(await reader.getSequence(sender)).toMatchObject({ sequence: 1 });
    expect(await reader.depin.registry.device(key.id)).toMatchObject({ id: key.id, networkType: "energy-meter" });
    expect(next.accounts[1].balance).toBe(recipientBalance);

    // A tx committed on the old chain, sent again to the new one: its sequence is spent there too.
    const replay = (await rpcCall(next.rpcUrl, "broadcast_tx_sync", { tx: Buffer.from(committedTx).toString("base64") })).result;
    expect([replay.codespace, replay.code]).toEqual(["sdk", 32]);

    const signer = await SigningStargateClient.connectWithSigner(next.rpcUrl, await wallet(next, 0), { gasPrice: GasPrice.fromString(`0.025${config.denom}`) });
    const fresh = await signer.sendTokens(sender, recipient, [{ denom: config.denom, amount: "1" }], "auto");
    expect(fresh.code).toBe(0);
    expect(fresh.height).toBeGreaterThan(lastHeight);
    expect((await signer.getTx(fresh.transactionHash))?.height).toBe(fresh.height);
    expect((await signer.searchTx(`message.sender='${sender}'`)).map((t) => t.hash)).toContain(fresh.transactionHash);
    signer.disconnect();
    reader.disconnect();

    // The indexer starts at the new chain's first block (its earlier heights do not exist).
    const indexer = await startIndexer({ rpcUrl: next.rpcUrl, db: ":memory:", grpcPort: 0, logger: QUIET, pollMs: 100 });
    try {
      await waitFor(async () => (indexer.ingester.checkpoint.height >= fresh.height ? true : undefined), `the indexer to reach height ${fresh.height}`);
      expect(indexer.ingester.checkpoint.firstBlockHeight).toBe(lastHeight + 1);
      // The device registered on the old chain comes with the genesis: the index has it too.
      const api = connectIndexer(indexer.grpcAddress);
      try {
        const { device } = await api.getDevice({ deviceId: key.id });
        expect(device).toMatchObject({ id: key.id, networkType: "energy-meter" });
      } finally {
        api.close();
      }
    } finally {
      await indexer.stop();
    }

    // Restarted without the file, the home keeps the genesis it was started from.
    const height = next.engine.height;
    await stop(next);
    const restarted = await start(join(root, "next"));
    expect(restarted.engine.height).toBeGreaterThanOrEqual(height);
    expect(restarted.chainId).toBe(exported.chain_id);
    await stop(restarted);
  });

  it("refuses a file that is not a genesis, saying what is wrong", () => {
    const bad = join(root, "bad.json");
    writeFileSync(bad, JSON.stringify({ chain_id: "", app_state: [], initial_height: "-3" }));
    expect(() => readGenesisFile(bad)).toThrow(GenesisFileError);
    expect(() => readGenesisFile(bad)).toThrow(/chain_id must be a non-empty string; app_state must be an object/);
    writeFileSync(bad, "{ not json");
    expect(() => readGenesisFile(bad)).toThrow(/cannot read genesis file/);
    expect(readFileSync(bad, "utf8")).toBe("{ not json");
  });
});
