/** What the proofs module needs from the registry and rewards modules. */
import type { Context } from "../app/context";
import type { Device, NetworkType } from "../../generated/depin/registry/v1/types";
import type { JsonValue } from "../plugin/canonical-json";
import type { RegistryView } from "../plugin/types";
import type { HostedPlugin, PluginHost } from "../registry/plugin-host";

export interface ProofsRegistryKeeper {
  readonly plugins: PluginHost;
  getDevice(ctx: Context, id: string): Device | undefined;
  /** getDevice for callers that never mutate the record (may return a shared decoded object). */
  getDeviceShared(ctx: Context, id: string): Readonly<Device> | undefined;
  getNetworkType(ctx: Context, name: string): NetworkType | undefined;
  networkTypes(ctx: Context): NetworkType[];
  pluginFor(ctx: Context, networkType: NetworkType): { hosted: HostedPlugin; params: JsonValue };
  registryView(ctx: Context, defaultNetworkType: string): RegistryView;
  requireAuthority(ctx: Context, signer: string): void;
  /** Plugin hooks' `deactivate`: marks an active device inactive (false when unknown or inactive). */
  deactivateDevice(ctx: Context, id: string): boolean;
}

export interface ProofsRewardsKeeper {
  /** Credits accepted units to the device in the open epoch; returns that epoch. */
  recordUnits(ctx: Context, deviceId: string, networkType: string, units: bigint): bigint;
  /** The open epoch (for outcomes with zero units). */
  currentEpoch(ctx: Context): bigint;
  /** recordUnits for a whole batch: reads the epoch once, writes each touched record once at flush. */
  unitsBatch(ctx: Context): ProofsUnitsBatch;
}

export interface ProofsUnitsBatch {
  readonly epoch: bigint;
  record(deviceId: string, networkType: string, units: bigint): bigint;
  flush(): void;
}
