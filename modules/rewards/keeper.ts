/**
 * Rewards keeper: epochs, pools and lazy per-device settlement.
 *
 * Lazy accounting. While an epoch is open, each accepted proof adds units to the device's
 * unsettled record and to its network type's running total (0x04). Closing an epoch touches one
 * record per network type: it assigns each type its pool. A device's units of a closed epoch are
 * settled when the device is next touched (earns again, claims, or is claimed for): it receives
 * floor(pool * (settled_units + u) / units) - settled_amount. Settling in any order pays out
 * exactly the pool once every device has settled, never more (cumulative floors telescope).
 *
 * Usage units (accepted usage receipts, payments module) are a second, parallel share: each type's
 * allocation splits into the proof share (`pool`) and the usage share (`usage_pool`) by the type's
 * usage_share_bps (allocation.ts), and usage units settle into the same pending balance through
 * their own unsettled record (0x09) and the usage_* fields of the pool, with the same formula.
 */
import { storeKey, type Context } from "../app/context";
import type { KVStore } from "../store/types";
import { prefixEnd } from "../store/prefix-store";
import { DeviceEpochUnits, DeviceReward, EpochSummary, NetworkTypePool, Params } from "../../generated/depin/rewards/v1/types";
import type { BurnSource, EpochHooks, RewardsBankKeeper, RewardsRegistryKeeper } from "./expected-keepers";
import { rewardsEvents } from "./events";
import {
  EPOCH_STATE_KEY,
  NEXT_PARAMS_KEY,
  PARAMS_HISTORY_PREFIX,
  PARAMS_KEY,
  paramsHistoryKey,
  poolKey,
  poolPrefix,
  REWARD_PREFIX,
  rewardKey,
  SUMMARY_PREFIX,
  summaryKey,
  UNSETTLED_PREFIX,
  USAGE_UNSETTLED_PREFIX,
} from "./keys";
import { allocatePools, settlementShare } from "./allocation";
import { UnitsBatch } from "./units-batch";
import { PROOF_SHARE, USAGE_SHARE, type UnitShare } from "./shares";
import { decodeState, emptyPool, emptyReward, encodeState, type EpochState } from "./state";
import { DEFAULT_REWARDS_PARAMS } from "./params";
import { scheduledEmission } from "./schedule";
import { ErrWrongDenom } from "./errors";

export { UnitsBatch } from "./units-batch";
export type { EpochState } from "./state";

export const REWARDS_STORE = storeKey("rewards");
export const REWARDS_MODULE_ACCOUNT = "rewards";

export class RewardsKeeper {
  private hooks: EpochHooks | undefined;
  private readonly burnSources: BurnSource[] = [];

  constructor(
    readonly bank: RewardsBankKeeper,
    readonly registry: RewardsRegistryKeeper,
    readonly moduleAddress: Uint8Array,
  ) {}

  readonly storeKey = REWARDS_STORE;

  summaryKeyOf(epoch: bigint): Uint8Array {
    return summaryKey(epoch);
  }

  encodeSummary(summary: EpochSummary): Uint8Array {
    return EpochSummary.encode(summary).finish();
  }

  /** Late binding: the proofs module (which runs plugin hooks) is built after rewards' dependencies. */
  setHooks(hooks: EpochHooks): void {
    this.hooks = hooks;
  }

  /** Late binding: modules that burn the denom besides the registry's onboarding fees (payments). */
  addBurnSource(source: BurnSource): void {
    this.burnSources.push(source);
  }

  /** Cumulative burned of the rewards denom: onboarding fees + every added burn source. */
  totalBurned(ctx: Context): bigint {
    let total = this.registry.getTotalBurned(ctx);
    for (const source of this.burnSources) total += source.totalBurned(ctx);
    return total;
  }

  emptyPool(networkType: string): NetworkTypePool {
    return emptyPool(networkType);
  }

  private store(ctx: Context): KVStore {
    return ctx.mode === "query" || ctx.mode === "genesis" ? ctx.unmeteredStore(REWARDS_STORE) : ctx.kvStore(REWARDS_STORE);
  }

  getParams(ctx: Context): Params {
    const raw = ctx.unmeteredStore(REWARDS_STORE).get(PARAMS_KEY);
    return raw ? Params.decode(raw) : DEFAULT_REWARDS_PARAMS;
  }

