/** Registry keeper: network types, devices and their secondary indexes. The only code that touches the registry store. */
import { LazyLruCache } from "../app/lazy-lru";
import type { Context } from "../app/context";
import { storeKey } from "../app/context";
import type { KVStore } from "../store/types";
import { prefixEnd } from "../store/prefix-store";
import { Device, DeviceStatus, NetworkType, Params, KeyType as ProtoKeyType } from "../../generated/depin/registry/v1/types";
import { parseCanonicalJson, type JsonValue } from "../plugin/canonical-json";
import { parseH3Cell } from "../plugin/h3";
import type { DeviceView, RegistryView } from "../plugin/types";
import type { KeyType } from "../plugin/device-keys";
import { ErrNetworkTypeNotFound, ErrUnauthorizedAuthority } from "./errors";
import {
  AUTHORITY_KEY,
  byLocationPrefix,
  byNetworkTypePrefix,
  byOwnerPrefix,
  byStatusPrefix,
  deviceIdFromKey,
  deviceKey,
  indexKey,
  joinBytes,
  locationKey,
  locationKeyPart,
  networkTypeKey,
  NETWORK_TYPES_PREFIX,
  PARAMS_KEY,
  TOTAL_BURNED_KEY,
} from "./keys";
import { DEFAULT_REGISTRY_PARAMS } from "./params";
import { registryEvents } from "./events";
import type { HostedPlugin, PluginHost } from "./plugin-host";

export const REGISTRY_STORE = storeKey("registry");

const EMPTY = new Uint8Array();
/** Upper bound on index entries one devicesInCells call scans (bounded work for plugins). */
export const MAX_LOCATION_SCAN = 10_000;

export class RegistryKeeper {
  /** Decoded device records by their stored bytes (see getDeviceShared). */
  private readonly decodedDevices = new LazyLruCache<string, Device>({ max: 100_000 });

  constructor(readonly plugins: PluginHost) {}

  private store(ctx: Context): KVStore {
    // Queries and block hooks read unmetered; txs pay gas for every access.
    return ctx.mode === "finalize" || ctx.mode === "check" || ctx.mode === "recheck" || ctx.mode === "simulate"
      ? ctx.kvStore(REGISTRY_STORE)
      : ctx.unmeteredStore(REGISTRY_STORE);
  }

  getParams(ctx: Context): Params {
    const raw = ctx.unmeteredStore(REGISTRY_STORE).get(PARAMS_KEY);
    return raw ? Params.decode(raw) : DEFAULT_REGISTRY_PARAMS;
  }

  setParams(ctx: Context, params: Params): void {
    ctx.unmeteredStore(REGISTRY_STORE).set(PARAMS_KEY, Params.encode(params).finish());
  }

  getAuthority(ctx: Context): string {
    const raw = ctx.unmeteredStore(REGISTRY_STORE).get(AUTHORITY_KEY);
    return raw ? Buffer.from(raw).toString("utf8") : "";
  }

  setAuthority(ctx: Context, authority: string): void {
    ctx.unmeteredStore(REGISTRY_STORE).set(AUTHORITY_KEY, Buffer.from(authority, "utf8"));
  }

  /** Throws registry/2 unless `signer` is the genesis authority (shared by all DePIN modules). */
  requireAuthority(ctx: Context, signer: string): void {
    const authority = this.getAuthority(ctx);
    if (authority === "" || signer !== authority) {
      throw ErrUnauthorizedAuthority.wrap(`expected ${authority || "(no authority configured)"}, got ${signer}`);
    }
  }

  getTotalBurned(ctx: Context): bigint {
    const raw = ctx.unmeteredStore(REGISTRY_STORE).get(TOTAL_BURNED_KEY);
    return raw ? BigInt(Buffer.from(raw).toString("latin1")) : 0n;
  }

  addBurned(ctx: Context, amount: bigint): void {
    this.setTotalBurned(ctx, this.getTotalBurned(ctx) + amount);
  }

