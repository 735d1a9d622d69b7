/**
 * The gRPC server: IndexerService, the standard health service and server reflection (so
 * `grpcurl -plaintext HOST:PORT list` works without proto files).
 */
import { join } from "node:path";
import { Server, ServerCredentials, status, type sendUnaryData, type ServerUnaryCall, type ServerWritableStream } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import { HealthImplementation, protoPath as healthProtoPath } from "grpc-health-check";
import { IndexerServiceDefinition, type StreamEventsRequest, type StreamEventsResponse } from "../../generated/depin/indexer/v1/query";
import type { Ingester } from "../ingest/ingester";
import type { IndexerMetrics } from "../metrics";
import type { IndexerQueries } from "../store/queries";
import { ApiError } from "./errors";
import { indexerGrpcService } from "./grpc-service";
import { IndexerHandlers } from "./handlers";
import { streamEvents } from "./stream";
import { AggregateHandlers } from "./aggregates";
import { DeviceMetadataReader } from "./metadata";
import { AggregateQueries } from "../store/aggregates";
import { PaymentHandlers } from "./payments";
import { PaymentQueries } from "../store/payments";

export const INDEXER_SERVICE = "depin.indexer.v1.IndexerService";
const PROTO_ROOT = join(__dirname, "..", "..", "proto");

export interface GrpcServerOptions {
  readonly host: string;
  readonly port: number;
  readonly queries: IndexerQueries;
  readonly ingester: Ingester;
  readonly metrics: IndexerMetrics;
  readonly onError?: (method: string, error: unknown) => void;
  /** The chain RPC, for DeviceMetadata (read through, cached). */
  readonly rpcUrl?: string;
}

export interface RunningGrpcServer {
  readonly server: Server;
  readonly port: number;
  readonly handlers: IndexerHandlers;
  /** Every unary method by its camelCase key (as in IndexerServiceDefinition.methods): the HTTP gateway dispatches here too. */
  readonly unary: Readonly<Record<string, (req: unknown) => Promise<unknown>>>;
  readonly health: HealthImplementation;
  stop(): Promise<void>;
}

function deadlinePassed(deadline: Date | number): boolean {
  const ms = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(ms) && ms <= Date.now();
}

function toStatus(error: unknown): { code: status; details: string } {
  if (error instanceof ApiError) return { code: error.code, details: error.message };
  return { code: status.INTERNAL, details: "internal error" };
}

export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningGrpcServer> {
  const { metrics } = options;
  const paymentQueries = new PaymentQueries(options.queries.database);
  const handlers = new IndexerHandlers({ queries: options.queries, ingester: options.ingester, payments: paymentQueries });
  const payments = new PaymentHandlers(paymentQueries);
  const aggregates = new AggregateHandlers({ queries: new AggregateQueries(options.queries.database), currentEpoch: () => options.ingester.checkpoint.currentEpoch });
  const metadata = new DeviceMetadataReader(options.rpcUrl ?? "", options.ingester);
  const unaryMethods: Record<string, (req: unknown) => Promise<unknown>> = {
    getDevice: (r) => handlers.getDevice(r as never), // unary methods; StreamEvents is wired below
    listDevices: (r) => handlers.listDevices(r as never),
    listProofs: (r) => handlers.listProofs(r as never),
    getRewards: (r) => handlers.getRewards(r as never),
    listRewards: (r) => handlers.listRewards(r as never),
    getEpoch: (r) => handlers.getEpoch(r as never),
    networkStats: (r) => handlers.networkStats(r as never),
    getStatus: () => handlers.getStatus(),
    cellAggregates: (r) => aggregates.cellAggregates(r as never),
    proofReasons: (r) => aggregates.proofReasons(r as never),
    deviceMetadata: (r) => metadata.deviceMetadata(r as never),
    listUsage: (r) => payments.listUsage(r as never),
    listCreditPurchases: (r) => payments.listCreditPurchases(r as never),
    getAccountPayments: (r) => payments.getAccountPayments(r as never),
  };
  const server = new Server({ "grpc.max_concurrent_streams": 1000 });

  const unary = <Req, Res>(method: string, fn: (req: Req) => Promise<Res>) => (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
    const end = metrics.latency.startTimer({ method });
    if (deadlinePassed(call.getDeadline())) {
      end({ code: "DEADLINE_EXCEEDED" });
      callback({ code: status.DEADLINE_EXCEEDED, details: "deadline exceeded before the request was handled" });
      return;
    }
    fn.call(handlers, call.request).then(
      (res) => {
        end({ code: "OK" });
        // A call the client cancelled or that timed out gets nothing: grpc-js already answered it.
        if (!call.cancelled) callback(null, res);
      },
      (error: unknown) => {
        const s = toStatus(error);
        if (s.code === status.INTERNAL) options.onError?.(method, error);
        end({ code: status[s.code] });
        if (!call.cancelled) callback(s);
      },
    );
  };

  // Every unary method by its proto name (for metrics labels), from the generated definition.
  const methodNames = Object.fromEntries(Object.entries(IndexerServiceDefinition.methods).map(([key, m]) => [key, m.name]));
  const implementation: Record<string, unknown> = {};
  for (const [key, fn] of Object.entries(unaryMethods)) implementation[key] = unary(methodNames[key] ?? key, fn);
  server.addService(indexerGrpcService, {
    ...implementation,
    streamEvents: (call: ServerWritableStream<StreamEventsRequest, StreamEventsResponse>) => {
      streamEvents(call, options.queries, options.ingester, (d) => metrics.streams.inc(d)).then(
        () => {
          if (!call.destroyed && !call.cancelled) call.end();
        },
        (error: unknown) => {
          const s = toStatus(error);
          if (s.code === status.INTERNAL) options.onError?.("StreamEvents", error);
          if (!call.cancelled) call.emit("error", Object.assign(new Error(s.details), s));
        },
      );
    },
  });

  const health = new HealthImplementation({ "": "SERVING", [INDEXER_SERVICE]: "SERVING" });
  health.addToServer(server);
  const reflected = loadSync([join(PROTO_ROOT, "depin/indexer/v1/query.proto"), healthProtoPath], { includeDirs: [PROTO_ROOT], keepCase: true });
  new ReflectionService(reflected).addToServer(server);

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${options.host}:${options.port}`, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    server,
    port,
    handlers,
    unary: unaryMethods,
    health,
    stop: () =>
      new Promise<void>((resolve) => {
        metadata.close();
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
