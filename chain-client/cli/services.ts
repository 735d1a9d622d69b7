/** `fieldnet devnet` (delegates to devnet/cli.ts), `fieldnet gateway`, `fieldnet simulate`. */
import { join, resolve } from "node:path";
import { Command, Option } from "commander";
import { SingleBar, Presets } from "cli-progress";
import { loadConfig } from "../../devnet/cli";
import { startGateway } from "../gateway/gateway";
import { GatewayClient } from "../gateway/client";
import { registerFleet, nextProof, type SimulatedType } from "../simulate/fleet";
import { globals, keyring, signingClient } from "./context";
import { CliError, emit, ExitCode, kv } from "./output";

export function devnetCommand(): Command {
  return new Command("devnet")
    .description("run the local devnet (all flags of `npm run devnet -- --help`)")
    .helpOption(false)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .argument("[args...]")
    .action(async (args: string[]) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const devnet = require("../../devnet/cli") as { main(argv: readonly string[]): Promise<void> };
      await devnet.main(["node", "devnet", ...args]);
    });
}

export function gatewayCommand(): Command {
  return new Command("gateway")
    .description("run the proof gateway: devices POST signed proofs, the gateway batches them on chain")
    .option("--from <key>", "keyring account that pays the fees")
    .option("--mnemonic <words>", "fee payer mnemonic instead of --from (or env FIELDNET_GATEWAY_MNEMONIC)")
    .option("--port <port>", "HTTP port (0 = any free port)", "8080")
    .option("--host <host>", "HTTP listen address", "127.0.0.1")
    .option("--data <dir>", "queue database directory (default <home>/gateway)")
    .option("-c, --config <path>", "network config (for the plugins' payload schemas)", "fieldnet.config.ts")
    .option("--max-queue <n>", "pending proofs before answering 429", "100000")
    .option("--batch-size <n>", "proofs per tx (capped by the chain's max_batch_size)", "100")
    .option("--max-in-flight <n>", "txs in the mempool at once (broadcast in JSON-RPC batches)", "64")
    .option("--lookup-batch-size <n>", "device lookups per JSON-RPC batch (keep within the node's rpc.max_request_batch_size)", "10")
    .addHelpText(
      "after",
      "\nAPI:\n  POST /v1/proofs                      one proof or {\"proofs\":[...]}; 202 = durably queued\n  GET  /v1/proofs/<deviceId>/<seq>     state: queued|inflight|accepted|rejected|failed\n  GET  /v1/status                      counts, rejected by reason\n\nExample:\n  $ fieldnet gateway --from alice --port 8080",
    )
    .action(async (opts: { from?: string; mnemonic?: string; port: string; host: string; data?: string; config: string; maxQueue: string; batchSize: string; maxInFlight: string; lookupBatchSize: string }, cmd: Command) => {
      const g = globals(cmd);
      let mnemonic = opts.mnemonic ?? process.env.FIELDNET_GATEWAY_MNEMONIC;
      if (!mnemonic && opts.from) {
        const entry = keyring(g).get(opts.from);
        if (entry.kind !== "account") throw new CliError(`--from "${opts.from}" must be an account key`, ExitCode.Usage);
        mnemonic = entry.mnemonic;
      }
      if (!mnemonic) throw new CliError("the gateway needs a fee payer: --from <key> or --mnemonic \"...\"", ExitCode.Usage);
      const config = loadConfig(opts.config);
      const log = (line: string) => process.stderr.write(`gateway: ${line}\n`);
      const gw = await startGateway({
        rpcUrl: g.node,
        mnemonic,
        prefix: g.prefix,
        home: resolve(opts.data ?? join(g.home, "gateway")),
        host: opts.host,
        port: Number(opts.port),
        plugins: config.plugins ?? [],
        maxQueue: Number(opts.maxQueue),
        batchSize: Number(opts.batchSize),
        maxInFlight: Number(opts.maxInFlight),
        lookupBatchSize: Number(opts.lookupBatchSize),
        log,
      });
      const ready = { event: "ready", url: gw.url, submitter: gw.submitter, chainId: gw.chainId, pid: process.pid };
      emit(g.output, ready, () => `gateway listening on ${gw.url} (chain ${gw.chainId}, fees paid by ${gw.submitter}); Ctrl-C to stop`);
      const shutdown = () => void gw.stop().then(() => process.exit(0));
      process.on("SIGINT", shutdown);
      process.on("SIGTERM", shutdown);
      await new Promise(() => undefined);
    });
}

function parseRate(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(text.trim());
  if (!m || Number(m[1]) <= 0) throw new CliError(`--rate must look like 50/s, got "${text}"`, ExitCode.Usage);
  return Number(m[1]);
}