  setParams(ctx: Context, params: Params, effectiveEpoch: bigint): void {
    const bytes = Params.encode(params).finish();
    ctx.unmeteredStore(REWARDS_STORE).set(PARAMS_KEY, bytes);
    ctx.unmeteredStore(REWARDS_STORE).set(paramsHistoryKey(effectiveEpoch), bytes);
  }

  queueParams(ctx: Context, params: Params): void {
    ctx.unmeteredStore(REWARDS_STORE).set(NEXT_PARAMS_KEY, Params.encode(params).finish());
  }

  queuedParams(ctx: Context): Params | undefined {
    const raw = ctx.unmeteredStore(REWARDS_STORE).get(NEXT_PARAMS_KEY);
    return raw ? Params.decode(raw) : undefined;
  }

  /** Params in force for each epoch since genesis, in epoch order. */
  paramsHistory(ctx: Context): Array<{ epoch: bigint; params: Params }> {
    const out: Array<{ epoch: bigint; params: Params }> = [];
    for (const [key, value] of ctx.unmeteredStore(REWARDS_STORE).iterate({ start: PARAMS_HISTORY_PREFIX, end: prefixEnd(PARAMS_HISTORY_PREFIX) })) {
      out.push({ epoch: Buffer.from(key).readBigUInt64BE(1), params: Params.decode(value) });
    }
    return out;
  }

  getState(ctx: Context): EpochState {
    const raw = this.store(ctx).get(EPOCH_STATE_KEY);
    if (!raw) throw new Error("rewards epoch state missing: was InitChain run?");
    return decodeState(raw);
  }

  setState(ctx: Context, state: EpochState): void {
    this.store(ctx).set(EPOCH_STATE_KEY, encodeState(state));
  }

  currentEpoch(ctx: Context): bigint {
    return this.getState(ctx).currentEpoch;
  }

  getPool(ctx: Context, epoch: bigint, networkType: string): NetworkTypePool | undefined {
    const raw = this.store(ctx).get(poolKey(epoch, networkType));
    return raw ? NetworkTypePool.decode(raw) : undefined;
  }

  setPool(ctx: Context, epoch: bigint, pool: NetworkTypePool): void {
    this.store(ctx).set(poolKey(epoch, pool.networkType), NetworkTypePool.encode(pool).finish());
  }

  /** The per-type records of one epoch, in network type order: O(network types). */
  pools(ctx: Context, epoch: bigint): NetworkTypePool[] {
    const prefix = poolPrefix(epoch);
    const out: NetworkTypePool[] = [];
    for (const [, value] of this.store(ctx).iterate({ start: prefix, end: prefixEnd(prefix) })) out.push(NetworkTypePool.decode(value));
    return out;
  }

  getSummary(ctx: Context, epoch: bigint): EpochSummary | undefined {
    const raw = ctx.unmeteredStore(REWARDS_STORE).get(summaryKey(epoch));
    return raw ? EpochSummary.decode(raw) : undefined;
  }

  *summaries(ctx: Context): IterableIterator<EpochSummary> {
    for (const [, value] of ctx.unmeteredStore(REWARDS_STORE).iterate({ start: SUMMARY_PREFIX, end: prefixEnd(SUMMARY_PREFIX) })) yield EpochSummary.decode(value);
  }

  getReward(ctx: Context, deviceId: string): DeviceReward {
    const raw = this.store(ctx).get(rewardKey(deviceId));
    return raw ? DeviceReward.decode(raw) : emptyReward(deviceId);
  }

  setReward(ctx: Context, reward: DeviceReward): void {
    this.store(ctx).set(rewardKey(reward.deviceId), DeviceReward.encode(reward).finish());
  }

  *allRewards(ctx: Context): IterableIterator<DeviceReward> {
    for (const [, value] of ctx.unmeteredStore(REWARDS_STORE).iterate({ start: REWARD_PREFIX, end: prefixEnd(REWARD_PREFIX) })) yield DeviceReward.decode(value);
  }

  getUnsettled(ctx: Context, deviceId: string): DeviceEpochUnits | undefined {
    return this.unsettledOf(ctx, PROOF_SHARE, deviceId);
  }

  setUnsettled(ctx: Context, units: DeviceEpochUnits): void {
    this.setUnsettledOf(ctx, PROOF_SHARE, units);
  }

  *allUnsettled(ctx: Context): IterableIterator<DeviceEpochUnits> {
    for (const [, value] of ctx.unmeteredStore(REWARDS_STORE).iterate({ start: UNSETTLED_PREFIX, end: prefixEnd(UNSETTLED_PREFIX) })) yield DeviceEpochUnits.decode(value);
  }

