/**
 * DeviceMetadata: events carry no device metadata, so the indexer reads it through from the chain
 * it follows (registry Query/Device over abci_query) and caches the answer until a block touches
 * the device (or the chain resets). Keeps ingestion untouched: nothing is stored.
 */
import { status } from "@grpc/grpc-js";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { LRUCache } from "lru-cache";
import type { DeviceMetadataRequest, DeviceMetadataResponse } from "../../generated/depin/indexer/v1/aggregates";
import { QueryDeviceRequest, QueryDeviceResponse } from "../../generated/depin/registry/v1/query";
import type { Ingester } from "../ingest/ingester";
import { ApiError, notFound } from "./errors";
import * as v from "./validate";

export class DeviceMetadataReader {
  private client: Promise<Comet38Client> | undefined;
  private readonly cache = new LRUCache<string, DeviceMetadataResponse>({ max: 10_000 });

  constructor(private readonly rpcUrl: string, ingester: Ingester) {
    ingester.on("applied", (r) => {
      for (const id of r.touchedDevices) this.cache.delete(id);
    });
    ingester.on("reset", () => this.cache.clear());
  }

  private connect(): Promise<Comet38Client> {
    if (!/^https?:\/\//.test(this.rpcUrl)) return Promise.reject(new ApiError(status.UNAVAILABLE, `device metadata needs a chain RPC; this indexer reads from ${this.rpcUrl}`));
    this.client ??= Comet38Client.connect(this.rpcUrl).catch((error: unknown) => {
      this.client = undefined;
      throw new ApiError(status.UNAVAILABLE, `chain RPC ${this.rpcUrl} unreachable: ${error instanceof Error ? error.message : String(error)}`);
    });
    return this.client;
  }

  async deviceMetadata(req: DeviceMetadataRequest): Promise<DeviceMetadataResponse> {
    const id = v.deviceId(req.deviceId)!;
    const cached = this.cache.get(id);
    if (cached) return cached;
    const client = await this.connect();
    let r: Awaited<ReturnType<Comet38Client["abciQuery"]>>;
    try {
      r = await client.abciQuery({ path: "/depin.registry.v1.Query/Device", data: QueryDeviceRequest.encode({ id }).finish() });
    } catch (error) {
      throw new ApiError(status.UNAVAILABLE, `chain query failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (r.code !== 0) {
      if (/not found/i.test(r.log ?? "")) throw notFound(`device ${id}`);
      throw new ApiError(status.UNAVAILABLE, `chain query failed (code ${r.code}): ${r.log ?? ""}`);
    }
    const device = QueryDeviceResponse.decode(r.value).device;
    if (!device) throw notFound(`device ${id}`);
    const res: DeviceMetadataResponse = { metadataJson: new TextDecoder().decode(device.metadataJson), height: BigInt(r.height ?? 0) };
    this.cache.set(id, res);
    return res;
  }

  close(): void {
    void this.client?.then((c) => c.disconnect(), () => undefined);
  }
}
