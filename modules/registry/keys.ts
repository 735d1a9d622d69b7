/**
 * State layout of the registry module (inside its own store prefix "registry\0").
 *
 *   0x01                                   -> Params (proto)
 *   0x02 | authority                       -> bech32 authority address (UTF-8)
 *   0x03                                   -> total burned onboarding fees (decimal string)
 *   0x10 | name                            -> NetworkType (proto)
 *   0x20 | id(20)                          -> Device (proto)
 *   0x21 | len | owner(bytes) | id(20)     -> empty   (devices by owner)
 *   0x22 | len | network type | id(20)     -> empty   (devices by network type)
 *   0x23 | status(1) | id(20)              -> empty   (devices by status)
 *   0x24 | h3 index, res bits cleared (8) | id(20) -> empty (devices by location)
 *
 * Length bytes keep variable-length parts from prefixing each other. Device ids are stored as
 * their 20 raw bytes, so key order == lexicographic order of the 40-hex id.
 */
import { fromHex, writeU64BE } from "../plugin/bytes";
import { concatBytes as join } from "../store/bytes";

export const PARAMS_KEY = new Uint8Array([0x01]);
export const AUTHORITY_KEY = new Uint8Array([0x02]);
export const TOTAL_BURNED_KEY = new Uint8Array([0x03]);
export const NETWORK_TYPE_PREFIX = 0x10;
export const DEVICE_PREFIX = 0x20;
export const BY_OWNER_PREFIX = 0x21;
export const BY_NETWORK_TYPE_PREFIX = 0x22;
export const BY_STATUS_PREFIX = 0x23;
export const BY_LOCATION_PREFIX = 0x24;

const enc = new TextEncoder();

function lengthPrefixed(value: string): Uint8Array {
  const bytes = enc.encode(value);
  if (bytes.length > 255) throw new RangeError(`key part too long: ${value}`);
  return join(new Uint8Array([bytes.length]), bytes);
}

export function deviceIdBytes(id: string): Uint8Array {
  return fromHex(id);
}

export function deviceIdFromKey(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

export function networkTypeKey(name: string): Uint8Array {
  return join(new Uint8Array([NETWORK_TYPE_PREFIX]), enc.encode(name));
}

export const NETWORK_TYPES_PREFIX = new Uint8Array([NETWORK_TYPE_PREFIX]);
export const DEVICES_PREFIX = new Uint8Array([DEVICE_PREFIX]);

export function deviceKey(id: string): Uint8Array {
  return join(DEVICES_PREFIX, deviceIdBytes(id));
}

export function byOwnerPrefix(owner: string): Uint8Array {
  return join(new Uint8Array([BY_OWNER_PREFIX]), lengthPrefixed(owner));
}

export function byNetworkTypePrefix(networkType: string): Uint8Array {
  return join(new Uint8Array([BY_NETWORK_TYPE_PREFIX]), lengthPrefixed(networkType));
}

export function byStatusPrefix(status: number): Uint8Array {
  return new Uint8Array([BY_STATUS_PREFIX, status]);
}

export function indexKey(prefix: Uint8Array, id: string): Uint8Array {
  return join(prefix, deviceIdBytes(id));
}

const RES_MASK = 0xfn << 52n;

/** The location index key part: the H3 index with its resolution bits cleared, 8 bytes BE. */
export function locationKeyPart(index: bigint): Uint8Array {
  const out = new Uint8Array(8);
  writeU64BE(out, 0, index & ~RES_MASK);
  return out;
}

/**
 * The inclusive range of location key parts of all descendants of `cell` (at any finer
 * resolution): digits after the cell's resolution vary from all-0 to all-7.
 */
export function locationRange(cellIndex: bigint, resolution: number): { start: Uint8Array; last: Uint8Array } {
  const cleared = cellIndex & ~RES_MASK;
  const freeBits = BigInt((15 - resolution) * 3);
  const freeMask = (1n << freeBits) - 1n;
  return { start: locationKeyPart(cleared & ~freeMask), last: locationKeyPart(cleared | freeMask) };
}

export function byLocationPrefix(): Uint8Array {
  return new Uint8Array([BY_LOCATION_PREFIX]);
}

export function locationKey(index: bigint, id: string): Uint8Array {
  return join(byLocationPrefix(), locationKeyPart(index), deviceIdBytes(id));
}

export { join as joinBytes };
