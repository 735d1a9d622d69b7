/**
 * See RewardsKeeper.unitsBatch. Nothing else reads the open epoch's pool or a device's unsettled
 * record while a batch runs (plugins cannot reach the rewards store; settling only touches closed
 * epochs), so deferring these writes to `flush()` is not observable; settling an older epoch still
 * happens at the first touch of the device, exactly where recordUnits would settle (same events).
 */
import type { Context } from "../app/context";
import type { RewardsKeeper } from "./keeper";

interface PendingDeviceUnits {
  networkType: string;
  /** Units already unsettled in the open epoch before the batch, plus those added by it. */
  units: bigint;
}

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
      const pool = this.keeper.getPool(this.ctx, epoch, networkType) ?? this.keeper.emptyPool(networkType);
      this.keeper.setPool(this.ctx, epoch, { ...pool, units: (BigInt(pool.units) + added.units).toString(), devices: pool.devices + added.devices });
    }
    for (const [deviceId, pending] of this.devices) {
      this.keeper.setUnsettled(this.ctx, { deviceId, networkType: pending.networkType, epoch, units: pending.units.toString() });
    }
    this.devices.clear();
    this.pools.clear();
  }
}
