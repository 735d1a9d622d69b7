/**
 * State layout of the payments module (store prefix "payments\0"). Addresses enter keys as
 * length-prefixed raw bytes (the SDK's address.MustLengthPrefix), so prefixes never collide.
 *
 *   0x01                                  -> Params (proto)
 *   0x02                                  -> PriceFeed (proto), absent until posted
 *   0x03                                  -> BurnTotals (proto): credits_burned, credits_minted, credits_spent
 *   0x04 | lp(address)                    -> CreditAccount (proto)
 *   0x05 | lp(granter) | lp(grantee)      -> CreditDelegation (proto)
 *   0x06 | device id(20)                  -> DeviceUsageState (proto)
 *   0x07 | device id(20) | epoch(u64)     -> UsageRecord (proto), subject = device id
 *   0x08 | lp(user) | epoch(u64)          -> UsageRecord (proto), subject = user address
 *   0x09 | epoch(u64) | network type      -> UsageRecord (proto), subject = network type
 */
import { fromHex, u64be as u64 } from "../plugin/bytes";
import { concatBytes as join } from "../store/bytes";

export const PARAMS_KEY = new Uint8Array([0x01]);
export const PRICE_FEED_KEY = new Uint8Array([0x02]);
export const TOTALS_KEY = new Uint8Array([0x03]);
export const ACCOUNT_PREFIX = new Uint8Array([0x04]);
export const DELEGATION_PREFIX = new Uint8Array([0x05]);
export const DEVICE_STATE_PREFIX = new Uint8Array([0x06]);
export const DEVICE_USAGE_PREFIX = new Uint8Array([0x07]);
export const USER_USAGE_PREFIX = new Uint8Array([0x08]);
export const TYPE_USAGE_PREFIX = new Uint8Array([0x09]);

export function lp(address: Uint8Array): Uint8Array {
  return join(Uint8Array.of(address.length), address);
}

export const accountKey = (address: Uint8Array) => join(ACCOUNT_PREFIX, lp(address));
export const delegationPrefix = (granter: Uint8Array) => join(DELEGATION_PREFIX, lp(granter));
export const delegationKey = (granter: Uint8Array, grantee: Uint8Array) => join(delegationPrefix(granter), lp(grantee));
export const deviceStateKey = (deviceId: string) => join(DEVICE_STATE_PREFIX, fromHex(deviceId));
export const deviceUsagePrefix = (deviceId: string) => join(DEVICE_USAGE_PREFIX, fromHex(deviceId));
export const deviceUsageKey = (deviceId: string, epoch: bigint) => join(deviceUsagePrefix(deviceId), u64(epoch));
export const userUsagePrefix = (user: Uint8Array) => join(USER_USAGE_PREFIX, lp(user));
export const userUsageKey = (user: Uint8Array, epoch: bigint) => join(userUsagePrefix(user), u64(epoch));
export const typeUsagePrefix = (epoch: bigint) => join(TYPE_USAGE_PREFIX, u64(epoch));
export const typeUsageKey = (epoch: bigint, networkType: string) => join(typeUsagePrefix(epoch), Buffer.from(networkType, "utf8"));