  getUsageUnsettled(ctx: Context, deviceId: string): DeviceEpochUnits | undefined {
    return this.unsettledOf(ctx, USAGE_SHARE, deviceId);
  }

  setUsageUnsettled(ctx: Context, units: DeviceEpochUnits): void {
    this.setUnsettledOf(ctx, USAGE_SHARE, units);
  }

  *allUsageUnsettled(ctx: Context): IterableIterator<DeviceEpochUnits> {
    for (const [, value] of ctx.unmeteredStore(REWARDS_STORE).iterate({ start: USAGE_UNSETTLED_PREFIX, end: prefixEnd(USAGE_UNSETTLED_PREFIX) })) yield DeviceEpochUnits.decode(value);
  }

  private unsettledOf(ctx: Context, share: UnitShare, deviceId: string): DeviceEpochUnits | undefined {
    const raw = this.store(ctx).get(share.unsettledKey(deviceId));
    return raw ? DeviceEpochUnits.decode(raw) : undefined;
  }

  private setUnsettledOf(ctx: Context, share: UnitShare, units: DeviceEpochUnits): void {
    this.store(ctx).set(share.unsettledKey(units.deviceId), DeviceEpochUnits.encode(units).finish());
  }

  /** The share `units` of a closed epoch's proof pool would receive if settled now (no writes). */
  prospectiveShare(pool: NetworkTypePool, units: bigint): bigint {
    return this.prospective(PROOF_SHARE, pool, units);
  }

  /** The same for the usage share. */
  prospectiveUsageShare(pool: NetworkTypePool, units: bigint): bigint {
    return this.prospective(USAGE_SHARE, pool, units);
  }

  private prospective(share: UnitShare, pool: NetworkTypePool, units: bigint): bigint {
    const f = share.figures(pool);
    return settlementShare(f.amount, f.units, f.settledUnits, f.settledAmount, units);
  }

  /**
   * Settles the device's proof and usage units of a closed epoch into its pending balance (no-op
   * for units of the open epoch or when nothing is unsettled). Returns the amount settled.
   */
  settle(ctx: Context, deviceId: string): bigint {
    return this.settleShare(ctx, PROOF_SHARE, deviceId) + this.settleShare(ctx, USAGE_SHARE, deviceId);
  }

  private settleShare(ctx: Context, share: UnitShare, deviceId: string): bigint {
    const unsettled = this.unsettledOf(ctx, share, deviceId);
    if (!unsettled || unsettled.epoch >= this.currentEpoch(ctx)) return 0n;
    const units = BigInt(unsettled.units);
    const pool = this.getPool(ctx, unsettled.epoch, unsettled.networkType) ?? emptyPool(unsettled.networkType);
    const amount = this.prospective(share, pool, units);
    this.setPool(ctx, unsettled.epoch, share.withSettled(pool, units, amount));
    this.store(ctx).delete(share.unsettledKey(deviceId));
    const reward = this.getReward(ctx, deviceId);
    const lastSettledEpoch = unsettled.epoch > reward.lastSettledEpoch ? unsettled.epoch : reward.lastSettledEpoch;
    this.setReward(ctx, { ...reward, pending: (BigInt(reward.pending) + amount).toString(), lastSettledEpoch });
    rewardsEvents.rewardsSettled(ctx.events, { deviceId, epoch: unsettled.epoch, networkType: unsettled.networkType, units: unsettled.units, amount: amount.toString(), usage: share.usage });
    return amount;
  }

  /** Credits units to the device in the open epoch (settling an older epoch first). Returns the epoch. */
  recordUnits(ctx: Context, deviceId: string, networkType: string, units: bigint): bigint {
    return this.recordShareUnits(ctx, PROOF_SHARE, deviceId, networkType, units);
  }

  /** Credits usage units (accepted usage receipts) to the device in the open epoch. Returns the epoch. */
  recordUsageUnits(ctx: Context, deviceId: string, networkType: string, units: bigint): bigint {
    return this.recordShareUnits(ctx, USAGE_SHARE, deviceId, networkType, units);
  }

