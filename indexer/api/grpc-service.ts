/**
 * grpc-js service definitions from ts-proto's generic definitions (buf.gen.indexer.yaml), so the
 * server encodes with the same generated codecs as everything else, and a typed client for tests
 * and tools comes for free.
 */
import { makeGenericClientConstructor, type ServiceDefinition } from "@grpc/grpc-js";
import { IndexerServiceDefinition } from "../../generated/depin/indexer/v1/query";

interface Codec {
  encode(message: unknown): { finish(): Uint8Array };
  decode(input: Uint8Array): unknown;
  fromPartial(object: unknown): unknown;
}

interface GenericMethod {
  readonly name: string;
  readonly requestType: unknown;
  readonly responseType: unknown;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
}

export function toGrpcService(def: { readonly fullName: string; readonly methods: Readonly<Record<string, GenericMethod>> }): ServiceDefinition {
  const service: Record<string, ServiceDefinition[string]> = {};
  for (const [key, m] of Object.entries(def.methods)) {
    const req = m.requestType as Codec;
    const res = m.responseType as Codec;
    service[key] = {
      path: `/${def.fullName}/${m.name}`,
      requestStream: m.requestStream,
      responseStream: m.responseStream,
      // fromPartial fills defaults so a handler may return a partial object.
      requestSerialize: (v: unknown) => Buffer.from(req.encode(req.fromPartial(v)).finish()),
      requestDeserialize: (b: Buffer) => req.decode(b),
      responseSerialize: (v: unknown) => Buffer.from(res.encode(res.fromPartial(v)).finish()),
      responseDeserialize: (b: Buffer) => res.decode(b),
      originalName: m.name,
    };
  }
  return service as ServiceDefinition;
}

export const indexerGrpcService = toGrpcService(IndexerServiceDefinition as never);

/** A grpc-js client constructor for depin.indexer.v1.IndexerService (methods in camelCase). */
export const IndexerClient = makeGenericClientConstructor(indexerGrpcService, "depin.indexer.v1.IndexerService");
