/** registry queries at /depin.registry.v1.Query/<Method>; list queries paginate over the secondary indexes. */
import { queryRoute, type QueryRoute } from "../app/module";
import { paginate } from "../app/pagination";
import { ErrNotFound, ErrInvalidRequest } from "../app/sdk-errors";
import { storeKey, type Context } from "../app/context";
import {
  QueryDeviceRequest,
  QueryDeviceResponse,
  QueryDevicesByNetworkTypeRequest,
  QueryDevicesByNetworkTypeResponse,
  QueryDevicesByOwnerRequest,
  QueryDevicesByOwnerResponse,
  QueryDevicesByStatusRequest,
  QueryDevicesByStatusResponse,
  QueryNetworkTypeRequest,
  QueryNetworkTypeResponse,
  QueryNetworkTypesRequest,
  QueryNetworkTypesResponse,
  QueryParamsRequest,
  QueryParamsResponse,
} from "../../generated/depin/registry/v1/query";
import { Device, DeviceStatus, NetworkType } from "../../generated/depin/registry/v1/types";
import type { PageRequest } from "cosmjs-types/cosmos/base/query/v1beta1/pagination";
import { byNetworkTypePrefix, byOwnerPrefix, byStatusPrefix, deviceIdFromKey, NETWORK_TYPES_PREFIX } from "./keys";
import type { RegistryKeeper } from "./keeper";

const PKG = "/depin.registry.v1.Query";
const REGISTRY = storeKey("registry");

function devicePage(ctx: Context, keeper: RegistryKeeper, prefix: Uint8Array, pagination: PageRequest | undefined) {
  const page = paginate(ctx.unmeteredStore(REGISTRY), prefix, pagination, (key) => deviceIdFromKey(key));
  const devices = page.items.map((id) => keeper.getDevice(ctx, id)).filter((d): d is Device => d !== undefined);
  return { devices, pagination: page.pagination };
}

export function registryQueries(keeper: RegistryKeeper): QueryRoute[] {
  return [
    queryRoute(`${PKG}/Params`, QueryParamsRequest, QueryParamsResponse, (ctx) => ({ params: keeper.getParams(ctx) })),
    queryRoute(`${PKG}/NetworkType`, QueryNetworkTypeRequest, QueryNetworkTypeResponse, (ctx, req) => {
      const networkType = keeper.getNetworkType(ctx, req.name);
      if (!networkType) throw ErrNotFound.wrap(`network type "${req.name}"`);
      return { networkType };
    }),
    queryRoute(`${PKG}/NetworkTypes`, QueryNetworkTypesRequest, QueryNetworkTypesResponse, (ctx, req) => {
      const page = paginate(ctx.unmeteredStore(REGISTRY), NETWORK_TYPES_PREFIX, req.pagination, (_key, value) => NetworkType.decode(value));
      return { networkTypes: page.items, pagination: page.pagination };
    }),
    queryRoute(`${PKG}/Device`, QueryDeviceRequest, QueryDeviceResponse, (ctx, req) => {
      const device = keeper.getDevice(ctx, req.id);
      if (!device) throw ErrNotFound.wrap(`device "${req.id}"`);
      return { device };
    }),
    queryRoute(`${PKG}/DevicesByOwner`, QueryDevicesByOwnerRequest, QueryDevicesByOwnerResponse, (ctx, req) => {
      if (!req.owner) throw ErrInvalidRequest.wrap("owner must not be empty");
      return devicePage(ctx, keeper, byOwnerPrefix(req.owner), req.pagination);
    }),
    queryRoute(`${PKG}/DevicesByNetworkType`, QueryDevicesByNetworkTypeRequest, QueryDevicesByNetworkTypeResponse, (ctx, req) => {
      if (!req.networkType) throw ErrInvalidRequest.wrap("network_type must not be empty");
      return devicePage(ctx, keeper, byNetworkTypePrefix(req.networkType), req.pagination);
    }),
    queryRoute(`${PKG}/DevicesByStatus`, QueryDevicesByStatusRequest, QueryDevicesByStatusResponse, (ctx, req) => {
      if (req.status !== DeviceStatus.DEVICE_STATUS_ACTIVE && req.status !== DeviceStatus.DEVICE_STATUS_INACTIVE) {
        throw ErrInvalidRequest.wrap("status must be ACTIVE or INACTIVE");
      }
      return devicePage(ctx, keeper, byStatusPrefix(req.status), req.pagination);
    }),
  ];
}
