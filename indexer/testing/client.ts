/** A promise-based IndexerService client over real gRPC (tests, benchmarks, tools). */
import { credentials, Metadata, type ClientReadableStream, type ServiceError } from "@grpc/grpc-js";
import type * as q from "../../generated/depin/indexer/v1/query";
import type * as agg from "../../generated/depin/indexer/v1/aggregates";
import type * as pay from "../../generated/depin/indexer/v1/payments";
import { IndexerClient } from "../api/grpc-service";

type Unary<Req, Res> = (req: Partial<Req>, opts?: { deadlineMs?: number }) => Promise<Res>;

export interface IndexerApi {
  getDevice: Unary<q.GetDeviceRequest, q.GetDeviceResponse>;
  listDevices: Unary<q.ListDevicesRequest, q.ListDevicesResponse>;
  listProofs: Unary<q.ListProofsRequest, q.ListProofsResponse>;
  getRewards: Unary<q.GetRewardsRequest, q.GetRewardsResponse>;
  listRewards: Unary<q.ListRewardsRequest, q.ListRewardsResponse>;
  getEpoch: Unary<q.GetEpochRequest, q.GetEpochResponse>;
  networkStats: Unary<q.NetworkStatsRequest, q.NetworkStatsResponse>;
  getStatus: Unary<q.GetStatusRequest, q.GetStatusResponse>;
  cellAggregates: Unary<agg.CellAggregatesRequest, agg.CellAggregatesResponse>;
  proofReasons: Unary<agg.ProofReasonsRequest, agg.ProofReasonsResponse>;
  deviceMetadata: Unary<agg.DeviceMetadataRequest, agg.DeviceMetadataResponse>;
  listUsage: Unary<pay.ListUsageRequest, pay.ListUsageResponse>;
  listCreditPurchases: Unary<pay.ListCreditPurchasesRequest, pay.ListCreditPurchasesResponse>;
  getAccountPayments: Unary<pay.GetAccountPaymentsRequest, pay.GetAccountPaymentsResponse>;
  streamEvents(req: Partial<q.StreamEventsRequest>): ClientReadableStream<q.StreamEventsResponse>;
  close(): void;
}

const METHODS = ["getDevice", "listDevices", "listProofs", "getRewards", "listRewards", "getEpoch", "networkStats", "getStatus", "cellAggregates", "proofReasons", "deviceMetadata", "listUsage", "listCreditPurchases", "getAccountPayments"] as const;

export function connectIndexer(address: string): IndexerApi {
  const client = new IndexerClient(address, credentials.createInsecure());
  const raw = client as unknown as Record<string, (req: unknown, meta: Metadata | object, opts: object, cb: (e: ServiceError | null, r: unknown) => void) => void>;
  const api: Record<string, unknown> = {};
  for (const m of METHODS) {
    api[m] = (req: unknown, opts: { deadlineMs?: number } = {}) =>
      new Promise((resolve, reject) => {
        const callOpts = opts.deadlineMs !== undefined ? { deadline: Date.now() + opts.deadlineMs } : {};
        raw[m].call(client, req, new Metadata(), callOpts, (e: ServiceError | null, r: unknown) => (e ? reject(e) : resolve(r)));
      });
  }
  api.streamEvents = (req: unknown) => (client as unknown as { streamEvents(r: unknown): ClientReadableStream<q.StreamEventsResponse> }).streamEvents(req);
  api.close = () => client.close();
  return api as unknown as IndexerApi;
}
