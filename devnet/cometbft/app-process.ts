/**
 * One Fieldnet app process for one CometBFT node:
 *   npx tsx devnet/cometbft/app-process.ts --home DIR --config fieldnet.config.ts --address tcp://127.0.0.1:26658
 * Prints one JSON line {"event":"listening",...} on stdout when CometBFT may connect; logs go to
 * stderr. SIGTERM/SIGINT close the server and the app's store cleanly.
 */
import { mkdirSync } from "node:fs";
import { Command } from "commander";
import { createApp } from "../../modules/app/app";
import { loadConfig } from "../cli";
import { AbciServer, stderrLogger } from "./abci-server";
import { acquireLock, releaseLock } from "../home-lock";
import { positiveInt } from "../int-flags";

export interface AppProcessOptions {
  home: string;
  config: string;
  address: string;
  signatureWorkers: string;
}

export async function main(argv: readonly string[]): Promise<void> {
  const opts = new Command()
    .name("app-process")
    .description("Serve the Fieldnet app to one CometBFT node over the ABCI socket protocol")
    .requiredOption("--home <dir>", "the app's state directory")
    .option("-c, --config <path>", "network config file", "fieldnet.config.ts")
    .option("--address <addr>", "listen address: tcp://host:port or unix:///path", "tcp://127.0.0.1:26658")
    .option("--signature-workers <n>", "threads that check signatures ahead of CheckTx", "1")
    .allowExcessArguments(false)
    .parse([...argv])
    .opts<AppProcessOptions>();

  const config = loadConfig(opts.config);
  // One process per app home: a second app, or an --export, is refused while this one runs.
  mkdirSync(opts.home, { recursive: true });
  acquireLock(opts.home);
  const app = createApp(config, { home: opts.home, signatureWorkers: positiveInt("--signature-workers", opts.signatureWorkers) });
  const server = await AbciServer.start({ app, address: opts.address, logger: stderrLogger });
  const info = await app.info({ version: "", blockVersion: 0n, p2pVersion: 0n, abciVersion: "" });
  process.stdout.write(JSON.stringify({ event: "listening", address: server.address, pid: process.pid, height: Number(info.lastBlockHeight) }) + "\n");

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await app.close();
    releaseLock(opts.home);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

if (require.main === module) {
  main(process.argv).catch((error: unknown) => {
    process.stderr.write(`app-process: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