  setTotalBurned(ctx: Context, amount: bigint): void {
    ctx.unmeteredStore(REGISTRY_STORE).set(TOTAL_BURNED_KEY, Buffer.from(amount.toString(), "latin1"));
  }

  // ---- network types

  getNetworkType(ctx: Context, name: string): NetworkType | undefined {
    const raw = this.store(ctx).get(networkTypeKey(name));
    return raw ? NetworkType.decode(raw) : undefined;
  }

  setNetworkType(ctx: Context, networkType: NetworkType): void {
    this.store(ctx).set(networkTypeKey(networkType.name), NetworkType.encode(networkType).finish());
  }

  /** All network types in name order (few: a handful per chain). */
  networkTypes(ctx: Context): NetworkType[] {
    const out: NetworkType[] = [];
    for (const [, value] of ctx.unmeteredStore(REGISTRY_STORE).iterate({ start: NETWORK_TYPES_PREFIX, end: prefixEnd(NETWORK_TYPES_PREFIX) })) {
      out.push(NetworkType.decode(value));
    }
    return out;
  }

  /** The plugin and parsed params serving a network type (throws if unknown). */
  pluginFor(ctx: Context, networkType: NetworkType): { hosted: HostedPlugin; params: JsonValue } {
    const hosted = this.plugins.get(networkType.plugin);
    if (!hosted) throw ErrNetworkTypeNotFound.wrap(`plugin ${networkType.plugin} of network type ${networkType.name} is not in this app`);
    return { hosted, params: this.plugins.parsedParams(hosted, networkType.paramsJson) };
  }

  // ---- devices

  getDevice(ctx: Context, id: string): Device | undefined {
    if (!/^[0-9a-f]{40}$/.test(id)) return undefined;
    const raw = this.store(ctx).get(deviceKey(id));
    return raw ? Device.decode(raw) : undefined;
  }

  /**
   * getDevice for read-only callers (the proof path: CheckTx pre-checks, FinalizeBlock): the same
   * metered store read, but the decoded record is memoized by its exact stored bytes and shared,
   * so callers must not mutate it (the registry's own msg handlers use getDevice, which returns a
   * fresh object). A memo hit can only return what decoding these bytes returns.
   */
  getDeviceShared(ctx: Context, id: string): Readonly<Device> | undefined {
    if (!/^[0-9a-f]{40}$/.test(id)) return undefined;
    const raw = this.store(ctx).get(deviceKey(id));
    if (!raw) return undefined;
    const memoKey = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("latin1");
    let device = this.decodedDevices.get(memoKey);
    if (!device) {
      device = Device.decode(raw);
      this.decodedDevices.set(memoKey, device);
    }
    return device;
  }

  hasDevice(ctx: Context, id: string): boolean {
    return /^[0-9a-f]{40}$/.test(id) && this.store(ctx).has(deviceKey(id));
  }

  /** Writes a device and keeps every secondary index in step with `previous`. */
  setDevice(ctx: Context, device: Device, previous: Device | undefined): void {
    const store = this.store(ctx);
    store.set(deviceKey(device.id), Device.encode(device).finish());
    if (previous?.owner !== device.owner) {
      if (previous) store.delete(indexKey(byOwnerPrefix(previous.owner), device.id));
      store.set(indexKey(byOwnerPrefix(device.owner), device.id), EMPTY);
    }
    if (!previous) store.set(indexKey(byNetworkTypePrefix(device.networkType), device.id), EMPTY);
    if (previous?.status !== device.status) {
      if (previous) store.delete(indexKey(byStatusPrefix(previous.status), device.id));
      store.set(indexKey(byStatusPrefix(device.status), device.id), EMPTY);
    }
    if (previous?.location !== device.location) {
      if (previous?.location) store.delete(locationKey(parseH3Cell(previous.location).index, device.id));
      if (device.location) store.set(locationKey(parseH3Cell(device.location).index, device.id), EMPTY);
    }
  }

