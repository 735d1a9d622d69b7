/**
 * registry genesis: params, the authority, network types (each checked against the plugins
 * compiled into the app: a missing plugin or a different version stops the chain from starting)
 * and devices. The JSON form is the proto JSON of depin.registry.v1.GenesisState.
 */
import type { Context } from "../app/context";
import { GenesisState } from "../../generated/depin/registry/v1/genesis";
import type { AddressDecoder } from "./expected-keepers";
import type { RegistryKeeper } from "./keeper";
import { DEFAULT_REGISTRY_PARAMS, validateRegistryParams } from "./params";
import { NETWORK_TYPE_NAME_RE, validateNetworkTypeParams } from "./validation";
import { deviceIdFromPubKey } from "../plugin/device-keys";

export class PluginMismatchError extends Error {
  override readonly name = "PluginMismatchError";
}

/**
 * Throws PluginMismatchError when an enabled network type's plugin is missing from the app or has
 * another version. Run at InitChain and whenever the app is built over existing state.
 */
export function assertPluginsMatch(ctx: Context, keeper: RegistryKeeper): void {
  for (const networkType of keeper.networkTypes(ctx)) {
    if (!networkType.enabled) continue;
    const hosted = keeper.plugins.get(networkType.plugin);
    if (!hosted) {
      throw new PluginMismatchError(
        `network type "${networkType.name}" is enabled with plugin "${networkType.plugin}", which this app does not include (plugins: ${keeper.plugins.types().join(", ") || "none"}); add it to the network config`,
      );
    }
    if (hosted.plugin.version !== networkType.pluginVersion) {
      throw new PluginMismatchError(
        `network type "${networkType.name}" needs plugin "${networkType.plugin}" version ${networkType.pluginVersion}, the app has ${hosted.plugin.version}`,
      );
    }
  }
}

export function initRegistryGenesis(keeper: RegistryKeeper, addresses: AddressDecoder, ctx: Context, raw: unknown): void {
  const state = raw === undefined ? GenesisState.fromPartial({ params: DEFAULT_REGISTRY_PARAMS }) : GenesisState.fromJSON(raw);
  keeper.setParams(ctx, validateRegistryParams(state.params ?? DEFAULT_REGISTRY_PARAMS));
  if (state.authority) addresses.decode(state.authority, "registry genesis authority");
  keeper.setAuthority(ctx, state.authority);
  keeper.setTotalBurned(ctx, BigInt(state.totalBurned || "0"));
  const names = new Set<string>();
  for (const networkType of state.networkTypes) {
    if (!NETWORK_TYPE_NAME_RE.test(networkType.name)) throw new Error(`genesis network type name "${networkType.name}" is invalid`);
    if (names.has(networkType.name)) throw new Error(`genesis network type "${networkType.name}" is listed twice`);
    names.add(networkType.name);
    let paramsJson = networkType.paramsJson;
    try {
      paramsJson = validateNetworkTypeParams(keeper.plugins, networkType.plugin, networkType.pluginVersion, networkType.paramsJson);
    } catch (error) {
      if (networkType.enabled) throw new PluginMismatchError(`genesis network type "${networkType.name}": ${(error as Error).message}`);
    }
    keeper.setNetworkType(ctx, { ...networkType, paramsJson });
  }
  for (const device of state.devices) {
    if (!names.has(device.networkType)) throw new Error(`genesis device ${device.id}: unknown network type ${device.networkType}`);
    let id: string;
    try {
      id = deviceIdFromPubKey(device.keyType, device.pubkey);
    } catch (error) {
      throw new Error(`genesis device ${device.id}: ${(error as Error).message}`);
    }
    if (id !== device.id) throw new Error(`genesis device ${device.id}: its public key gives the id ${id}`);
    keeper.setDevice(ctx, device, undefined);
  }
  assertPluginsMatch(ctx, keeper);
}

export function exportRegistryGenesis(keeper: RegistryKeeper, ctx: Context): unknown {
  return GenesisState.toJSON({
    params: keeper.getParams(ctx),
    networkTypes: keeper.networkTypes(ctx),
    devices: [...keeper.allDevices(ctx)],
    authority: keeper.getAuthority(ctx),
    totalBurned: keeper.getTotalBurned(ctx).toString(),
  });
}
