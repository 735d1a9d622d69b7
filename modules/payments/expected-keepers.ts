/** What the payments module needs from bank, registry (plugins) and rewards. */
import type { Context } from "../app/context";
import type { Device, NetworkType } from "../../generated/depin/registry/v1/types";
import type { EpochSummary } from "../../generated/depin/rewards/v1/types";
import type { JsonValue } from "../plugin/canonical-json";
import type { RegistryView } from "../plugin/types";
import type { HostedPlugin, PluginHost } from "../registry/plugin-host";

export interface PaymentsBankKeeper {
  burnCoins(ctx: Context, from: Uint8Array, coins: ReadonlyArray<{ denom: string; amount: bigint }>): void;
  getSupply(ctx: Context, denom: string): bigint;
}

export interface PaymentsRegistryKeeper {
  readonly plugins: PluginHost;
  getDeviceShared(ctx: Context, id: string): Readonly<Device> | undefined;
  getNetworkType(ctx: Context, name: string): NetworkType | undefined;
  pluginFor(ctx: Context, networkType: NetworkType): { hosted: HostedPlugin; params: JsonValue };
  registryView(ctx: Context, defaultNetworkType: string): RegistryView;
  requireAuthority(ctx: Context, signer: string): void;
  getTotalBurned(ctx: Context): bigint;
}

export interface PaymentsRewardsKeeper {
  currentEpoch(ctx: Context): bigint;
  /** Counts usage units for the device's usage share of the open epoch; returns the epoch. */
  recordUsageUnits(ctx: Context, deviceId: string, networkType: string, units: bigint): bigint;
  getSummary(ctx: Context, epoch: bigint): EpochSummary | undefined;
  getState(ctx: Context): { readonly currentEpoch: bigint; readonly epochStartSupply: bigint; readonly epochStartBurned: bigint };
  totalBurned(ctx: Context): bigint;
  getParams(ctx: Context): { readonly denom: string };
}

export interface AddressCodecLike {
  decode(address: string, field?: string): Uint8Array;
  encode(bytes: Uint8Array): string;
}
