/**
 * Rewards keeper: epochs, pools and lazy per-device settlement.
 *
 * Lazy accounting. While an epoch is open, each accepted proof adds units to the device's
 * unsettled record and to its network type's running total (0x04). Closing an epoch touches one
 * record per network type: it assigns each type its pool. A device's units of a closed epoch are
 * settled when the device is next touched (earns again, claims, or is claimed for): it receives
 * floor(pool * (settled_units + u) / units) - settled_amount. Settling in any order pays out
 * exactly the pool once every device has settled, never more (cumulative floors telescope).
 */
import { storeKey, type Context } from "../app/context";
import type { KVStore } from "../store/types";
import { prefixEnd } from "../store/prefix-store";
import { DeviceEpochUnits, DeviceReward, EpochSummary, NetworkTypePool, Params } from "../../generated/depin/rewards/v1/types";
import type { EpochHooks, RewardsBankKeeper, RewardsRegistryKeeper } from "./expected-keepers";
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
  unsettledKey,
} from "./keys";
import { DEFAULT_REWARDS_PARAMS } from "./params";
import { scheduledEmission } from "./schedule";
import { ErrWrongDenom } from "./errors";

export const REWARDS_STORE = storeKey("rewards");
export const REWARDS_MODULE_ACCOUNT = "rewards";

export interface EpochState {
  readonly currentEpoch: bigint;
  readonly startHeight: bigint;
  /** Amount carried into the open epoch (remainders and routed fees). */
  readonly carriedIn: bigint;
  /** Σ emission of closed epochs (what the schedule emitted). */
  readonly totalEmitted: bigint;
  /** Σ actually minted by this module (must equal totalEmitted). */
  readonly totalMinted: bigint;
  /** Supply of the denom not due to emission or burns (genesis balances). */
  readonly supplyBaseline: bigint;
}

function encodeState(s: EpochState): Uint8Array {
  return Buffer.from(
    JSON.stringify([s.currentEpoch.toString(), s.startHeight.toString(), s.carriedIn.toString(), s.totalEmitted.toString(), s.totalMinted.toString(), s.supplyBaseline.toString()]),
    "utf8",
  );
}

function decodeState(raw: Uint8Array): EpochState {
  const [currentEpoch, startHeight, carriedIn, totalEmitted, totalMinted, supplyBaseline] = (JSON.parse(Buffer.from(raw).toString("utf8")) as string[]).map(BigInt);
  return { currentEpoch, startHeight, carriedIn, totalEmitted, totalMinted, supplyBaseline };
}

function emptyPool(networkType: string): NetworkTypePool {
  return { networkType, weight: 0n, pool: "0", units: "0", devices: 0n, settledUnits: "0", settledAmount: "0" };
}

function emptyReward(deviceId: string): DeviceReward {
  return { deviceId, pending: "0", claimed: "0", lastSettledEpoch: 0n };
}

