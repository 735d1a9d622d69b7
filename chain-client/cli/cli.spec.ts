/**
 * The CLI as a user types it (child processes: `node --require ./scripts/ts-loader.cjs chain-client/cli/main.ts ...`),
 * against the embedded devnet: text and JSON output, exit codes.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startTestNet, type TestNet } from "../testing";

const run = promisify(execFile);
const REPO = join(__dirname, "..", "..");
let net: TestNet;
let home: string;

async function fieldnet(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--require", "./scripts/ts-loader.cjs", join(REPO, "chain-client", "cli", "main.ts"), "--node", net.devnet.rpcUrl, "--home", home, ...args], { cwd: REPO });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  net = await startTestNet(100);
  home = mkdtempSync(join(tmpdir(), "fieldnet-cli-"));
}, 30_000);

afterAll(async () => {
  await net?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe("fieldnet CLI", () => {
  it("keys, tx and queries, in text and JSON", async () => {
    expect((await fieldnet("keys", "add", "alice", "--recover", "--mnemonic", net.devnet.accounts[4].mnemonic)).stdout).toContain(net.devnet.accounts[4].address);
    const meter = JSON.parse((await fieldnet("-o", "json", "keys", "add", "meter-1", "--device")).stdout) as { deviceId: string };
    expect(meter.deviceId).toMatch(/^[0-9a-f]{40}$/);
    const list = JSON.parse((await fieldnet("keys", "list", "--output", "json")).stdout) as { name: string }[];
    expect(list.map((k) => k.name)).toEqual(["alice", "meter-1"]);
    expect((await fieldnet("keys", "show", "alice", "-a")).stdout.trim()).toBe(net.devnet.accounts[4].address);
    expect((await fieldnet("keys", "export", "alice")).stdout.trim()).toBe(net.devnet.accounts[4].mnemonic);

    const reg = await fieldnet("tx", "register-device", "--from", "alice", "--device", "meter-1", "--network-type", "energy-meter", "--metadata", '{"ratedPowerW":3600}');
    expect(reg.code).toBe(0);
    expect(reg.stdout).toContain(`registered device ${meter.deviceId}`);
    const device = JSON.parse((await fieldnet("query", "device", "meter-1", "-o", "json")).stdout) as Record<string, unknown>;
    expect(device).toMatchObject({ id: meter.deviceId, owner: net.devnet.accounts[4].address, status: "active", keyType: "ed25519", metadata: { ratedPowerW: 3600 } });
    expect((await fieldnet("query", "devices", "--owner", "alice")).stdout).toContain(meter.deviceId);

    const t = Math.floor(Date.now() / 1000);
    const sub = await fieldnet("tx", "submit-proofs", "--from", "alice", "--device", "meter-1", "--payload", JSON.stringify({ counterWh: 100, readAt: t - 900 }));
    expect(sub.stdout).toContain(`${meter.deviceId} #1: accepted units=0 reason=BASELINE`);
    const sub2 = JSON.parse((await fieldnet("-o", "json", "tx", "submit-proofs", "--from", "alice", "--device", "meter-1", "--payload", JSON.stringify({ counterWh: 400, readAt: t - 300 }))).stdout) as { outcomes: { accepted: boolean; units: string }[]; txHash: string };
    expect(sub2.outcomes).toEqual([expect.objectContaining({ accepted: true, units: "300" })]);
    expect(JSON.parse((await fieldnet("query", "proof", "meter-1", "2", "-o", "json")).stdout)).toMatchObject({ accepted: true, units: "300" });
    expect((await fieldnet("query", "proof", "meter-1")).stdout).toMatch(/lastSequence\s+2/);

    const send = await fieldnet("tx", "send", net.devnet.accounts[5].address, "777ufield", "--from", "alice");
    expect(send.stdout).toContain("sent 777ufield");
    const bal = JSON.parse((await fieldnet("query", "balance", net.devnet.accounts[5].address, "--denom", "ufield", "-o", "json")).stdout) as { balances: { amount: string }[] };
    expect(BigInt(bal.balances[0].amount)).toBeGreaterThan(777n);
    const proven = JSON.parse((await fieldnet("query", "balance", net.devnet.accounts[5].address, "--denom", "ufield", "--prove", "-o", "json")).stdout) as { balances: { amount: string }[]; provenAtHeight: number; appHash: string };
    expect(proven.balances[0].amount).toBe(bal.balances[0].amount);
    expect(proven.appHash).toMatch(/^[0-9A-F]{64}$/);
    expect((await fieldnet("query", "balance", "alice", "--prove")).code).toBe(2);

    expect((await fieldnet("query", "rewards", "meter-1")).stdout).toMatch(/pending/);
    expect(JSON.parse((await fieldnet("query", "rewards", "--owner", "alice", "-o", "json")).stdout)).toHaveProperty("devices");
    expect(JSON.parse((await fieldnet("query", "epoch", "-o", "json")).stdout)).toHaveProperty("epoch");
    expect(JSON.parse((await fieldnet("query", "params", "proofs", "-o", "json")).stdout)).toMatchObject({ maxBatchSize: 100 });
    expect((await fieldnet("query", "params")).stdout).toMatch(/registry.*\n.*proofs.*\n.*rewards.*\n.*payments/);
    expect((await fieldnet("tx", "claim", "--from", "alice")).stdout).toMatch(/claimed \d+/);
  }, 90_000);

  it("payments: buy credits, delegate and revoke, query credits, price, burns and net emission", async () => {
    await fieldnet("keys", "add", "bob", "--recover", "--mnemonic", net.devnet.accounts[6].mnemonic);
    const bought = JSON.parse((await fieldnet("-o", "json", "tx", "buy-credits", "5000ufield", "--from", "bob")).stdout) as { credits: string };
    expect(bought.credits).toBe("5000"); // the devnet's fixed rate: 1 credit per base unit
    expect(JSON.parse((await fieldnet("query", "credits", "bob", "-o", "json")).stdout)).toMatchObject({ balance: "5000", burned: "5000" });
    expect((await fieldnet("tx", "delegate-credits", net.devnet.accounts[5].address, "100", "--from", "bob")).stdout).toContain("delegated 100 credits");
    expect((await fieldnet("tx", "revoke-credits", net.devnet.accounts[5].address, "--from", "bob")).stdout).toContain("revoked");
    expect(JSON.parse((await fieldnet("query", "price", "-o", "json")).stdout)).toHaveProperty("pricingMode");
    expect(BigInt((JSON.parse((await fieldnet("query", "burns", "-o", "json")).stdout) as { creditsBurned: string }).creditsBurned)).toBeGreaterThanOrEqual(5000n);
    // The epoch can close between two CLI calls on a slow machine: read until the epoch is the
    // same before and after the net-emission query, so it was the open one throughout.
    const currentEpoch = async () => (JSON.parse((await fieldnet("query", "epoch", "-o", "json")).stdout) as { epoch: string }).epoch;
    let epoch = await currentEpoch();
    let emission: Record<string, unknown> = {};
    for (let attempt = 0; attempt < 5; attempt++) {
      emission = JSON.parse((await fieldnet("query", "net-emission", epoch, "-o", "json")).stdout) as Record<string, unknown>;
      const after = await currentEpoch();
      if (after === epoch) break;
      epoch = after;
    }
    // proto3 JSON: the open epoch's `closed: false` is a default and left out.
    expect(emission).toMatchObject({ epoch, minted: "0" });
    expect(emission).not.toHaveProperty("closed");
    expect((await fieldnet("query", "net-emission", "999999")).code).toBe(4);
    expect(JSON.parse((await fieldnet("query", "params", "payments", "-o", "json")).stdout)).toMatchObject({ denom: "ufield", pricingMode: "PRICING_MODE_FIXED" });
    const bad = await fieldnet("tx", "buy-credits", "lots", "--from", "bob");
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining("must look like 5000ufield")]);
  }, 60_000);

  it("errors a shell user can act on, with exit codes", async () => {
    const missing = await fieldnet("query", "device", "00".repeat(20));
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain("is not registered");
    const usage = await fieldnet("tx", "send", "x", "abc", "--from", "alice");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("must look like 1000ufield");
    const refused = await fieldnet("-o", "json", "tx", "send", net.devnet.accounts[5].address, "999999999999999999ufield", "--from", "alice");
    expect(refused.code).toBe(3);
    expect(JSON.parse(refused.stderr)).toMatchObject({ codespace: "sdk", code: 5, exitCode: 3 });
    const down = await fieldnet("--node", "http://127.0.0.1:1", "query", "balance", "alice");
    expect(down.code).toBe(5);
    expect(down.stderr).toContain("is the devnet running?");
    const help = await fieldnet("--help");
    expect(help.stdout).toContain("Examples:");
    expect(help.stdout).toContain("Exit codes:");
  }, 60_000);

  it("gateway and simulate: simulated devices stream proofs through a gateway, with a summary", async () => {
    await fieldnet("keys", "add", "payer", "--recover", "--mnemonic", net.devnet.accounts[6].mnemonic);
    await fieldnet("keys", "add", "fleet", "--recover", "--mnemonic", net.devnet.accounts[7].mnemonic);
    const gateway = spawn(process.execPath, ["--require", "./scripts/ts-loader.cjs", join(REPO, "chain-client", "cli", "main.ts"), "--node", net.devnet.rpcUrl, "--home", home, "-o", "json", "gateway", "--from", "payer", "--port", "0"], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const ready = await new Promise<{ event: string; url: string }>((resolve, reject) => {
        let out = "";
        gateway.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const line = out.split("\n").find((l) => l.startsWith("{"));
          if (line) resolve(JSON.parse(line) as { event: string; url: string });
        });
        gateway.once("exit", (code) => reject(new Error(`gateway exited ${code}`)));
      });
      expect(ready.event).toBe("ready");

      const sim = await fieldnet("-o", "json", "simulate", "--type", "energy-meter", "--devices", "20", "--proofs", "2", "--rate", "400/s", "--gateway", ready.url, "--from", "fleet");
      expect(sim.code).toBe(0);
      const summary = JSON.parse(sim.stdout) as { sent: number; accepted: number; rejected: Record<string, number>; unresolved: number; devices: number };
      expect(summary).toMatchObject({ devices: 20, sent: 40, unresolved: 0 });
      expect(summary.accepted + Object.values(summary.rejected).reduce((a, b) => a + b, 0)).toBe(40);
      expect(summary.accepted).toBeGreaterThan(0);

      const unreachable = await fieldnet("simulate", "--devices", "1", "--gateway", "http://127.0.0.1:1", "--from", "fleet");
      expect(unreachable.code).toBe(5);
      expect(unreachable.stderr).toContain("start it with `fieldnet gateway`");
    } finally {
      gateway.kill("SIGTERM");
    }
  }, 120_000);
});
