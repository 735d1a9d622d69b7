/**
 * `startIndexer`: store + ingestion + gRPC + metrics in one call (the CLI and `npm run devnet`
 * both use it).
 */
import { join } from "node:path";
import { IndexerMetrics } from "./metrics";
import { Ingester, type Logger } from "./ingest/ingester";
import { RpcBlockSource, type BlockSource } from "./ingest/source";
import { startGrpcServer, type RunningGrpcServer } from "./api/server";
import { IndexerQueries } from "./store/queries";
import { openStore, type OpenStore } from "./store/open";
import { ExplorerServerError, startExplorerServer, type RunningExplorerServer } from "./http/server";

export { ExplorerServerError };

export interface IndexerOptions {
  /** CometBFT-compatible RPC, e.g. http://127.0.0.1:26657. */
  readonly rpcUrl: string;
  /** SQLite file path, ":memory:", or a postgres:// URL. Default: .data/indexer/index.db. */
  readonly db?: string;
  readonly grpcHost?: string;
  /** Default 9090; 0 picks a free port. */
  readonly grpcPort?: number;
  /** Prometheus /metrics port; 0 picks one; null disables. Default null. */
  readonly metricsPort?: number | null;
  /** Native denom whose transfers are indexed. Default "ufield". */
  readonly denom?: string;
  readonly concurrency?: number;
  readonly pollMs?: number;
  readonly logger?: Logger;
  /** Explorer page + JSON gateway + SSE (indexer/http) port; 0 picks one; null disables. Default null. */
  readonly explorerPort?: number | null;
  /** The explorer's production build. Default explorer/dist. */
  readonly explorerDir?: string;
  /** Replaces the RPC source (benchmarks). */
  readonly source?: BlockSource;
}

export interface RunningIndexer {
  readonly grpcAddress: string;
  readonly grpcPort: number;
  readonly metricsUrl?: string;
  /** The explorer page, e.g. http://127.0.0.1:8080/ (when explorerPort was given). */
  readonly explorerUrl?: string;
  readonly store: OpenStore;
  readonly ingester: Ingester;
  readonly grpc: RunningGrpcServer;
  readonly metrics: IndexerMetrics;
  stop(): Promise<void>;
}

export const DEFAULT_DB = join(".data", "indexer", "index.db");

export async function startIndexer(options: IndexerOptions): Promise<RunningIndexer> {
  const store = await openStore(options.db ?? DEFAULT_DB);
  const source = options.source ?? (await RpcBlockSource.connect(options.rpcUrl));
  const metrics = new IndexerMetrics();
  const ingester = new Ingester({ db: store.db, source, denom: options.denom ?? "ufield", concurrency: options.concurrency, pollMs: options.pollMs, logger: options.logger });
  ingester.on("applied", (r) => {
    metrics.indexedHeight.set(r.checkpoint.height);
    metrics.events.inc(r.events);
    metrics.blocks.inc(1);
    metrics.lag.set(Math.max(0, ingester.headHeight - r.checkpoint.height));
    for (const u of r.unknown) metrics.unknownEvents.inc({ kind: u.kind });
  });
  ingester.on("head", (h) => {
    metrics.chainHeight.set(h);
    metrics.lag.set(Math.max(0, h - ingester.checkpoint.height));
  });
  ingester.on("reset", () => metrics.resets.inc());
  const queries = new IndexerQueries(store.db);
  const host = options.grpcHost ?? "127.0.0.1";
  const grpc = await startGrpcServer({ host, port: options.grpcPort ?? 9090, queries, ingester, metrics, rpcUrl: options.rpcUrl, onError: (m, e) => (options.logger ?? console).warn(`[indexer] ${m} failed: ${String(e)}`) });
  const metricsServer = options.metricsPort === null || options.metricsPort === undefined ? undefined : await metrics.serve(options.metricsPort, host);
  let explorer: RunningExplorerServer | undefined;
  if (options.explorerPort !== null && options.explorerPort !== undefined) {
    try {
      explorer = await startExplorerServer({
        host, port: options.explorerPort, unary: grpc.unary, queries, ingester, dir: options.explorerDir,
        onError: (m, e) => (options.logger ?? console).warn(`[explorer] ${m} failed: ${String(e)}`),
      });
    } catch (error) {
      await grpc.stop();
      await metricsServer?.close();
      source.close();
      await store.close();
      throw new ExplorerServerError(`explorer port ${options.explorerPort} on ${host}: ${error instanceof Error ? error.message : String(error)} (choose another with --explorer-port, or --no-explorer)`);
    }
  }
  await ingester.start();
  let stopped = false;
  return {
    grpcAddress: `${host}:${grpc.port}`,
    grpcPort: grpc.port,
    metricsUrl: metricsServer ? `http://${host}:${metricsServer.port}/metrics` : undefined,
    explorerUrl: explorer?.url,
    store,
    ingester,
    grpc,
    metrics,
    async stop() {
      if (stopped) return;
      stopped = true;
      await explorer?.stop();
      await ingester.stop();
      await grpc.stop();
      await metricsServer?.close();
      source.close();
      await store.close();
    },
  };
}
