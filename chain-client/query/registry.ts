/** Registry queries, in the style of cosmjs's `setupBankExtension`. */
import type { QueryClient } from "@cosmjs/stargate";
import { QueryClientImpl } from "../../generated/depin/registry/v1/query";
import { DeviceStatus, type Device, type NetworkType, type Params } from "../../generated/depin/registry/v1/types";
import { paginate, type PageOptions } from "../pagination";
import { orUndefined, rpcFor } from "./base";

export interface RegistryExtension {
  readonly registry: {
    params(): Promise<Params>;
    /** undefined when no such network type. */
    networkType(name: string): Promise<NetworkType | undefined>;
    allNetworkTypes(options?: PageOptions): AsyncGenerator<NetworkType, void, undefined>;
    /** undefined when the device is not registered. */
    device(id: string): Promise<Device | undefined>;
    allDevicesByOwner(owner: string, options?: PageOptions): AsyncGenerator<Device, void, undefined>;
    allDevicesByNetworkType(networkType: string, options?: PageOptions): AsyncGenerator<Device, void, undefined>;
    allDevicesByStatus(status: DeviceStatus, options?: PageOptions): AsyncGenerator<Device, void, undefined>;
    /** The generated client, for single pages and anything not wrapped above. */
    readonly raw: QueryClientImpl;
  };
}

export function setupRegistryExtension(base: QueryClient): RegistryExtension {
  const raw = new QueryClientImpl(rpcFor(base));
  return {
    registry: {
      params: async () => (await raw.Params({})).params!,
      networkType: (name) => orUndefined(async () => (await raw.NetworkType({ name })).networkType),
      allNetworkTypes: (options) => paginate(async (pagination) => {
        const r = await raw.NetworkTypes({ pagination });
        return { items: r.networkTypes, pagination: r.pagination };
      }, options),
      device: (id) => orUndefined(async () => (await raw.Device({ id })).device),
      allDevicesByOwner: (owner, options) => paginate(async (pagination) => {
        const r = await raw.DevicesByOwner({ owner, pagination });
        return { items: r.devices, pagination: r.pagination };
      }, options),
      allDevicesByNetworkType: (networkType, options) => paginate(async (pagination) => {
        const r = await raw.DevicesByNetworkType({ networkType, pagination });
        return { items: r.devices, pagination: r.pagination };
      }, options),
      allDevicesByStatus: (status, options) => paginate(async (pagination) => {
        const r = await raw.DevicesByStatus({ status, pagination });
        return { items: r.devices, pagination: r.pagination };
      }, options),
      raw,
    },
  };
}