  /**
   * Marks an active device INACTIVE (indexes and the EventDeviceDeactivated event as for
   * MsgDeactivateDevice). Returns false when the device is unknown or already inactive.
   */
  deactivateDevice(ctx: Context, id: string, previous: Device | undefined = this.getDevice(ctx, id)): boolean {
    if (!previous || previous.status !== DeviceStatus.DEVICE_STATUS_ACTIVE) return false;
    this.setDevice(ctx, { ...previous, status: DeviceStatus.DEVICE_STATUS_INACTIVE, updatedHeight: ctx.header.height }, previous);
    registryEvents.deviceDeactivated(ctx, { deviceId: id, owner: previous.owner });
    return true;
  }

  /** Device ids under an index prefix, in id order (owner / network type / status). */
  *idsUnder(ctx: Context, prefix: Uint8Array): IterableIterator<string> {
    for (const [key] of ctx.unmeteredStore(REGISTRY_STORE).iterate({ start: prefix, end: prefixEnd(prefix) })) {
      yield deviceIdFromKey(key.subarray(prefix.length));
    }
  }

  ownerDeviceIds(ctx: Context, owner: string): string[] {
    return [...this.idsUnder(ctx, byOwnerPrefix(owner))];
  }

  *allDevices(ctx: Context): IterableIterator<Device> {
    const prefix = new Uint8Array([0x20]);
    for (const [, value] of ctx.unmeteredStore(REGISTRY_STORE).iterate({ start: prefix, end: prefixEnd(prefix) })) yield Device.decode(value);
  }

  /** Device ids located in or under any of `cells`, sorted, de-duplicated, at most MAX_LOCATION_SCAN scanned. */
  idsInCells(ctx: Context, cells: readonly string[]): string[] {
    const found = new Set<string>();
    let scanned = 0;
    const prefix = byLocationPrefix();
    for (const cell of [...cells].sort()) {
      const parts = parseH3Cell(cell);
      const cleared = parts.index & ~(0xfn << 52n);
      const freeMask = (1n << BigInt((15 - parts.resolution) * 3)) - 1n;
      const start = joinBytes(prefix, locationKeyPart(cleared & ~freeMask));
      const end = joinBytes(prefix, locationKeyPart((cleared | freeMask) + 1n));
      for (const [key] of this.store(ctx).iterate({ start, end })) {
        found.add(deviceIdFromKey(key.subarray(1 + 8)));
        if (++scanned >= MAX_LOCATION_SCAN) break;
      }
      if (scanned >= MAX_LOCATION_SCAN) break;
    }
    return [...found].sort();
  }

  /** Read-only registry lookups for plugin contexts. */
  registryView(ctx: Context, defaultNetworkType: string): RegistryView {
    return {
      getDevice: (id) => {
        const device = this.getDevice(ctx, id);
        return device ? toDeviceView(device) : undefined;
      },
      devicesInCells: (cells, opts = {}) => {
        const networkType = opts.networkType ?? defaultNetworkType;
        const limit = Math.max(0, Math.min(opts.limit ?? 1000, 1000));
        const out: DeviceView[] = [];
        for (const id of this.idsInCells(ctx, cells)) {
          if (out.length >= limit) break;
          const device = this.getDevice(ctx, id);
          if (!device || device.networkType !== networkType) continue;
          if (!opts.includeInactive && device.status !== DeviceStatus.DEVICE_STATUS_ACTIVE) continue;
          out.push(toDeviceView(device));
        }
        return out;
      },
    };
  }
}

/** How plugins see a stored device. */
export function toDeviceView(device: Device): DeviceView {
  return {
    id: device.id,
    owner: device.owner,
    networkType: device.networkType,
    keyType: device.keyType as number as KeyType,
    pubkey: device.pubkey,
    metadata: device.metadataJson.length ? parseCanonicalJson(device.metadataJson) : {},
    location: device.location || undefined,
    status: device.status === DeviceStatus.DEVICE_STATUS_ACTIVE ? "ACTIVE" : "INACTIVE",
    registeredHeight: device.registeredHeight,
  };
}

export { ProtoKeyType };
