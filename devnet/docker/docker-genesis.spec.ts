/**
 * A docker compose network started from an exported state: an embedded devnet sends tokens and
 * registers a device, is stopped and exported (`npm run devnet -- --export`), and
 * `devnet/cometbft/docker-compose.ts --genesis` writes a compose project that the real containers
 * run: node0 serves the chain from the export's initial height with its balances, sequences and
 * device, cosmjs sends on it, and the indexer (Postgres) follows it from that height. Then the way
 * back: the stopped network's own export (docker-compose.ts --export) starts an embedded devnet
 * that carries on with the send made in the containers. Runs only when
 * scripts/docker-devnet-test.sh sets DOCKER_GENESIS_COMPOSE (its compose command), after it has
 * taken its own network down: this project publishes the same host ports.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { GasPrice, SigningStargateClient } from "@cosmjs/stargate";
import config from "../../fieldnet.config";
import { FieldnetClient } from "../../chain-client/client";
import { DeviceKey } from "../../chain-client/device";
import { SigningFieldnetClient } from "../../chain-client/signing-client";
import { connectIndexer } from "../../indexer/testing/client";
import { DOCKER_INDEXER_GRPC_PORT, dockerRpcPort, main as generateCompose } from "../cometbft/docker-compose";
import { startDevnet } from "../devnet";
import { readGenesisFile } from "../genesis-file";
import { exportDevnetState } from "../state-export";
import { rpcCall } from "../testing/spawn";
import { waitFor } from "../testing/wait";

const compose = process.env.DOCKER_GENESIS_COMPOSE?.split(" ").filter((part) => part !== "");
const run = compose?.length ? describe : describe.skip;
const PROJECT = "fieldnet-genesis-test";

run("docker compose network from an exported state", () => {
  jest.setTimeout(240_000);
  let root: string;
  let composeFile: string;
  const rpcUrl = `http://127.0.0.1:${dockerRpcPort(0)}`;
  const exported = { sender: "", senderMnemonic: "", recipient: "", recipientBalance: "", initialHeight: 0, chainId: "", deviceId: "" };
  /** The recipient's balance after the send made in the containers. */
  let balanceInDocker = "";

  const composeRun = (...args: string[]) => execFileSync(compose![0], [...compose!.slice(1), "-p", PROJECT, "-f", composeFile, ...args], { stdio: ["ignore", "ignore", "inherit"] });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "docker-genesis-"));
    composeFile = join(root, "devnet", "docker-compose.yml");
    const home = join(root, "embedded");
    const devnet = await startDevnet({ config, home, port: 0, blockTimeMs: 100 });
    try {
      exported.sender = devnet.accounts[0].address;
      exported.senderMnemonic = devnet.accounts[0].mnemonic;
      exported.recipient = devnet.accounts[1].address;
      const wallet = await DirectSecp256k1HdWallet.fromMnemonic(devnet.accounts[0].mnemonic, { prefix: config.bech32Prefix });
      const client = await SigningStargateClient.connectWithSigner(devnet.rpcUrl, wallet, { gasPrice: GasPrice.fromString(`0.025${config.denom}`) });
      expect((await client.sendTokens(exported.sender, exported.recipient, [{ denom: config.denom, amount: "4242" }], "auto")).code).toBe(0);
      exported.recipientBalance = (await client.getBalance(exported.recipient, config.denom)).amount;
      client.disconnect();
      const owner = await SigningFieldnetClient.connectWithSigner(devnet.rpcUrl, await DirectSecp256k1HdWallet.fromMnemonic(devnet.accounts[2].mnemonic, { prefix: config.bech32Prefix }));
      const key = DeviceKey.generate();
      await owner.registerDevice({ key, networkType: "energy-meter", metadata: { ratedPowerW: 5000 } });
      exported.deviceId = key.id;
      owner.disconnect();
    } finally {
      await devnet.stop();
    }
    const genesis = await exportDevnetState({ config, home });
    exported.initialHeight = Number(genesis.initial_height);
    exported.chainId = genesis.chain_id;
    const file = join(root, "state.json");
    writeFileSync(file, JSON.stringify(genesis));
    expect(await generateCompose(["node", "docker-compose.ts", "--genesis", file, "--out", join(root, "devnet")])).toBe(0);
    composeRun("up", "-d");
    await waitFor(
      async () => {
        const status = await rpcCall(rpcUrl, "status").catch(() => undefined);
        return Number(status?.result?.sync_info?.latest_block_height ?? 0) >= exported.initialHeight + 1 ? true : undefined;
      },
      `node0 to pass height ${exported.initialHeight + 1}`,
      120_000,
    );
  });

  afterAll(() => {
    if (composeFile) {
      try {
        composeRun("down", "-v", "--remove-orphans");
      } catch {
        // The script's cleanup removes what is left by project label.
      }
    }
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("node0 serves the exported chain from its initial height, with its balances, sequences and device", async () => {
    const status = (await rpcCall(rpcUrl, "status")).result;
    expect(status.node_info.network).toBe(exported.chainId);
    expect(Number(status.sync_info.earliest_block_height)).toBe(exported.initialHeight);
    const reader = await FieldnetClient.connect(rpcUrl);
    try {
      expect((await reader.getBalance(exported.recipient, config.denom)).amount).toBe(exported.recipientBalance);
      expect(await reader.getSequence(exported.sender)).toMatchObject({ sequence: 1 });
      expect(await reader.depin.registry.device(exported.deviceId)).toMatchObject({ id: exported.deviceId, networkType: "energy-meter" });
    } finally {
      reader.disconnect();
    }
  });

  it("takes a cosmjs send signed with the sequence the export kept", async () => {
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(exported.senderMnemonic, { prefix: config.bech32Prefix });
    const client = await SigningStargateClient.connectWithSigner(rpcUrl, wallet, { gasPrice: GasPrice.fromString(`0.025${config.denom}`) });
    try {
      const sent = await client.sendTokens(exported.sender, exported.recipient, [{ denom: config.denom, amount: "1" }], "auto");
      expect(sent.code).toBe(0);
      expect(sent.height).toBeGreaterThanOrEqual(exported.initialHeight);
      expect(await client.getSequence(exported.sender)).toMatchObject({ sequence: 2 });
      balanceInDocker = (await client.getBalance(exported.recipient, config.denom)).amount;
    } finally {
      client.disconnect();
    }
  });

  it("the indexer follows it from the initial height, with the device from genesis", async () => {
    const api = connectIndexer(`127.0.0.1:${DOCKER_INDEXER_GRPC_PORT}`);
    try {
      const indexed = await waitFor(
        async () => {
          const s = await api.getStatus({}).catch(() => undefined);
          return s && s.indexedHeight >= BigInt(exported.initialHeight) ? s : undefined;
        },
        "the indexer to index the new chain",
        120_000,
      );
      expect(indexed.chainId).toBe(exported.chainId);
      expect((await api.getDevice({ deviceId: exported.deviceId })).device).toMatchObject({ id: exported.deviceId, networkType: "energy-meter" });
    } finally {
      api.close();
    }
  });

  it("exports the stopped network (docker-compose.ts --export), and an embedded devnet carries on from it", async () => {
    expect(balanceInDocker).not.toBe("");
    const file = join(root, "from-docker.json");
    const exportArgs = ["node", "docker-compose.ts", "--export", file, "--out", join(root, "devnet"), "--project", PROJECT];
    await expect(generateCompose(exportArgs)).rejects.toThrow(/app0 of compose project "fieldnet-genesis-test" is running/);
    composeRun("stop");
    expect(await generateCompose(exportArgs)).toBe(0);
    const again = readGenesisFile(file);
    expect(again.chain_id).toBe(exported.chainId);
    expect(Number(again.initial_height)).toBeGreaterThan(exported.initialHeight);

    const devnet = await startDevnet({ config, home: join(root, "embedded-again"), port: 0, blockTimeMs: 100, genesis: again });
    try {
      const reader = await FieldnetClient.connect(devnet.rpcUrl);
      expect((await reader.getBalance(exported.recipient, config.denom)).amount).toBe(balanceInDocker);
      expect(await reader.getSequence(exported.sender)).toMatchObject({ sequence: 2 });
      expect(await reader.depin.registry.device(exported.deviceId)).toMatchObject({ id: exported.deviceId });
      reader.disconnect();
    } finally {
      await devnet.stop();
    }
  });
});
