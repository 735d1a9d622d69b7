/**
 * Fieldnet under the real CometBFT v0.38 binary: 4 validators as local processes on loopback.
 * Skipped (with a message) when .bin/cometbft is missing; scripts/install-cometbft.sh installs it.
 */
import { readFileSync, rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import config from "../../fieldnet.config";
import { FieldnetClient } from "../../chain-client/client";
import { cosmjsConformanceSuite } from "../conformance/cosmjs-suite";
import { batchBroadcastSuite } from "../conformance/batch-broadcast-suite";
import { rejectionsSuite } from "../conformance/rejections-suite";
import type { ConformanceTarget } from "../conformance/target";
import { findDisagreement } from "./agreement";
import { LocalNetwork } from "./local-network";
import { cometbftInstalled, COMETBFT_BIN, REPO_ROOT } from "./processes";
import { sleep } from "./rpc-client";

const CONFIG_PATH = join(REPO_ROOT, "fieldnet.config.ts");
// Spread test runs over many ports so a leftover process from an aborted run cannot collide, and
// stay below Linux's ephemeral range (32768-60999): an outgoing connection's local port there
// once took a node's listening port (EADDRINUSE) in CI.
const basePort = 20_000 + Math.floor(Math.random() * 120) * 100;

const run = cometbftInstalled() ? describe : describe.skip;
if (!cometbftInstalled()) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED CometBFT tests: ${COMETBFT_BIN} is missing (run scripts/install-cometbft.sh)`);
}

function targetOf(network: LocalNetwork, send: number, read: number): ConformanceTarget {
  return {
    name: `cometbft-${network.nodes.length}`,
    rpcUrl: network.nodes[send].rpcUrl,
    readRpcUrl: network.nodes[read].rpcUrl,
    chainId: network.chainId,
    denom: config.denom,
    prefix: config.bech32Prefix,
    minGasPrice: config.minGasPrice,
    mnemonics: network.accounts.map((a) => a.mnemonic),
    stop: () => network.stop(),
  };
}

async function heights(network: LocalNetwork, indices: readonly number[]): Promise<number[]> {
  return Promise.all(indices.map(async (i) => (await network.height(i)) ?? -1));
}

async function expectAgreement(network: LocalNetwork, indices: readonly number[] = [0, 1, 2, 3]): Promise<number> {
  const top = Math.min(...(await heights(network, indices)));
  const disagreement = await findDisagreement(indices.map((i) => network.nodes[i].rpcUrl), 1, top);
  expect(disagreement).toBeUndefined();
  return top;
}

run("4 CometBFT validators as local processes", () => {
  let network: LocalNetwork;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "fieldnet-cometbft-"));
    // Each app process with two signature workers (`--signature-workers 2`; 1 is the default).
    network = await LocalNetwork.start({ config, configPath: CONFIG_PATH, root, validators: 4, basePort, waitHeight: 2, signatureWorkers: 2 });
  }, 90_000);

  afterAll(async () => {
    await network?.stop();
    rmSync(root, { recursive: true, force: true });
  }, 30_000);

  describe("cosmjs sends through node 0 and reads from node 3", () => {
    cosmjsConformanceSuite(() => targetOf(network, 0, 3), { sender: 0 });
  });

  describe("rejections through node 1, reads from node 2", () => {
    rejectionsSuite(() => targetOf(network, 1, 2), 2);
  });

  describe("a JSON-RPC batch of broadcast_tx_sync through node 2, reads from node 0", () => {
    batchBroadcastSuite(() => targetOf(network, 2, 0), 4);
  });

  it("all nodes report the same block and app hash at every height", async () => {
    expect(await expectAgreement(network)).toBeGreaterThan(2);
  });

  it("abci_query prove=true through CometBFT: node 1's proof of a balance checks out against the next header's app hash", async () => {
    const client = await FieldnetClient.connect(network.nodes[1].rpcUrl);
    try {
      const address = network.accounts[7].address;
      const { balance } = await client.getBalanceVerified(address, config.denom);
      expect(balance).toEqual(await client.getBalance(address, config.denom));
    } finally {
      client.disconnect();
    }
  });

  it("SIGKILL one validator: blocks continue; restarted, it catches up and agrees", async () => {
    await network.killNode(3);
    const [start] = await heights(network, [0]);
    await network.waitForHeight(start + 3, [0, 1, 2], 20_000);
    await network.startNode(3);
    const [target] = await heights(network, [0]);
    await network.waitForHeight(target + 1, [0, 1, 2, 3], 30_000);
    await expectAgreement(network);
  }, 90_000);

  it("kill two of four: no new blocks; restart them: the chain resumes", async () => {
    await network.killNode(2);
    await network.killNode(3);
    // A block whose votes were already in flight may still land; after that, nothing.
    await sleep(1500);
    const stalled = await heights(network, [0, 1]);
    await sleep(3000);
    expect(await heights(network, [0, 1])).toEqual(stalled);
    await network.startNode(2);
    await network.startNode(3);
    await network.waitForHeight(Math.max(...stalled) + 2, [0, 1, 2, 3], 45_000);
    await expectAgreement(network);
  }, 90_000);

  it("kill an app process: its cometbft stops itself; restart app then cometbft: the node rejoins", async () => {
    await network.killApp(1);
    // CometBFT halts when an app connection breaks (it cannot know what the app has applied).
    const exit = await Promise.race([network.cometbftExited(1), sleep(15_000).then(() => "still running")]);
    expect(exit).not.toBe("still running");
    const [before] = await heights(network, [0]);
    await network.waitForHeight(before + 3, [0, 2, 3], 20_000);
    await network.startNode(1);
    const [target] = await heights(network, [0]);
    await network.waitForHeight(target + 1, [0, 1, 2, 3], 30_000);
    await expectAgreement(network);
  }, 90_000);

  it("an app that lost its state is rebuilt by the handshake replaying every block from the store", async () => {
    await network.stopNode(2);
    rmSync(network.nodes[2].appHome, { recursive: true, force: true });
    const [storeHeight] = await heights(network, [0]);
    await network.startNode(2);
    const [target] = await heights(network, [0]);
    await network.waitForHeight(target + 1, [0, 1, 2, 3], 45_000);
    const log = readFileSync(join(network.nodes[2].home, "cometbft.log"), "utf8");
    const replays = [...log.matchAll(/ABCI Replay Blocks\s.*appHeight=(\d+) storeHeight=(\d+)/g)].map((m) => ({ app: Number(m[1]), store: Number(m[2]) }));
    const last = replays[replays.length - 1];
    expect(last.app).toBe(0);
    expect(last.store).toBeGreaterThan(storeHeight - 50);
    expect(log).toMatch(/Completed ABCI Handshake/);
    await expectAgreement(network);
  }, 90_000);
});

run("1 CometBFT validator", () => {
  let network: LocalNetwork;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "fieldnet-cometbft1-"));
    network = await LocalNetwork.start({ config, configPath: CONFIG_PATH, root, validators: 1, basePort: basePort + 50 });
  }, 60_000);

  afterAll(async () => {
    await network?.stop();
    rmSync(root, { recursive: true, force: true });
  }, 30_000);

  describe("cosmjs", () => {
    cosmjsConformanceSuite(() => targetOf(network, 0, 0), { sender: 4 });
  });

  it("resumes the same chain after a clean stop (Info returns the last commit; no InitChain)", async () => {
    const before = (await network.height(0))!;
    await network.stopNode(0);
    await network.startNode(0);
    await network.waitForHeight(before + 2, [0], 20_000);
    const log = readFileSync(join(network.nodes[0].home, "cometbft.log"), "utf8");
    const infos = [...log.matchAll(/ABCI Handshake App Info\s.*height=(\d+)/g)].map((m) => Number(m[1]));
    expect(infos[0]).toBe(0);
    expect(infos[infos.length - 1]).toBeGreaterThanOrEqual(before - 1);
  }, 60_000);
});
