/**
 * An embedded devnet's `--export`, started on the real CometBFT binary (`--engine cometbft --genesis`):
 * CometBFT runs the genesis initial_height, the app takes it in InitChain, and the chain carries on
 * with the exported balances and sequences. Then the way back: that CometBFT network's own export
 * (`--engine cometbft --export`) starts an embedded devnet that carries on in turn. Skipped when
 * .bin/cometbft is missing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { GasPrice, SigningStargateClient, StargateClient } from "@cosmjs/stargate";
import config from "../../fieldnet.config";
import { startDevnet } from "../devnet";
import { main } from "../cli";
import { readGenesisFile } from "../genesis-file";
import { HomeLockedError } from "../home-lock";
import { exportDevnetState } from "../state-export";
import { rpcCall } from "../testing/spawn";
import { LocalNetwork } from "./local-network";
import { exportCometbftNetworkState } from "./network-export";
import { cometbftInstalled, REPO_ROOT } from "./processes";

// Below the range local-network.spec.ts draws from (20,000-32,058), and below Linux's ephemeral ports.
const basePort = 15_000 + Math.floor(Math.random() * 45) * 100;
const run = cometbftInstalled() ? describe : describe.skip;

run("CometBFT started from an embedded devnet's export", () => {
  let root: string;
  let network: LocalNetwork | undefined;
  /** Left by the first test for the second: the CometBFT network's accounts and last state. */
  const left = { mnemonic: "", sender: "", recipient: "", recipientBalance: "", initialHeight: 0 };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "fieldnet-cometbft-genesis-"));
  });
  afterAll(async () => {
    await network?.stop();
    rmSync(root, { recursive: true, force: true });
  }, 30_000);

  it("continues at the exported height + 1 with the same balances and sequences", async () => {
    const home = join(root, "embedded");
    const devnet = await startDevnet({ config, home, port: 0, blockTimeMs: 100 });
    const mnemonic = devnet.accounts[0].mnemonic;
    const sender = devnet.accounts[0].address;
    const recipient = devnet.accounts[1].address;
    let recipientBalance: string;
    try {
      const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: config.bech32Prefix });
      const client = await SigningStargateClient.connectWithSigner(devnet.rpcUrl, wallet, { gasPrice: GasPrice.fromString(`0.025${config.denom}`) });
      expect((await client.sendTokens(sender, recipient, [{ denom: config.denom, amount: "777" }], "auto")).code).toBe(0);
      recipientBalance = (await client.getBalance(recipient, config.denom)).amount;
      client.disconnect();
    } finally {
      await devnet.stop();
    }
    const genesis = await exportDevnetState({ config, home });
    const initialHeight = Number(genesis.initial_height);
    expect(initialHeight).toBeGreaterThan(2);

    network = await LocalNetwork.start({ config, configPath: join(REPO_ROOT, "fieldnet.config.ts"), root: join(root, "cometbft"), validators: 1, basePort, genesis });
    const url = network.nodes[0].rpcUrl;
    const status = (await rpcCall(url, "status")).result.sync_info;
    expect(Number(status.earliest_block_height)).toBe(initialHeight);
    const reader = await StargateClient.connect(url);
    expect((await reader.getBalance(recipient, config.denom)).amount).toBe(recipientBalance);
    expect((await reader.getSequence(sender)).sequence).toBe(1);
    reader.disconnect();

    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: config.bech32Prefix });
    const client = await SigningStargateClient.connectWithSigner(url, wallet, { gasPrice: GasPrice.fromString(`0.025${config.denom}`), broadcastPollIntervalMs: 200 });
    const sent = await client.sendTokens(sender, recipient, [{ denom: config.denom, amount: "1" }], "auto");
    expect(sent.code).toBe(0);
    expect(sent.height).toBeGreaterThanOrEqual(initialHeight);
    Object.assign(left, { mnemonic, sender, recipient, recipientBalance: (await client.getBalance(recipient, config.denom)).amount, initialHeight });
    client.disconnect();

    // The same file again on the existing network is a restart; another one is refused.
    await network.stop();
    network = undefined;
    const options = { config, configPath: join(REPO_ROOT, "fieldnet.config.ts"), root: join(root, "cometbft"), validators: 1, basePort };
    expect(() => LocalNetwork.prepare({ ...options, genesis })).not.toThrow();
    expect(() => LocalNetwork.prepare({ ...options, genesis: { ...genesis, initial_height: String(initialHeight + 1) } })).toThrow(/started from another genesis/);
  }, 120_000);

  it("exports the CometBFT network once stopped, and an embedded devnet carries on from that file", async () => {
    expect(left.sender).not.toBe("");
    const networkHome = join(root, "cometbft");
    network = await LocalNetwork.start({ config, configPath: join(REPO_ROOT, "fieldnet.config.ts"), root: networkHome, validators: 1, basePort });
    // node0's app process holds its home while it runs.
    await expect(exportCometbftNetworkState({ config, root: networkHome })).rejects.toBeInstanceOf(HomeLockedError);
    await network.stop();
    network = undefined;

    const file = join(root, "from-cometbft.json");
    await main(["node", "devnet/cli.ts", "--engine", "cometbft", "--home", networkHome, "--export", file, "--quiet"]);
    const exported = readGenesisFile(file);
    const initialHeight = Number(exported.initial_height);
    expect(initialHeight).toBeGreaterThan(left.initialHeight);
    const auth = exported.app_state as { auth: { accounts: Array<{ address: string; sequence: string }> } };
    expect(auth.auth.accounts.find((a) => a.address === left.sender)?.sequence).toBe("2");

    const devnet = await startDevnet({ config, home: join(root, "embedded-again"), port: 0, blockTimeMs: 100, genesis: exported });
    try {
      expect(Number((await rpcCall(devnet.rpcUrl, "status")).result.sync_info.earliest_block_height)).toBe(initialHeight);
      const wallet = await DirectSecp256k1HdWallet.fromMnemonic(left.mnemonic, { prefix: config.bech32Prefix });
      const client = await SigningStargateClient.connectWithSigner(devnet.rpcUrl, wallet, { gasPrice: GasPrice.fromString(`0.025${config.denom}`) });
      expect((await client.getBalance(left.recipient, config.denom)).amount).toBe(left.recipientBalance);
      expect((await client.getSequence(left.sender)).sequence).toBe(2);
      const sent = await client.sendTokens(left.sender, left.recipient, [{ denom: config.denom, amount: "1" }], "auto");
      expect(sent.code).toBe(0);
      expect(sent.height).toBeGreaterThanOrEqual(initialHeight);
      client.disconnect();
    } finally {
      await devnet.stop();
    }
  }, 120_000);
});
