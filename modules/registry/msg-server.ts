/** registry Msg handlers: one per Msg of depin.registry.v1, named after it. */
import type { Context } from "../app/context";
import { msgRoute, type EncodedAny, type MsgRoute } from "../app/module";
import {
  MsgDeactivateDevice,
  MsgDeactivateDeviceResponse,
  MsgDisableNetworkType,
  MsgDisableNetworkTypeResponse,
  MsgEnableNetworkType,
  MsgEnableNetworkTypeResponse,
  MsgRegisterDevice,
  MsgRegisterDeviceResponse,
  MsgTransferDevice,
  MsgTransferDeviceResponse,
  MsgUpdateDevice,
  MsgUpdateDeviceResponse,
  MsgUpdateParams,
  MsgUpdateParamsResponse,
} from "../../generated/depin/registry/v1/tx";
import { Device, DeviceStatus, FeeDestination, type NetworkType } from "../../generated/depin/registry/v1/types";
import { canonicalJsonBytes } from "../plugin/canonical-json";
import { withDeterminismGuard } from "../plugin/determinism";
import { assertValidPubKey, deviceIdFromPubKey, verifyDeviceSignature } from "../plugin/device-keys";
import { registrationSignBytes } from "../plugin/sign-bytes";
import { sha256, toHex } from "../plugin/bytes";
import { normalizeRegisterVerdict } from "../plugin/results";
import type { RegisterChange } from "../plugin/types";
import { validateNetworkTypeParams, validateLocation, validateMetadata, NETWORK_TYPE_NAME_RE } from "./validation";
import {
  ErrBadDeviceSignature,
  ErrDeviceExists,
  ErrDeviceInactive,
  ErrDeviceNotFound,
  ErrInvalidNetworkTypeName,
  ErrInvalidPubKey,
  ErrInvalidRequest,
  ErrLocationCooldown,
  ErrMissingDeviceSignature,
  ErrNetworkTypeDisabled,
  ErrNetworkTypeNotFound,
  ErrNotOwner,
  ErrPluginVeto,
  ErrStaleNonce,
} from "./errors";
import { registryEvents } from "./events";
import type { AddressDecoder, OnboardingFeePool, RegistryBankKeeper } from "./expected-keepers";
import { toDeviceView, type RegistryKeeper } from "./keeper";
import { onboardingFee, validateRegistryParams } from "./params";

const PKG = "/depin.registry.v1";

function response<T>(name: string, codec: { encode(m: T): { finish(): Uint8Array } }, message: T): EncodedAny {
  return { typeUrl: `${PKG}.${name}`, value: codec.encode(message).finish() };
}

export interface RegistryMsgDeps {
  readonly keeper: RegistryKeeper;
  readonly addresses: AddressDecoder;
  readonly bank: RegistryBankKeeper;
  /** Late-bound: the rewards module is built after the registry. */
  readonly feePool: () => OnboardingFeePool | undefined;
}

function enabledNetworkType(ctx: Context, keeper: RegistryKeeper, name: string): NetworkType {
  const networkType = keeper.getNetworkType(ctx, name);
  if (!networkType) throw ErrNetworkTypeNotFound.wrap(`network type "${name}"`);
  if (!networkType.enabled) throw ErrNetworkTypeDisabled.wrap(`network type "${name}"`);
  return networkType;
}

/** Runs the plugin's onRegister hook (if any) and turns a veto or a throw into registry/19. */
function runOnRegister(ctx: Context, keeper: RegistryKeeper, networkType: NetworkType, change: RegisterChange, device: Device, previous: Device | undefined): void {
  const { hosted, params } = keeper.pluginFor(ctx, networkType);
  const hook = hosted.plugin.onRegister;
  if (!hook) return;
  const store = keeper.plugins.pluginStore(keeper.plugins.store(ctx, networkType.name, true));
  const base = keeper.plugins.baseContext(ctx, networkType.name, params, keeper.registryView(ctx, networkType.name), store, ctx.events);
  let verdict: ReturnType<typeof normalizeRegisterVerdict>;
  try {
    verdict = normalizeRegisterVerdict(
      withDeterminismGuard(() => hook.call(hosted.plugin, { ...base, change, device: toDeviceView(device), previous: previous ? toDeviceView(previous) : undefined })),
    );
  } catch (error) {
    throw ErrPluginVeto.wrap(`PLUGIN_ERROR: ${(error as Error).message}`);
  }
  if (!verdict.accepted) throw ErrPluginVeto.wrap(`${verdict.reason}${verdict.detail ? `: ${verdict.detail}` : ""}`);
}

