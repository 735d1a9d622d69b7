/**
 * An embedded devnet's `--export`, started on the real CometBFT binary (`--engine cometbft --genesis`):
 * CometBFT runs the genesis initial_height, the app takes it in InitChain, and the chain carries on
 * with the exported balances and sequences. Skipped when .bin/cometbft is missing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { GasPrice, SigningStargateClient, StargateClient } from "@cosmjs/stargate";
import config from "../../fieldnet.config";
import { startDevnet } from "../devnet";
import { exportDevnetState } from "../state-export";
import { rpcCall } from "../testing/spawn";
import { LocalNetwork } from "./local-network";
import { cometbftInstalled, REPO_ROOT } from "./processes";

// Below the range local-network.spec.ts draws from (20,000-32,058), and below Linux's ephemeral ports.
const basePort = 15_000 + Math.floor(Math.random() * 45) * 100;
const run = cometbftInstalled() ? describe : describe.skip;

run("CometBFT started from an embedded devnet's export", () => {
  let root: string;
  let network: LocalNetwork | undefined;

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
    client.disconnect();

    // The same file again on the existing network is a restart; another one is refused.
    await network.stop();
    network = undefined;
    const options = { config, configPath: join(REPO_ROOT, "fieldnet.config.ts"), root: join(root, "cometbft"), validators: 1, basePort };
    expect(() => LocalNetwork.prepare({ ...options, genesis })).not.toThrow();
    expect(() => LocalNetwork.prepare({ ...options, genesis: { ...genesis, initial_height: String(initialHeight + 1) } })).toThrow(/started from another genesis/);
  }, 120_000);
});
