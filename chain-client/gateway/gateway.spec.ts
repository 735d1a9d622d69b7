/**
 * The gateway against the embedded devnet, in process: 10k proofs from 1k devices land on chain
 * exactly once; malformed and forged proofs are refused at the door with clear errors; 429 when full.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import config from "../../fieldnet.config";
import { DeviceKey, payloads, proofToJson, signProof } from "../device";
import { registerFleet, nextProof, type SimDevice } from "../simulate/fleet";
import type { SigningFieldnetClient } from "../signing-client";
import { startTestNet, type TestNet } from "../testing";
import { GatewayClient } from "./client";
import { startGateway, type RunningGateway } from "./gateway";

let net: TestNet;
let owner: SigningFieldnetClient;
let gateway: RunningGateway;
let gw: GatewayClient;
let home: string;
let chainId: string;

beforeAll(async () => {
  net = await startTestNet(200);
  owner = await net.signer(1);
  chainId = net.devnet.chainId;
  home = mkdtempSync(join(tmpdir(), "fieldnet-gateway-"));
  gateway = await startGateway({ rpcUrl: net.devnet.rpcUrl, mnemonic: net.devnet.accounts[2].mnemonic, home, port: 0, plugins: config.plugins ?? [], maxQueue: 20_000 });
  gw = new GatewayClient(gateway.url);
}, 60_000);

afterAll(async () => {
  await gateway?.stop();
  await net?.stop();
  rmSync(home, { recursive: true, force: true });
});

async function sendRounds(fleet: SimDevice[], rounds: number, perRequest = 100): Promise<void> {
  for (let r = 0; r < rounds; r++) {
    const proofs = fleet.map((d) => nextProof(d, chainId));
    const requests = [];
    for (let i = 0; i < proofs.length; i += perRequest) requests.push(gw.submit(proofs.slice(i, i + perRequest)));
    for (const answer of await Promise.all(requests)) {
      expect(answer.results.filter((x) => x.status !== "queued")).toEqual([]);
    }
  }
}

describe("gateway", () => {
  it("puts 10k proofs from 1k devices on chain exactly once", async () => {
    const fleet = await registerFleet(owner, { type: "energy-meter", devices: 1000, readingsPerDevice: 10, perTx: 100 });
    const t0 = Date.now();
    await sendRounds(fleet, 10);
    await gw.drained(120_000);
    const seconds = (Date.now() - t0) / 1000;
    const status = gateway.status();
    expect(status.proofs).toMatchObject({ queued: 0, inflight: 0, accepted: 10_000, rejected: 0, failed: 0 });
    // The chain agrees: every device consumed sequences 1..10, each accepted once, nothing replayed.
    const states = await Promise.all(fleet.map((d) => owner.depin.proofs.lastProof(d.key.id)));
    for (const s of states) expect([s.lastSequence, s.acceptedCount, s.rejectedCount]).toEqual([10n, 10n, 0n]);
    // Per-proof outcome is queryable from the gateway.
    const record = await gw.outcome(fleet[7].key.id, 3);
    expect(record).toMatchObject({ status: "accepted", reason: "" });
    expect(record!.txHash).toMatch(/^[0-9A-F]{64}$/);
    expect(Number(record!.units)).toBeGreaterThan(0);
    process.stdout.write(`gateway: 10k proofs committed in ${seconds.toFixed(1)} s (${Math.round(10_000 / seconds)} proofs/s), ${status.broadcaster.txsCommitted} txs\n`);
  }, 180_000);

  it("refuses malformed, forged, unknown-device and schema-invalid proofs at the door, with reasons", async () => {
    const [device] = await registerFleet(owner, { type: "energy-meter", devices: 1, readingsPerDevice: 2 });
    const good = nextProof(device, chainId);
    const t = Math.floor(Date.now() / 1000);
    const stranger = DeviceKey.generate();
    const cases = {
      forged: { ...proofToJson(good), signature: Buffer.alloc(64, 9).toString("base64") },
      wrongChain: proofToJson(signProof(device.key, { chainId: "other-chain", sequence: 2, payload: payloads.energyMeter({ counterWh: 5, readAt: t }) })),
      unknown: proofToJson(signProof(stranger, { chainId, sequence: 1, payload: payloads.energyMeter({ counterWh: 5, readAt: t }) })),
      schema: proofToJson(signProof(device.key, { chainId, sequence: 3, payload: Buffer.from('{"counterWh":-5,"readAt":1}') })),
      nonCanonical: proofToJson(signProof(device.key, { chainId, sequence: 4, payload: Buffer.from('{"readAt":1, "counterWh":5}') })),
      wrongType: { ...proofToJson(signProof(device.key, { chainId, sequence: 5, payload: payloads.energyMeter({ counterWh: 5, readAt: t }) })), networkType: "env-sensor" },
      malformed: { deviceId: "XYZ", sequence: "1" },
    };
    const answer = await gw.postRaw(JSON.stringify({ proofs: Object.values(cases) }));
    expect(answer.httpStatus).toBe(422);
    const results = (answer.json as { results: { status: string; reason: string; error: string }[] }).results;
    expect(results.map((r) => [r.status, r.reason])).toEqual([
      ["refused", "BAD_SIGNATURE"],
      ["refused", "BAD_SIGNATURE"],
      ["refused", "DEVICE_NOT_FOUND"],
      ["refused", "PAYLOAD_SCHEMA"],
      ["refused", "PAYLOAD_INVALID_JSON"],
      ["refused", "WRONG_NETWORK_TYPE"],
      ["refused", "MALFORMED"],
    ]);
    expect(results[0].error).toMatch(/signature does not verify.*chain-id/);
    expect(results[2].error).toMatch(/not registered.*register it first/);
    expect(results[3].error).toMatch(/counterWh/);
    expect(results[6].error).toMatch(/deviceId must be 40 lowercase hex/);
    // Non-JSON body, and an empty one.
    expect((await gw.postRaw("{not json")).httpStatus).toBe(400);
    // The good proof still goes through; sending it twice is idempotent; a different proof with the same sequence conflicts.
    expect((await gw.submit([good])).results[0].status).toBe("queued");
    expect((await gw.submit([good])).results[0].status).toBe("duplicate");
    const conflicting = signProof(device.key, { chainId, sequence: 1, payload: payloads.energyMeter({ counterWh: 77, readAt: t }) });
    expect((await gw.submit([conflicting])).results[0]).toMatchObject({ status: "refused", reason: "SEQUENCE_CONFLICT" });
    await gw.drained();
    expect(await gw.outcome(device.key.id, 1)).toMatchObject({ status: "accepted", reason: "BASELINE" });
    expect(await gw.outcome(device.key.id, 99)).toBeUndefined();
  }, 60_000);
});

describe("gateway against a small mempool", () => {
  let small: TestNet;
  let smallGateway: RunningGateway;
  let smallHome: string;

  beforeAll(async () => {
    small = await startTestNet(1000, { mempool: { maxTxs: 3 } });
    smallHome = mkdtempSync(join(tmpdir(), "fieldnet-gateway-small-"));
    smallGateway = await startGateway({ rpcUrl: small.devnet.rpcUrl, mnemonic: small.devnet.accounts[2].mnemonic, home: smallHome, port: 0, plugins: config.plugins ?? [], batchSize: 20, maxInFlight: 8 });
  }, 60_000);

  afterAll(async () => {
    await smallGateway?.stop();
    await small?.stop();
    rmSync(smallHome, { recursive: true, force: true });
  });

  it("a refill broadcast as one batch that overflows the mempool: the refused txs are re-signed later, every proof lands once", async () => {
    const fleetOwner = await small.signer(1);
    const fleet = await registerFleet(fleetOwner, { type: "energy-meter", devices: 40, readingsPerDevice: 3, perTx: 40 });
    const client = new GatewayClient(smallGateway.url);
    // One request, so the first refill is 6 txs in one batch.
    const rounds = [0, 1, 2].flatMap(() => fleet.map((d) => nextProof(d, small.devnet.chainId)));
    const answer = await client.submit(rounds);
    expect(answer.results.filter((x) => x.status !== "queued")).toEqual([]);
    await client.drained(60_000);
    const status = smallGateway.status();
    expect(status.proofs).toMatchObject({ queued: 0, inflight: 0, accepted: 120, rejected: 0, failed: 0 });
    // 6 txs of 20 proofs against room for 3: the node refused part of a batch ("mempool is full").
    expect(status.broadcaster.checkTxRefusals["rpc/-1"]).toBeGreaterThanOrEqual(1);
    const states = await Promise.all(fleet.map((d) => fleetOwner.depin.proofs.lastProof(d.key.id)));
    for (const s of states) expect([s.lastSequence, s.acceptedCount]).toEqual([3n, 3n]);
  }, 90_000);
});