export function simulateCommand(): Command {
  return new Command("simulate")
    .description("register simulated devices and stream signed proofs to a gateway, with a progress bar and a summary")
    .addOption(new Option("--type <type>", "device type").choices(["energy-meter", "env-sensor"]).default("energy-meter"))
    .option("--devices <n>", "number of simulated devices", "100")
    .option("--rate <n/s>", "proofs per second over the whole fleet", "50/s")
    .option("--proofs <n>", "proofs per device", "3")
    .requiredOption("--gateway <url>", "gateway URL, e.g. http://127.0.0.1:8080")
    .requiredOption("--from <key>", "keyring account that registers (and owns) the devices")
    .option("--no-progress", "no progress bar")
    .addHelpText("after", "\nExample:\n  $ fieldnet simulate --type energy-meter --devices 1000 --rate 50/s --gateway http://127.0.0.1:8080 --from alice")
    .action(async (opts: { type: SimulatedType; devices: string; rate: string; proofs: string; gateway: string; from: string; progress: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const rate = parseRate(opts.rate);
      const devices = Number(opts.devices);
      const perDevice = Number(opts.proofs);
      const client = await signingClient(g, opts.from);
      const gw = new GatewayClient(opts.gateway.replace(/\/$/, ""));
      await gw.status().catch((e: unknown) => {
        throw new CliError(`cannot reach the gateway at ${opts.gateway} (${(e as Error).message}): start it with \`fieldnet gateway\``, ExitCode.Unreachable);
      });
      const showBar = opts.progress && g.output === "text" && process.stderr.isTTY !== false;
      try {
        const chainId = await client.getChainId();
        process.stderr.write(`registering ${devices} ${opts.type} devices...\n`);
        const fleet = await registerFleet(client, { type: opts.type, devices, readingsPerDevice: perDevice, perTx: 50 });
        const total = devices * perDevice;
        const bar = new SingleBar({ format: "proofs |{bar}| {value}/{total} sent  {accepted} accepted  {rejected} rejected  {eta}s", stream: process.stderr, hideCursor: true }, Presets.shades_classic);
        if (showBar) bar.start(total, 0, { accepted: 0, rejected: 0 });
        const refusedAtDoor: Record<string, number> = {};
        let sent = 0;
        const started = Date.now();
        const tick = Math.max(1, Math.round(rate / 10)); // send every 100 ms
        for (let round = 0; round < perDevice; round++) {
          for (let i = 0; i < fleet.length; i += tick) {
            const due = started + (sent / rate) * 1000;
            if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
            const answer = await gw.submit(fleet.slice(i, i + tick).map((d) => nextProof(d, chainId)));
            for (const r of answer.results) if (r.status === "refused") refusedAtDoor[r.reason ?? "UNKNOWN"] = (refusedAtDoor[r.reason ?? "UNKNOWN"] ?? 0) + 1;
            sent += answer.results.length;
            if (showBar) bar.update(sent, { accepted: "…", rejected: Object.values(refusedAtDoor).reduce((a, b) => a + b, 0) });
          }
        }
        // Wait for every proof's outcome.
        const ids = fleet.flatMap((d) => Array.from({ length: perDevice }, (_, s) => [d.key.id, s + 1] as const));
        let accepted = 0;
        const rejected: Record<string, number> = {};
        const deadline = Date.now() + 120_000;
        let pending = ids;
        while (pending.length > 0 && Date.now() < deadline) {
          const next: typeof ids = [];
          for (let i = 0; i < pending.length; i += 50) {
            const chunk = pending.slice(i, i + 50);
            const records = await Promise.all(chunk.map(([id, s]) => gw.outcome(id, s)));
            records.forEach((r, j) => {
              if (r?.status === "accepted") accepted++;
              else if (r?.status === "rejected" || r?.status === "failed") rejected[r.reason] = (rejected[r.reason] ?? 0) + 1;
              else if (r) next.push(chunk[j]);
            });
          }
          pending = next;
          if (showBar) bar.update(sent, { accepted, rejected: Object.values(rejected).reduce((a, b) => a + b, 0) + Object.values(refusedAtDoor).reduce((a, b) => a + b, 0) });
          if (pending.length > 0) await new Promise((r) => setTimeout(r, 300));
        }
        if (showBar) bar.stop();
        for (const [k, v] of Object.entries(refusedAtDoor)) rejected[`door:${k}`] = v;
        const rewards = await client.depin.rewards.pendingRewardsTotal(client.sender);
        const summary = {
          type: opts.type,
          devices,
          sent,
          accepted,
          rejected,
          unresolved: pending.length,
          seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
          pendingRewards: rewards ?? { denom: "", amount: "0" },
        };
        emit(g.output, summary, () =>
          `\nsummary\n${kv({ sent: String(sent), accepted: String(accepted), rejected: Object.keys(rejected).length ? Object.entries(rejected).map(([k, v]) => `${k}=${v}`).join(" ") : "0", unresolved: String(pending.length), seconds: String(summary.seconds), "pending rewards": `${summary.pendingRewards.amount}${summary.pendingRewards.denom} (paid when the epoch closes; claim with fieldnet tx claim)` })}`,
        );
        if (pending.length > 0) throw new CliError(`${pending.length} proofs had no outcome after 120 s: check the gateway (GET /v1/status)`, ExitCode.Timeout);
      } finally {
        client.disconnect();
      }
    });
}
