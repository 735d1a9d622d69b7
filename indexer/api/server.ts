/**
 * The gRPC server: IndexerService, the standard health service and server reflection (so
 * `grpcurl -plaintext HOST:PORT list` works without proto files).
 */
import { join } from "node:path";
import { Server, ServerCredentials, status, type sendUnaryData, type ServerUnaryCall, type ServerWritableStream } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import { HealthImplementation, protoPath as healthProtoPath } from "grpc-health-check";
import type { StreamEventsRequest, StreamEventsResponse } from "../../generated/depin/indexer/v1/query";
import type { Ingester } from "../ingest/ingester";
import type { IndexerMetrics } from "../metrics";
import type { IndexerQueries } from "../store/queries";
import { ApiError } from "./errors";
import { indexerGrpcService } from "./grpc-service";
import { IndexerHandlers } from "./handlers";
import { streamEvents } from "./stream";

export const INDEXER_SERVICE = "depin.indexer.v1.IndexerService";
const PROTO_ROOT = join(__dirname, "..", "..", "proto");

export interface GrpcServerOptions {
  readonly host: string;
  readonly port: number;
  readonly queries: IndexerQueries;
  readonly ingester: Ingester;
  readonly metrics: IndexerMetrics;
  readonly onError?: (method: string, error: unknown) => void;
}

export interface RunningGrpcServer {
  readonly server: Server;
  readonly port: number;
  readonly handlers: IndexerHandlers;
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
  const handlers = new IndexerHandlers({ queries: options.queries, ingester: options.ingester });
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

  server.addService(indexerGrpcService, {
    getDevice: unary("GetDevice", handlers.getDevice),
    listDevices: unary("ListDevices", handlers.listDevices),
    listProofs: unary("ListProofs", handlers.listProofs),
    getRewards: unary("GetRewards", handlers.getRewards),
    listRewards: unary("ListRewards", handlers.listRewards),
    getEpoch: unary("GetEpoch", handlers.getEpoch),
    networkStats: unary("NetworkStats", handlers.networkStats),
    getStatus: unary("GetStatus", handlers.getStatus),
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
    health,
    stop: () =>
      new Promise<void>((resolve) => {
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
