/** Typed events of the registry module (type = proto full name, as the SDK's EmitTypedEvent). */
import type { Context } from "../app/context";
import { emitTyped } from "../app/events";
import {
  EventDeviceDeactivated,
  EventDeviceRegistered,
  EventDeviceTransferred,
  EventDeviceUpdated,
  EventNetworkTypeDisabled,
  EventNetworkTypeEnabled,
  EventParamsUpdated,
} from "../../generated/depin/registry/v1/events";

const PKG = "depin.registry.v1";

export const registryEvents = {
  deviceRegistered: (ctx: Context, e: EventDeviceRegistered) => emitTyped(ctx.events, `${PKG}.EventDeviceRegistered`, EventDeviceRegistered, e),
  deviceUpdated: (ctx: Context, e: EventDeviceUpdated) => emitTyped(ctx.events, `${PKG}.EventDeviceUpdated`, EventDeviceUpdated, e),
  deviceTransferred: (ctx: Context, e: EventDeviceTransferred) => emitTyped(ctx.events, `${PKG}.EventDeviceTransferred`, EventDeviceTransferred, e),
  deviceDeactivated: (ctx: Context, e: EventDeviceDeactivated) => emitTyped(ctx.events, `${PKG}.EventDeviceDeactivated`, EventDeviceDeactivated, e),
  networkTypeEnabled: (ctx: Context, e: EventNetworkTypeEnabled) => emitTyped(ctx.events, `${PKG}.EventNetworkTypeEnabled`, EventNetworkTypeEnabled, e),
  networkTypeDisabled: (ctx: Context, e: EventNetworkTypeDisabled) => emitTyped(ctx.events, `${PKG}.EventNetworkTypeDisabled`, EventNetworkTypeDisabled, e),
  paramsUpdated: (ctx: Context, e: EventParamsUpdated) => emitTyped(ctx.events, `${PKG}.EventParamsUpdated`, EventParamsUpdated, e),
};