  private recordShareUnits(ctx: Context, share: UnitShare, deviceId: string, networkType: string, units: bigint): bigint {
    const epoch = this.currentEpoch(ctx);
    if (units <= 0n) return epoch;
    let unsettled = this.unsettledOf(ctx, share, deviceId);
    if (unsettled && unsettled.epoch < epoch) {
      this.settleShare(ctx, share, deviceId);
      unsettled = undefined;
    }
    const pool = this.getPool(ctx, epoch, networkType) ?? emptyPool(networkType);
    this.setPool(ctx, epoch, share.withRecorded(pool, units, !unsettled));
    this.setUnsettledOf(ctx, share, { deviceId, networkType, epoch, units: ((unsettled ? BigInt(unsettled.units) : 0n) + units).toString() });
    return epoch;
  }

  /**
   * An accumulator for the recordUnits calls of one batch (a MsgSubmitProofs): the same resulting
   * state and events as calling recordUnits for each, with each touched record (the open epoch's
   * pool per type, the device's unsettled units) read once and written once at `flush()`.
   */
  unitsBatch(ctx: Context): UnitsBatch {
    return new UnitsBatch(this, ctx);
  }

  /** Receives an onboarding fee into the pool of the open epoch (Params.onboarding_fee_destination = REWARD_POOL). */
  depositToPool(ctx: Context, from: Uint8Array, denom: string, amount: bigint): void {
    const params = this.getParams(ctx);
    if (denom !== params.denom) throw ErrWrongDenom.wrap(`fee in ${denom}, rewards are in ${params.denom}`);
    this.bank.sendCoins(ctx, from, this.moduleAddress, [{ denom, amount }]);
    const state = this.getState(ctx);
    this.setState(ctx, { ...state, carriedIn: state.carriedIn + amount });
  }

  /** End of block: closes the open epoch when its last height is reached. */
  maybeCloseEpoch(ctx: Context): EpochSummary | undefined {
    const params = this.getParams(ctx);
    const state = this.getState(ctx);
    const endHeight = state.startHeight + params.epochLengthBlocks - 1n;
    if (ctx.header.height < endHeight) return undefined;
    return this.closeEpoch(ctx, params, state);
  }

  /** Closes the open epoch: O(network types) reads and writes, whatever the number of devices. */
  closeEpoch(ctx: Context, params: Params, state: EpochState): EpochSummary {
    const epoch = state.currentEpoch;
    this.hooks?.beforeEpochClose(ctx, epoch);
    const afterHooks = this.getState(ctx); // hooks may have routed fees into the pool
    const emission = scheduledEmission(params, epoch, state.totalEmitted);
    const available = emission + afterHooks.carriedIn;
    const { pools: closed, distributed } = allocatePools(available, this.pools(ctx, epoch), params.networkTypeWeights);
    for (const record of closed) this.setPool(ctx, epoch, record);
    if (emission > 0n) this.bank.mintCoins(ctx, this.moduleAddress, [{ denom: params.denom, amount: emission }]);
    const remainder = available - distributed;
    const totalEmitted = state.totalEmitted + emission;
    const totalBurned = this.totalBurned(ctx);
    const burned = totalBurned - afterHooks.epochStartBurned;
    const supplyEnd = this.bank.getSupply(ctx, params.denom);
    const summary: EpochSummary = {
      epoch,
      startHeight: state.startHeight,
      endHeight: ctx.header.height,
      emission: emission.toString(),
      carriedIn: afterHooks.carriedIn.toString(),
      pools: closed,
      distributed: distributed.toString(),
      remainderCarried: remainder.toString(),
      totalEmitted: totalEmitted.toString(),
      burned: burned.toString(),
      supplyStart: afterHooks.epochStartSupply.toString(),
      supplyEnd: supplyEnd.toString(),
      netEmission: (emission - burned).toString(),
      totalBurned: totalBurned.toString(),
    };
    ctx.unmeteredStore(REWARDS_STORE).set(summaryKey(epoch), EpochSummary.encode(summary).finish());
    this.setState(ctx, {
      ...afterHooks,
      currentEpoch: epoch + 1n,
      startHeight: ctx.header.height + 1n,
      carriedIn: remainder,
      totalEmitted,
      totalMinted: afterHooks.totalMinted + emission,
      epochStartSupply: supplyEnd,
      epochStartBurned: totalBurned,
    });
    const queued = this.queuedParams(ctx);
    if (queued) {
      this.setParams(ctx, queued, epoch + 1n);
      ctx.unmeteredStore(REWARDS_STORE).delete(NEXT_PARAMS_KEY);
    }
    rewardsEvents.epochClosed(ctx.events, { summary });
    return summary;
  }
}
