/** Prometheus metrics (own registry per indexer, so several can live in one process). */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export class IndexerMetrics {
  readonly registry = new Registry();
  readonly indexedHeight = new Gauge({ name: "fieldnet_indexer_indexed_height", help: "Last block applied to the store", registers: [this.registry] });
  readonly chainHeight = new Gauge({ name: "fieldnet_indexer_chain_height", help: "Latest block height seen on the chain", registers: [this.registry] });
  readonly lag = new Gauge({ name: "fieldnet_indexer_lag_blocks", help: "chain_height - indexed_height", registers: [this.registry] });
  readonly blocks = new Counter({ name: "fieldnet_indexer_blocks_total", help: "Blocks applied", registers: [this.registry] });
  readonly events = new Counter({ name: "fieldnet_indexer_events_total", help: "Chain events ingested (rate() = events/s)", registers: [this.registry] });
  readonly unknownEvents = new Counter({ name: "fieldnet_indexer_unknown_events_total", help: "Events recorded and skipped because not understood", labelNames: ["kind"], registers: [this.registry] });
  readonly resets = new Counter({ name: "fieldnet_indexer_chain_resets_total", help: "Chain resets detected (index rebuilt)", registers: [this.registry] });
  readonly streams = new Gauge({ name: "fieldnet_indexer_stream_clients", help: "Open StreamEvents calls", registers: [this.registry] });
  readonly latency = new Histogram({
    name: "fieldnet_indexer_grpc_request_duration_seconds",
    help: "gRPC handler latency by method and status code",
    labelNames: ["method", "code"],
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "fieldnet_indexer_" });
  }

  /** Serves GET /metrics; resolves with the bound port. */
  async serve(port: number, host = "127.0.0.1"): Promise<{ port: number; close(): Promise<void> }> {
    const server: Server = createServer((req, res) => {
      if (req.url !== "/metrics") {
        res.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": this.registry.contentType }).end(text),
        (error) => res.writeHead(500).end(String(error)),
      );
    });
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
    return {
      port: (server.address() as AddressInfo).port,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }
}
