/**
 * The docker compose devnet's indexer (Postgres-backed, following node0): DePIN messages sent
 * through node0 with cosmjs show up in the indexer's gRPC API. Runs only when
 * scripts/docker-devnet-test.sh has brought the devnet up and set DOCKER_DEVNET_RPC and
 * DOCKER_INDEXER_GRPC; skipped otherwise. With DOCKER_EXPLORER_URL, the explorer page and its JSON
 * gateway on the indexer's published HTTP port are checked too.
 */
import config from "../../fieldnet.config";
import { ChainDriver } from "../../indexer/testing/chain-driver";
import { connectIndexer, type IndexerApi } from "../../indexer/testing/client";
import { devAccounts } from "../accounts";

const rpcUrl = process.env.DOCKER_DEVNET_RPC;
const indexerAddress = process.env.DOCKER_INDEXER_GRPC;
const explorerUrl = process.env.DOCKER_EXPLORER_URL;
const run = rpcUrl && indexerAddress ? describe : describe.skip;

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

run("indexer in the docker compose devnet", () => {
  let driver: ChainDriver;
  let api: IndexerApi;
  jest.setTimeout(120_000);

  beforeAll(async () => {
    // Accounts 5 and 6: the conformance suites use the first ones, so sequences never collide.
    const mnemonics = devAccounts(config.bech32Prefix, config.devAccounts.count, config.devAccounts.mnemonics).map((a) => a.mnemonic).slice(5, 7);
    driver = await ChainDriver.connect(rpcUrl!, mnemonics, config.chainId, `docker-${Date.now()}`);
    api = connectIndexer(indexerAddress!);
  });

  afterAll(() => {
    driver?.close();
    api?.close();
  });

  it("follows node0 to the head", async () => {
    const chainHeight = await driver.height();
    const status = await eventually("the indexer to reach the chain's height", async () => {
      const s = await api.getStatus({});
      return s.indexedHeight >= BigInt(chainHeight) ? s : undefined;
    });
    expect(status.chainId).toBe(config.chainId);
  });

  it("indexes a device registered and a proof submitted through node0", async () => {
    const [meter] = await driver.registerDevices(0, [{ networkType: "energy-meter", metadata: { ratedPowerW: 5000 } }]);
    const [outcome] = await driver.submitProofs(1, [{ device: meter, payload: { counterWh: 1000, readAt: Math.floor(Date.now() / 1000) - 5 } }]);
    expect(outcome.accepted).toBe(true);

    const device = await eventually("the device in the indexer", async () => (await api.getDevice({ deviceId: meter.id })).device);
    expect(device.owner).toBe(driver.owners[0].address);
    const proofs = await eventually("the proof in the indexer", async () => {
      const res = await api.listProofs({ deviceId: meter.id, limit: 10 });
      return res.proofs.length > 0 ? res.proofs : undefined;
    });
    expect(proofs[0].accepted).toBe(true);
  });

  (explorerUrl ? it : it.skip)("serves the explorer page and its JSON gateway on the published port", async () => {
    const page = await fetch(explorerUrl!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<canvas");
    const res = await fetch(new URL("/depin.indexer.v1.IndexerService/GetStatus", explorerUrl), { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { chainId: string }).chainId).toBe(config.chainId);
  });
});
