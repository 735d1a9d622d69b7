/**
 * Proofs per second, devices -> gateway -> committed on chain, beside the chain's direct proof
 * throughput measured in the same run (pre-built, pre-signed 100-proof MsgSubmitProofs txs
 * broadcast straight to the RPC), and their ratio (goal >= 0.8). Prints one JSON object.
 *
 *   npx tsx bench/gateway-throughput.ts [--devices 500] [--proofs-per-device 10] [--block-time 200ms] [--max-in-flight 64]
 *   ... --door-only   the door alone: proofs acknowledged per second with nothing broadcast
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import config from "../fieldnet.config";
import { spawnDevnet } from "../devnet/testing/spawn";
import { SigningFieldnetClient } from "../chain-client/signing-client";
import { broadcastSync } from "../chain-client/broadcast";
import { msgs } from "../chain-client/messages";
import { registerFleet, nextProof } from "../chain-client/simulate/fleet";
import { startGateway } from "../chain-client/gateway/gateway";
import { GatewayClient } from "../chain-client/gateway/client";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** What the bench is doing, for the watchdog's message. */
let phase = "starting the devnet";

async function main(): Promise<void> {
  // A run that hangs names its phase here. (The rare idle hang seen on 2026-11-26 was Node 20's
  // keygen/JWK-export deadlock, fixed in chain-client/device/keys.ts: a deadlocked main thread
  // runs no timers, so this watchdog could not fire for it.)
  const watchdog = setTimeout(() => {
    process.stderr.write(`gateway-throughput: no result after 10 min, stuck while ${phase}\n`);
    process.exit(2);
  }, 600_000);
  watchdog.unref();
  const devices = Number(arg("devices", "500"));
  const perDevice = Number(arg("proofs-per-device", "10"));
  const blockTime = arg("block-time", "200ms");
  const home = mkdtempSync(join(tmpdir(), "fieldnet-bench-gw-"));
  const devnet = await spawnDevnet(["--home", join(home, "chain"), "--reset", "--port", "0", "--block-time", blockTime, "--quiet"]);
  phase = "connecting clients";
  const { banner } = devnet;
  const wallet = async (i: number) => DirectSecp256k1HdWallet.fromMnemonic(banner.accounts[i].mnemonic, { prefix: config.bech32Prefix });
  const owner = await SigningFieldnetClient.connectWithSigner(banner.rpcUrl, await wallet(1));
  const direct = await SigningFieldnetClient.connectWithSigner(banner.rpcUrl, await wallet(2));
  try {
    const total = devices * perDevice;
    // Direct: all txs built and signed before the clock starts.
    phase = "registering devices";
    const fleetA = await registerFleet(owner, { type: "energy-meter", devices, readingsPerDevice: perDevice, perTx: 100 });
    const fleetB = await registerFleet(owner, { type: "energy-meter", devices, readingsPerDevice: perDevice, perTx: 100 });
    const { accountNumber, sequence } = await direct.getSequence(direct.sender);
    const txs: Uint8Array[] = [];
    for (let r = 0; r < perDevice; r++) {
      const proofs = fleetA.map((d) => nextProof(d, banner.chainId));
      for (let i = 0; i < proofs.length; i += 100) {
        const gas = 5_000_000; // same order as the gateway's estimate (~4.1M for 100 proofs)
        const signed = await direct.sign(direct.sender, [msgs.submitProofs(direct.sender, proofs.slice(i, i + 100))], { amount: [{ denom: "ufield", amount: String(Math.ceil(gas * 0.025)) }], gas: String(gas) }, "", {
          accountNumber,
          sequence: sequence + txs.length,
          chainId: banner.chainId,
        });
        txs.push(TxRaw.encode(signed).finish());
      }
    }
    phase = "direct submission";
    const t0 = Date.now();
    const hashes: string[] = [];
    for (const tx of txs) {
      for (;;) {
        // A lost response (e.g. a keep-alive socket the node closed while this loop was busy) is
        // retried with the same bytes; "already in cache" then means the first copy got in.
        const r = await broadcastSync(banner.rpcUrl, tx).catch(() => undefined);
        if (r && (r.code === 0 || /already exists in cache/.test(r.log))) {
          hashes.push(r.hash);
          break;
        }
        await new Promise((res) => setTimeout(res, 50)); // mempool full: wait for a block
      }
    }
    while (!(await direct.getTx(hashes[hashes.length - 1]))) await new Promise((res) => setTimeout(res, 50));
    const directSeconds = (Date.now() - t0) / 1000;
    const failed = (await Promise.all(hashes.map((h) => direct.getTx(h)))).filter((t) => !t || t.code !== 0).length;
    if (failed > 0) throw new Error(`${failed} direct txs failed or are missing: the direct figure would be meaningless`);
    const lastA = await direct.depin.proofs.lastProof(fleetA[fleetA.length - 1].key.id);
    const lastOutcome = await direct.depin.proofs.outcome(fleetA[fleetA.length - 1].key.id, perDevice);

    // Gateway: devices post their signed proofs (100 per request, rounds in device order).
    // --door-only: nothing is broadcast (window 0), so the figure is the door's own capacity.
    const doorOnly = process.argv.includes("--door-only");
    phase = "starting the gateway";
    const gw = await startGateway({ rpcUrl: banner.rpcUrl, mnemonic: banner.accounts[3].mnemonic, home: join(home, "gateway"), port: 0, plugins: config.plugins ?? [], maxQueue: total + 1, maxInFlight: doorOnly ? 0 : Number(arg("max-in-flight", "64")), log: (line) => process.stderr.write(`gateway: ${line}\n`) });
    const client = new GatewayClient(gw.url);
    const rounds = Array.from({ length: perDevice }, () => fleetB.map((d) => nextProof(d, banner.chainId)));
    phase = "devices posting to the gateway";
    const t1 = Date.now();
    for (const round of rounds) {
      const posts = [];
      for (let i = 0; i < round.length; i += 100) posts.push(client.submit(round.slice(i, i + 100)));
      await Promise.all(posts);
    }
    const acknowledgedSeconds = (Date.now() - t1) / 1000;
    if (doorOnly) {
      const doorStatus = gw.status();
      await gw.stop();
      process.stdout.write(JSON.stringify({ benchmark: "gateway-door", devices, proofs: total, queued: doorStatus.proofs.queued, acknowledgedPerSecond: Math.round(total / acknowledgedSeconds) }, null, 2) + "\n");
      return;
    }
    phase = "waiting for the gateway to drain";
    await client.drained(300_000, 50); // polled as often as the direct path polls for its last tx
    const gatewaySeconds = (Date.now() - t1) / 1000;
    const status = gw.status();
    await gw.stop();

    const directRate = total / directSeconds;
    const gatewayRate = total / gatewaySeconds;
    process.stdout.write(
      JSON.stringify(
        {
          benchmark: "gateway-throughput",
          blockTime,
          devices,
          proofsPerPath: total,
          direct: { proofsPerSecond: Math.round(directRate), seconds: directSeconds, txs: txs.length, lastDeviceAcceptedCount: lastA.acceptedCount.toString(), lastDeviceLastSequence: lastA.lastSequence.toString(), lastOutcome: lastOutcome ? `${lastOutcome.accepted} ${lastOutcome.reason}` : "none" },
          gateway: { proofsPerSecond: Math.round(gatewayRate), seconds: gatewaySeconds, acknowledgedPerSecond: Math.round(total / acknowledgedSeconds), txs: status.broadcaster.txsCommitted, accepted: status.proofs.accepted, rejected: status.proofs.rejected, checkTxRefusals: status.broadcaster.checkTxRefusals },
          ratio: Number((gatewayRate / directRate).toFixed(3)),
          goal: 0.8,
        },
        null,
        2,
      ) + "\n",
    );
  } finally {
    owner.disconnect();
    direct.disconnect();
    devnet.child.kill("SIGTERM");
    await devnet.exited;
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway-throughput: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
