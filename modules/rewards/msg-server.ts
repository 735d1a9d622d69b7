/** rewards Msg handlers: one per Msg of depin.rewards.v1. */
import { msgRoute, type MsgRoute } from "../app/module";
import { MsgClaimRewards, MsgClaimRewardsResponse, MsgUpdateParams, MsgUpdateParamsResponse } from "../../generated/depin/rewards/v1/tx";
import type { DeviceClaim } from "../../generated/depin/rewards/v1/types";
import { ErrDeviceNotFound, ErrDuplicateDevice, ErrNotOwner, ErrTooManyDevices } from "./errors";
import { rewardsEvents } from "./events";
import type { RewardsKeeper } from "./keeper";
import { validateRewardsParams } from "./params";

const PKG = "/depin.rewards.v1";
/** Bounds one claim's work; owners with more devices claim in several messages or by subset. */
export const MAX_CLAIM_DEVICES = 10_000;

export interface AddressDecoder {
  decode(address: string, field?: string): Uint8Array;
}

export function rewardsMsgs(keeper: RewardsKeeper, addresses: AddressDecoder): MsgRoute[] {
  return [
    msgRoute<MsgClaimRewards>({
      typeUrl: `${PKG}.MsgClaimRewards`,
      codec: MsgClaimRewards,
      signers: (msg) => [msg.owner],
      validateBasic: (msg) => {
        addresses.decode(msg.owner, "owner");
        if (new Set(msg.deviceIds).size !== msg.deviceIds.length) throw ErrDuplicateDevice.wrap("device_ids has duplicates");
        if (msg.deviceIds.length > MAX_CLAIM_DEVICES) throw ErrTooManyDevices.wrap(`${msg.deviceIds.length} > ${MAX_CLAIM_DEVICES}`);
      },
      handle: (ctx, msg) => {
        const params = keeper.getParams(ctx);
        let ids: string[];
        if (msg.deviceIds.length > 0) {
          for (const id of msg.deviceIds) {
            const device = keeper.registry.getDevice(ctx, id);
            if (!device) throw ErrDeviceNotFound.wrap(`device ${id}`);
            if (device.owner !== msg.owner) throw ErrNotOwner.wrap(`device ${id} is owned by ${device.owner}`);
          }
          ids = msg.deviceIds;
        } else {
          ids = keeper.registry.ownerDeviceIds(ctx, msg.owner);
          if (ids.length > MAX_CLAIM_DEVICES) throw ErrTooManyDevices.wrap(`owner has ${ids.length} devices; list a subset of at most ${MAX_CLAIM_DEVICES}`);
        }
        const claims: DeviceClaim[] = [];
        let total = 0n;
        for (const id of ids) {
          keeper.settle(ctx, id);
          const reward = keeper.getReward(ctx, id);
          const pending = BigInt(reward.pending);
          if (pending === 0n) continue;
          keeper.setReward(ctx, { ...reward, pending: "0", claimed: (BigInt(reward.claimed) + pending).toString() });
          claims.push({ deviceId: id, amount: pending.toString() });
          total += pending;
        }
        if (total > 0n) keeper.bank.sendCoins(ctx, keeper.moduleAddress, addresses.decode(msg.owner, "owner"), [{ denom: params.denom, amount: total }]);
        const amount = { denom: params.denom, amount: total.toString() };
        rewardsEvents.rewardsClaimed(ctx.events, { owner: msg.owner, amount, claims });
        return { typeUrl: `${PKG}.MsgClaimRewardsResponse`, value: MsgClaimRewardsResponse.encode({ amount, claims }).finish() };
      },
    }),
    msgRoute<MsgUpdateParams>({
      typeUrl: `${PKG}.MsgUpdateParams`,
      codec: MsgUpdateParams,
      signers: (msg) => [msg.authority],
      validateBasic: (msg) => {
        addresses.decode(msg.authority, "authority");
        validateRewardsParams(msg.params);
      },
      handle: (ctx, msg) => {
        keeper.registry.requireAuthority(ctx, msg.authority);
        const params = validateRewardsParams(msg.params);
        // Takes effect when the open epoch closes, so an epoch is computed under one set of params.
        keeper.queueParams(ctx, params);
        rewardsEvents.paramsUpdated(ctx.events, { params });
        return { typeUrl: `${PKG}.MsgUpdateParamsResponse`, value: MsgUpdateParamsResponse.encode({}).finish() };
      },
    }),
  ];
}
