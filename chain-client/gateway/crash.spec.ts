/**
 * SIGKILL of the gateway (a child process running `fieldnet gateway`) in the middle of a stream:
 * after a restart on the same queue, every acknowledged proof reaches the chain exactly once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Proof } from "../../generated/depin/proofs/v1/types";
import { registerFleet, nextProof, type SimDevice } from "../simulate/fleet";
import { startTestNet, type TestNet } from "../testing";
import { GatewayClient } from "./client";

const REPO = join(__dirname, "..", "..");
let net: TestNet;
let dataDir: string;
const children: ChildProcess[] = [];

async function spawnGateway(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ["--require", "./scripts/ts-loader.cjs", join(REPO, "chain-client", "cli", "main.ts"), "--node", net.devnet.rpcUrl, "--output", "json", "gateway", "--mnemonic", net.devnet.accounts[3].mnemonic, "--port", "0", "--data", dataDir, "--max-in-flight", "4", "--batch-size", "50"],
    { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`gateway not ready: ${stderr}`)), 30_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf("\n");
      if (nl >= 0) {
        clearTimeout(timer);
        resolve((JSON.parse(out.slice(0, nl)) as { url: string }).url);
      }
    });
    child.on("exit", (code) => reject(new Error(`gateway exited ${code}: ${stderr}`)));
  });
  return { child, url };
}

beforeAll(async () => {
  net = await startTestNet(200);
  dataDir = mkdtempSync(join(tmpdir(), "fieldnet-gw-crash-"));
}, 30_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await net?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("gateway crash safety", () => {
  it("loses no acknowledged proof and duplicates none across a SIGKILL mid-stream", async () => {
    const owner = await net.signer(1);
    const ROUNDS = 6;
    const fleet: SimDevice[] = await registerFleet(owner, { type: "energy-meter", devices: 200, readingsPerDevice: ROUNDS, perTx: 100 });
    const chainId = net.devnet.chainId;
    const rounds: Proof[][] = Array.from({ length: ROUNDS }, () => fleet.map((d) => nextProof(d, chainId)));
    const acked = new Set<string>();

    let gw = await spawnGateway();
    let client = new GatewayClient(gw.url);
    // Rounds 0-2 fully, round 3 in flight when the gateway is killed.
    for (let r = 0; r < 3; r++) {
      for (let i = 0; i < rounds[r].length; i += 50) {
        const answer = await client.submit(rounds[r].slice(i, i + 50));
        for (const x of answer.results) if (x.status === "queued" || x.status === "duplicate") acked.add(`${x.deviceId}/${x.sequence}`);
      }
    }
    const posts = [];
    for (let i = 0; i < rounds[3].length; i += 20) posts.push(client.submit(rounds[3].slice(i, i + 20)).catch(() => undefined));
    await new Promise((r) => setTimeout(r, 150));
    gw.child.kill("SIGKILL");
    for (const answer of await Promise.all(posts)) {
      for (const x of answer?.results ?? []) if (x.status === "queued" || x.status === "duplicate") acked.add(`${x.deviceId}/${x.sequence}`);
    }
    const ackedBeforeKill = acked.size;
    expect(ackedBeforeKill).toBeGreaterThanOrEqual(600);

    // Restart on the same queue; devices resend what was not acknowledged, then the rest.
    gw = await spawnGateway();
    client = new GatewayClient(gw.url);
    for (let r = 3; r < ROUNDS; r++) {
      for (let i = 0; i < rounds[r].length; i += 50) {
        const answer = await client.submit(rounds[r].slice(i, i + 50));
        for (const x of answer.results) {
          expect(x.status === "queued" || x.status === "duplicate").toBe(true);
          acked.add(`${x.deviceId}/${x.sequence}`);
        }
      }
    }
    await client.drained(90_000);
    // Every acknowledged proof: accepted per the gateway AND per the chain, once.
    const status = await client.status<{ proofs: Record<string, number> }>();
    expect(status.proofs).toMatchObject({ queued: 0, inflight: 0, rejected: 0, failed: 0, accepted: fleet.length * ROUNDS });
    const states = await Promise.all(fleet.map((d) => owner.depin.proofs.lastProof(d.key.id)));
    for (const s of states) expect([s.lastSequence, s.acceptedCount, s.rejectedCount]).toEqual([BigInt(ROUNDS), BigInt(ROUNDS), 0n]);
    expect(acked.size).toBe(fleet.length * ROUNDS);
    gw.child.kill("SIGTERM");
  }, 180_000);
});
