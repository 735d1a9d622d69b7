/**
 * `npm run indexer -- --rpc URL [--db PATH|URL] [--grpc-port 9090] [--metrics-port 9464]`
 * Follows the chain at --rpc and serves depin.indexer.v1.IndexerService over gRPC.
 */
import { Command, InvalidArgumentError } from "commander";
import { DEFAULT_DB, startIndexer } from "./indexer";

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("must be a port number (0..65535)");
  return n;
}

async function main(): Promise<void> {
  const program = new Command("indexer")
    .description("Fieldnet indexer: materialized DePIN state over gRPC")
    .requiredOption("--rpc <url>", "CometBFT-compatible RPC URL, e.g. http://127.0.0.1:26657")
    .option("--db <path|url>", `SQLite file, or a postgres:// URL (default: $DATABASE_URL, else ${DEFAULT_DB})`)
    .option("--grpc-host <host>", "gRPC listen host", "127.0.0.1")
    .option("--grpc-port <port>", "gRPC listen port (0 = any free port)", port, 9090)
    .option("--metrics-port <port>", "Prometheus /metrics port (0 = any free port)", port, 9464)
    .option("--no-metrics", "do not serve /metrics")
    .option("--explorer-port <port>", "explorer web page + JSON/SSE gateway port (0 = any free port)", port, 8080)
    .option("--no-explorer", "do not serve the explorer page and gateway")
    .option("--denom <denom>", "native denom whose transfers are indexed", "ufield")
    .option("--json", "print one JSON line when ready")
    .parse();
  const o = program.opts<{ rpc: string; db?: string; grpcHost: string; grpcPort: number; metricsPort: number; metrics: boolean; explorerPort: number; explorer: boolean; denom: string; json?: boolean }>();
  const indexer = await startIndexer({
    rpcUrl: o.rpc,
    db: o.db ?? process.env.DATABASE_URL ?? DEFAULT_DB,
    grpcHost: o.grpcHost,
    grpcPort: o.grpcPort,
    metricsPort: o.metrics ? o.metricsPort : null,
    explorerPort: o.explorer ? o.explorerPort : null,
    denom: o.denom,
  });
  const ready = { grpc: indexer.grpcAddress, metrics: indexer.metricsUrl ?? null, explorer: indexer.explorerUrl ?? null, store: indexer.store.dialect, db: indexer.store.location, rpc: o.rpc };
  if (o.json) console.log(JSON.stringify(ready));
  else {
    console.log(`indexer: following ${o.rpc}, store ${ready.store} (${ready.db})`);
    console.log(`indexer: gRPC on ${ready.grpc}  (grpcurl -plaintext ${ready.grpc} list)`);
    if (ready.metrics) console.log(`indexer: metrics on ${ready.metrics}`);
    if (ready.explorer) console.log(`indexer: explorer on ${ready.explorer}`);
  }
  const shutdown = () => {
    indexer.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(`indexer: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