export class RewardsKeeper {
  private hooks: EpochHooks | undefined;

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
    const raw = this.store(ctx).get(unsettledKey(deviceId));
    return raw ? DeviceEpochUnits.decode(raw) : undefined;
  }

  setUnsettled(ctx: Context, units: DeviceEpochUnits): void {
    this.store(ctx).set(unsettledKey(units.deviceId), DeviceEpochUnits.encode(units).finish());
  }

  *allUnsettled(ctx: Context): IterableIterator<DeviceEpochUnits> {
    for (const [, value] of ctx.unmeteredStore(REWARDS_STORE).iterate({ start: UNSETTLED_PREFIX, end: prefixEnd(UNSETTLED_PREFIX) })) yield DeviceEpochUnits.decode(value);
  }

  /** The share `units` of a closed epoch's pool would receive if settled now (no writes). */
  prospectiveShare(pool: NetworkTypePool, units: bigint): bigint {
    const total = BigInt(pool.units);
    if (total === 0n) return 0n;
    const settledUnits = BigInt(pool.settledUnits);
    return (BigInt(pool.pool) * (settledUnits + units)) / total - BigInt(pool.settledAmount);
  }

  /**
   * Settles the device's units of a closed epoch into its pending balance (no-op when nothing is
   * unsettled or the units belong to the open epoch). Returns the amount settled.
   */
  settle(ctx: Context, deviceId: string): bigint {
    const unsettled = this.getUnsettled(ctx, deviceId);
    if (!unsettled) return 0n;
    if (unsettled.epoch >= this.currentEpoch(ctx)) return 0n;
    const units = BigInt(unsettled.units);
    const pool = this.getPool(ctx, unsettled.epoch, unsettled.networkType) ?? emptyPool(unsettled.networkType);
    const share = this.prospectiveShare(pool, units);
    this.setPool(ctx, unsettled.epoch, {
      ...pool,
      settledUnits: (BigInt(pool.settledUnits) + units).toString(),
      settledAmount: (BigInt(pool.settledAmount) + share).toString(),
    });
    const reward = this.getReward(ctx, deviceId);
    this.setReward(ctx, { ...reward, pending: (BigInt(reward.pending) + share).toString(), lastSettledEpoch: unsettled.epoch });
    this.store(ctx).delete(unsettledKey(deviceId));
    rewardsEvents.rewardsSettled(ctx.events, { deviceId, epoch: unsettled.epoch, networkType: unsettled.networkType, units: unsettled.units, amount: share.toString() });
    return share;
  }

  /** Credits units to the device in the open epoch (settling an older epoch first). Returns the epoch. */
  recordUnits(ctx: Context, deviceId: string, networkType: string, units: bigint): bigint {
    const epoch = this.currentEpoch(ctx);
    if (units <= 0n) return epoch;
    let unsettled = this.getUnsettled(ctx, deviceId);
    if (unsettled && unsettled.epoch < epoch) {
      this.settle(ctx, deviceId);
      unsettled = undefined;
    }
    const pool = this.getPool(ctx, epoch, networkType) ?? emptyPool(networkType);
    const isNewDevice = !unsettled;
    this.setPool(ctx, epoch, { ...pool, units: (BigInt(pool.units) + units).toString(), devices: pool.devices + (isNewDevice ? 1n : 0n) });
    this.setUnsettled(ctx, { deviceId, networkType, epoch, units: ((unsettled ? BigInt(unsettled.units) : 0n) + units).toString() });
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
    const weights = new Map(params.networkTypeWeights.map((w) => [w.networkType, w.weight]));
    const pools = this.pools(ctx, epoch);
    let weightSum = 0n;
    for (const pool of pools) if (BigInt(pool.units) > 0n) weightSum += weights.get(pool.networkType) ?? 0n;
    let distributed = 0n;
    const closed = pools.map((pool) => {
      const weight = weights.get(pool.networkType) ?? 0n;
      const amount = weightSum > 0n && BigInt(pool.units) > 0n ? (available * weight) / weightSum : 0n;
      distributed += amount;
      const record: NetworkTypePool = { ...pool, weight, pool: amount.toString() };
      this.setPool(ctx, epoch, record);
      return record;
    });
    if (emission > 0n) this.bank.mintCoins(ctx, this.moduleAddress, [{ denom: params.denom, amount: emission }]);
    const remainder = available - distributed;
    const totalEmitted = state.totalEmitted + emission;
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
    };
    ctx.unmeteredStore(REWARDS_STORE).set(summaryKey(epoch), EpochSummary.encode(summary).finish());
    this.setState(ctx, {
      ...afterHooks,
      currentEpoch: epoch + 1n,
      startHeight: ctx.header.height + 1n,
      carriedIn: remainder,
      totalEmitted,
      totalMinted: afterHooks.totalMinted + emission,
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

interface PendingDeviceUnits {
  networkType: string;
  /** Units already unsettled in the open epoch before the batch, plus those added by it. */
  units: bigint;
}

/**
 * See RewardsKeeper.unitsBatch. Nothing else reads the open epoch's pool or a device's unsettled
 * record while a batch runs (plugins cannot reach the rewards store; settling only touches closed
 * epochs), so deferring these writes to `flush()` is not observable; settling an older epoch still
 * happens at the first touch of the device, exactly where recordUnits would settle (same events).
 */
export class UnitsBatch {
  private epochValue: bigint | undefined;
  private readonly devices = new Map<string, PendingDeviceUnits>();
  private readonly pools = new Map<string, { units: bigint; devices: bigint }>();

  constructor(
    private readonly keeper: RewardsKeeper,
    private readonly ctx: Context,
  ) {}

  /** The open epoch (read once: it only changes when EndBlock closes it). */
  get epoch(): bigint {
    return (this.epochValue ??= this.keeper.currentEpoch(this.ctx));
  }

  /** As RewardsKeeper.recordUnits. */
  record(deviceId: string, networkType: string, units: bigint): bigint {
    const epoch = this.epoch;
    if (units <= 0n) return epoch;
    let pending = this.devices.get(deviceId);
    let isNewDevice = false;
    if (!pending) {
      let unsettled = this.keeper.getUnsettled(this.ctx, deviceId);
      if (unsettled && unsettled.epoch < epoch) {
        this.keeper.settle(this.ctx, deviceId);
        unsettled = undefined;
      }
      isNewDevice = !unsettled;
      pending = { networkType, units: unsettled ? BigInt(unsettled.units) : 0n };
      this.devices.set(deviceId, pending);
    }
    pending.networkType = networkType;
    pending.units += units;
    let pool = this.pools.get(networkType);
    if (!pool) {
      pool = { units: 0n, devices: 0n };
      this.pools.set(networkType, pool);
    }
    pool.units += units;
    if (isNewDevice) pool.devices += 1n;
    return epoch;
  }

  /** Writes the accumulated pools and unsettled records (no-op when nothing was recorded). */
  flush(): void {
    if (this.devices.size === 0) return;
    const epoch = this.epoch;
    for (const [networkType, added] of this.pools) {
      const pool = this.keeper.getPool(this.ctx, epoch, networkType) ?? emptyPool(networkType);
      this.keeper.setPool(this.ctx, epoch, { ...pool, units: (BigInt(pool.units) + added.units).toString(), devices: pool.devices + added.devices });
    }
    for (const [deviceId, pending] of this.devices) {
      this.keeper.setUnsettled(this.ctx, { deviceId, networkType: pending.networkType, epoch, units: pending.units.toString() });
    }
    this.devices.clear();
    this.pools.clear();
  }
}