function requireOwned(ctx: Context, keeper: RegistryKeeper, id: string, owner: string): Device {
  const device = keeper.getDevice(ctx, id);
  if (!device) throw ErrDeviceNotFound.wrap(`device ${id}`);
  if (device.owner !== owner) throw ErrNotOwner.wrap(`device ${id} is owned by ${device.owner}, not ${owner}`);
  return device;
}

export function registryMsgs(deps: RegistryMsgDeps): MsgRoute[] {
  const { keeper, addresses } = deps;
  return [
    msgRoute<MsgEnableNetworkType>({
      typeUrl: `${PKG}.MsgEnableNetworkType`,
      codec: MsgEnableNetworkType,
      signers: (msg) => [msg.authority],
      validateBasic: (msg) => {
        addresses.decode(msg.authority, "authority");
        if (!NETWORK_TYPE_NAME_RE.test(msg.name)) throw ErrInvalidNetworkTypeName.wrap(`"${msg.name}" must match ${NETWORK_TYPE_NAME_RE}`);
      },
      handle: (ctx, msg) => {
        keeper.requireAuthority(ctx, msg.authority);
        const paramsJson = validateNetworkTypeParams(keeper.plugins, msg.plugin, msg.pluginVersion, msg.paramsJson);
        keeper.setNetworkType(ctx, { name: msg.name, plugin: msg.plugin, pluginVersion: msg.pluginVersion, paramsJson, enabled: true, updatedHeight: ctx.header.height });
        registryEvents.networkTypeEnabled(ctx, { name: msg.name, plugin: msg.plugin, pluginVersion: msg.pluginVersion, paramsHash: toHex(sha256(paramsJson)) });
        return response(`MsgEnableNetworkTypeResponse`, MsgEnableNetworkTypeResponse, {});
      },
    }),
    msgRoute<MsgDisableNetworkType>({
      typeUrl: `${PKG}.MsgDisableNetworkType`,
      codec: MsgDisableNetworkType,
      signers: (msg) => [msg.authority],
      validateBasic: (msg) => void addresses.decode(msg.authority, "authority"),
      handle: (ctx, msg) => {
        keeper.requireAuthority(ctx, msg.authority);
        const networkType = keeper.getNetworkType(ctx, msg.name);
        if (!networkType) throw ErrNetworkTypeNotFound.wrap(`network type "${msg.name}"`);
        keeper.setNetworkType(ctx, { ...networkType, enabled: false, updatedHeight: ctx.header.height });
        registryEvents.networkTypeDisabled(ctx, { name: msg.name });
        return response(`MsgDisableNetworkTypeResponse`, MsgDisableNetworkTypeResponse, {});
      },
    }),
    msgRoute<MsgUpdateParams>({
      typeUrl: `${PKG}.MsgUpdateParams`,
      codec: MsgUpdateParams,
      signers: (msg) => [msg.authority],
      validateBasic: (msg) => {
        addresses.decode(msg.authority, "authority");
        validateRegistryParams(msg.params);
      },
      handle: (ctx, msg) => {
        keeper.requireAuthority(ctx, msg.authority);
        const params = validateRegistryParams(msg.params);
        keeper.setParams(ctx, params);
        registryEvents.paramsUpdated(ctx, { params });
        return response(`MsgUpdateParamsResponse`, MsgUpdateParamsResponse, {});
      },
    }),
    msgRoute<MsgRegisterDevice>({
      typeUrl: `${PKG}.MsgRegisterDevice`,
      codec: MsgRegisterDevice,
      signers: (msg) => [msg.owner],
      validateBasic: (msg) => {
        addresses.decode(msg.owner, "owner");
        try {
          assertValidPubKey(msg.keyType, msg.pubkey);
        } catch (error) {
          throw ErrInvalidPubKey.wrap((error as Error).message);
        }
        if (msg.deviceSignature.length === 0) throw ErrMissingDeviceSignature.wrap("MsgRegisterDevice.device_signature is empty: the device must co-sign its registration");
        if (msg.deviceNonce === 0n) throw ErrStaleNonce.wrap("device_nonce must be >= 1");
      },
      handle: (ctx, msg) => {
        const params = keeper.getParams(ctx);
        const networkType = enabledNetworkType(ctx, keeper, msg.networkType);
        const id = deviceIdFromPubKey(msg.keyType, msg.pubkey);
        const previous = keeper.getDevice(ctx, id);
        if (previous) {
          // A deactivated device may be registered again (new owner) with a fresh device nonce.
          if (previous.status === DeviceStatus.DEVICE_STATUS_ACTIVE) throw ErrDeviceExists.wrap(`device ${id}`);
          if (msg.deviceNonce <= previous.registrationNonce) throw ErrStaleNonce.wrap(`got ${msg.deviceNonce}, last ${previous.registrationNonce}`);
          if (previous.networkType !== msg.networkType) throw ErrDeviceExists.wrap(`device ${id} belongs to network type ${previous.networkType}`);
        }
        const signBytes = registrationSignBytes({ chainId: ctx.header.chainId, owner: msg.owner, networkType: msg.networkType, deviceNonce: msg.deviceNonce });
        if (!verifyDeviceSignature(msg.keyType, msg.pubkey, signBytes, msg.deviceSignature)) {
          throw ErrBadDeviceSignature.wrap(`device ${id}: signature over registrationSignBytes(chain-id, owner, network type, nonce) does not verify`);
        }
        const { hosted } = keeper.pluginFor(ctx, networkType);
        const metadataJson = validateMetadata(hosted, msg.metadataJson, params.maxMetadataBytes);
        validateLocation(msg.location, params.locationResolution);
        const height = ctx.header.height;
        const device: Device = {
          id,
          owner: msg.owner,
          networkType: msg.networkType,
          keyType: msg.keyType,
          pubkey: msg.pubkey,
          metadataJson,
          location: msg.location,
          status: DeviceStatus.DEVICE_STATUS_ACTIVE,
          registeredHeight: height,
          updatedHeight: height,
          registrationNonce: msg.deviceNonce,
          locationHeight: msg.location ? height : 0n,
        };
        runOnRegister(ctx, keeper, networkType, "register", device, undefined);

        const fee = onboardingFee(params);
        const owner = addresses.decode(msg.owner, "owner");
        if (fee) {
          if (params.onboardingFeeDestination === FeeDestination.FEE_DESTINATION_REWARD_POOL) {
            const pool = deps.feePool();
            if (!pool) throw ErrInvalidRequest.wrap("onboarding fee routed to the reward pool, but no rewards module is wired");
            pool.depositToPool(ctx, owner, fee.denom, fee.amount);
          } else {
            deps.bank.burnCoins(ctx, owner, [fee]);
            keeper.addBurned(ctx, fee.amount);
          }
        }
        keeper.setDevice(ctx, device, previous);
        registryEvents.deviceRegistered(ctx, {
          deviceId: id,
          owner: msg.owner,
          networkType: msg.networkType,
          keyType: msg.keyType,
          location: msg.location,
          fee: fee ? { denom: fee.denom, amount: fee.amount.toString() } : undefined,
          feeDestination: fee ? params.onboardingFeeDestination : FeeDestination.FEE_DESTINATION_UNSPECIFIED,
        });
        return response(`MsgRegisterDeviceResponse`, MsgRegisterDeviceResponse, { deviceId: id });
      },
    }),
    msgRoute<MsgUpdateDevice>({
      typeUrl: `${PKG}.MsgUpdateDevice`,
      codec: MsgUpdateDevice,
      signers: (msg) => [msg.owner],
      validateBasic: (msg) => {
        addresses.decode(msg.owner, "owner");
        if (msg.metadataJson === undefined && msg.location === undefined) throw ErrInvalidRequest.wrap("nothing to update: set metadata_json and/or location");
      },
      handle: (ctx, msg) => {
        const params = keeper.getParams(ctx);
        const previous = requireOwned(ctx, keeper, msg.deviceId, msg.owner);
        if (previous.status !== DeviceStatus.DEVICE_STATUS_ACTIVE) throw ErrDeviceInactive.wrap(`device ${msg.deviceId}`);
        const networkType = enabledNetworkType(ctx, keeper, previous.networkType);
        const { hosted } = keeper.pluginFor(ctx, networkType);
        const height = ctx.header.height;
        const device: Device = { ...previous, updatedHeight: height };
        let metadataChanged = false;
        let locationChanged = false;
        if (msg.metadataJson !== undefined) {
          device.metadataJson = validateMetadata(hosted, msg.metadataJson, params.maxMetadataBytes);
          metadataChanged = Buffer.compare(device.metadataJson, previous.metadataJson) !== 0;
        }
        if (msg.location !== undefined && msg.location !== previous.location) {
          validateLocation(msg.location, params.locationResolution);
          const cooldown = params.locationUpdateCooldownBlocks;
          if (cooldown > 0n && previous.locationHeight > 0n && height < previous.locationHeight + cooldown) {
            throw ErrLocationCooldown.wrap(`next change allowed at height ${previous.locationHeight + cooldown}`);
          }
          device.location = msg.location;
          device.locationHeight = height;
          locationChanged = true;
        }
        runOnRegister(ctx, keeper, networkType, "update", device, previous);
        keeper.setDevice(ctx, device, previous);
        registryEvents.deviceUpdated(ctx, { deviceId: device.id, metadataChanged, locationChanged, location: locationChanged ? device.location : "" });
        return response(`MsgUpdateDeviceResponse`, MsgUpdateDeviceResponse, {});
      },
    }),
    msgRoute<MsgTransferDevice>({
      typeUrl: `${PKG}.MsgTransferDevice`,
      codec: MsgTransferDevice,
      signers: (msg) => [msg.owner],
      validateBasic: (msg) => {
        addresses.decode(msg.owner, "owner");
        addresses.decode(msg.newOwner, "new_owner");
        if (msg.owner === msg.newOwner) throw ErrInvalidRequest.wrap("new_owner equals owner");
      },
      handle: (ctx, msg) => {
        const previous = requireOwned(ctx, keeper, msg.deviceId, msg.owner);
        keeper.setDevice(ctx, { ...previous, owner: msg.newOwner, updatedHeight: ctx.header.height }, previous);
        registryEvents.deviceTransferred(ctx, { deviceId: msg.deviceId, fromOwner: msg.owner, toOwner: msg.newOwner });
        return response(`MsgTransferDeviceResponse`, MsgTransferDeviceResponse, {});
      },
    }),
    msgRoute<MsgDeactivateDevice>({
      typeUrl: `${PKG}.MsgDeactivateDevice`,
      codec: MsgDeactivateDevice,
      signers: (msg) => [msg.owner],
      validateBasic: (msg) => void addresses.decode(msg.owner, "owner"),
      handle: (ctx, msg) => {
        const previous = requireOwned(ctx, keeper, msg.deviceId, msg.owner);
        if (previous.status !== DeviceStatus.DEVICE_STATUS_ACTIVE) throw ErrDeviceInactive.wrap(`device ${msg.deviceId} is already inactive`);
        keeper.deactivateDevice(ctx, msg.deviceId, previous);
        return response(`MsgDeactivateDeviceResponse`, MsgDeactivateDeviceResponse, {});
      },
    }),
  ];
}

export { canonicalJsonBytes };
