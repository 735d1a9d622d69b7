/**
 * The per-receipt pipeline of MsgSubmitUsage, checks in the order of ReceiptReason (reasons.ts).
 * Each receipt ends in a ReceiptOutcome; a rejection never fails the batch. The device's receipt
 * sequence is consumed once both signatures and the sequence check pass, so a rejected receipt
 * cannot be replayed either. The plugin's store writes and events are kept only when the receipt
 * is accepted (the payment can still fail after verifyUsage ran).
 *
 * CheckTx runs `precheckReceipts` only (signatures, filling the cache FinalizeBlock then hits;
 * nothing when the signature worker has already been through the tx, see preverify.ts).
 */
import type { Context } from "../app/context";
import { EventManager, type Attributes } from "../app/events";
import { branchStore } from "../store/branch-store";
import { secp256k1Address } from "../auth/address";
import { DeviceStatus, type Device, type NetworkType } from "../../generated/depin/registry/v1/types";
import { perItemContext, type HostedPlugin } from "../registry/plugin-host";
import type { KVStore } from "../store/types";
import type { PluginStore } from "../plugin/store";
import type { BaseContext } from "../plugin/types";
import type { JsonValue } from "../plugin/canonical-json";
import type { Params, ReceiptOutcome, UsageReceipt } from "../../generated/depin/payments/v1/types";
import { withDeterminismGuard } from "../plugin/determinism";
import { normalizeVerifyResult, type NormalizedResult } from "../plugin/results";
import { parseCanonicalJson } from "../plugin/canonical-json";
import { usageSignBytes } from "../plugin/usage-sign-bytes";
import { toDeviceView } from "../registry/keeper";
import { emptyDeviceState, type PaymentsKeeper } from "./keeper";
import { paymentsEvents } from "./events";
import { usagePriceOf } from "./params";
import { ReceiptReason } from "./reasons";
import { decodeUsagePayload } from "./usage-schema";

export function receiptSignBytes(chainId: string, r: UsageReceipt): Uint8Array {
  return usageSignBytes({
    chainId,
    deviceId: r.deviceId,
    user: r.user,
    payer: r.payer,
    sequence: r.sequence,
    periodStartMs: r.periodStartMs,
    periodEndMs: r.periodEndMs,
    maxCredits: r.maxCredits,
    payload: r.payload,
  });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * CheckTx: verify both signatures of receipts whose device exists (fills the cache). No writes.
 * Nothing to do when the signature worker has already been through this tx (preverify.ts).
 */
export function precheckReceipts(ctx: Context, keeper: PaymentsKeeper, receipts: readonly UsageReceipt[]): void {
  if (keeper.signatures.txPreverified(ctx.txHash)) return;
  for (const r of receipts) {
    const device = keeper.registry.getDeviceShared(ctx, r.deviceId);
    if (!device || r.userSignature.length === 0) continue;
    const bytes = receiptSignBytes(ctx.header.chainId, r);
    if (keeper.signatures.verifyDevice(device.keyType, device.pubkey, bytes, r.deviceSignature)) keeper.signatures.verifyUser(r.userPubkey, bytes, r.userSignature);
  }
}

interface Judged {
  readonly result: NormalizedResult & { credits: bigint };
  readonly consumed: boolean;
  readonly networkType: string;
  readonly payer: string;
  /** Applies the plugin's writes and events (accepted receipts only). */
  readonly commitPlugin?: () => void;
}

function rejected(reason: string, detail = ""): NormalizedResult & { credits: bigint } {
  return { accepted: false, units: 0n, reason, quality: 0, detail, credits: 0n };
}

interface TypeRuntime {
  readonly networkType: NetworkType;
  readonly hosted: HostedPlugin;
  readonly params: JsonValue;
  readonly namespace: KVStore;
  /** Block-constant context parts (randomness, registry view), built once per batch; events and store are per receipt. */
  readonly base: BaseContext<JsonValue>;
  /** Where the base context's emitEvent goes: set to each receipt's own event list. */
  readonly events: RoutedEvents;
}

/** An EventManager that forwards to a target the caller switches per receipt. */
class RoutedEvents extends EventManager {
  target: EventManager = new EventManager();
  override emit(type: string, attributes: Attributes): void {
    this.target.emit(type, attributes);
  }
}

/** Per-batch memo of network type lookups and plugin context parts (plain caching; no effect on results). */
class Runtimes {
  private readonly byName = new Map<string, TypeRuntime | undefined>();
  constructor(
    private readonly ctx: Context,
    private readonly keeper: PaymentsKeeper,
  ) {}
  get(name: string): TypeRuntime | undefined {
    if (this.byName.has(name)) return this.byName.get(name);
    const networkType = this.keeper.registry.getNetworkType(this.ctx, name);
    const host = this.keeper.registry.plugins;
    const hosted = networkType ? host.get(networkType.plugin) : undefined;
    let runtime: TypeRuntime | undefined;
    if (networkType && hosted) {
      const { params } = this.keeper.registry.pluginFor(this.ctx, networkType);
      const namespace = host.store(this.ctx, networkType.name, true);
      const events = new RoutedEvents();
      const base = host.baseContext(this.ctx, networkType.name, params, this.keeper.registry.registryView(this.ctx, networkType.name), host.pluginStore(namespace), events);
      runtime = { networkType, hosted, params, namespace, base, events };
    }
    this.byName.set(name, runtime);
    return runtime;
  }
}

function judge(ctx: Context, keeper: PaymentsKeeper, params: Params, runtimes: Runtimes, r: UsageReceipt, device: Readonly<Device> | undefined, lastSequence: bigint): Judged {
  const payer = r.payer === "" ? r.user : r.payer;
  const info = { networkType: device?.networkType ?? "", payer };
  const no = (reason: string, detail = "", consumed = false): Judged => ({ ...info, result: rejected(reason, detail), consumed });
  if (!device) return no(ReceiptReason.DEVICE_NOT_FOUND);
  if (device.status !== DeviceStatus.DEVICE_STATUS_ACTIVE) return no(ReceiptReason.DEVICE_INACTIVE);
  const runtime = runtimes.get(device.networkType);
  if (!runtime || !runtime.networkType.enabled) return no(ReceiptReason.NETWORK_TYPE_DISABLED);
  const plugin = runtime.hosted.plugin;
  if (typeof plugin.verifyUsage !== "function") return no(ReceiptReason.USAGE_NOT_SUPPORTED, `plugin ${plugin.type} has no verifyUsage`);
  const price = usagePriceOf(params, device.networkType);
  if (price === undefined) return no(ReceiptReason.USAGE_NOT_PRICED, `no usage price for ${device.networkType}`);
  if (r.userSignature.length === 0 || r.userPubkey.length === 0) return no(ReceiptReason.USER_SIGNATURE_MISSING);
  if (r.userPubkey.length !== 33 || !sameBytes(secp256k1Address(r.userPubkey), keeper.addresses.decode(r.user))) {
    return no(ReceiptReason.USER_KEY_MISMATCH, "user_pubkey is not the key of user");
  }
  const bytes = receiptSignBytes(ctx.header.chainId, r);
  const finalizing = ctx.mode === "finalize";
  if (!keeper.signatures.verifyDevice(device.keyType, device.pubkey, bytes, r.deviceSignature, finalizing)) return no(ReceiptReason.BAD_DEVICE_SIGNATURE);
  if (!keeper.signatures.verifyUser(r.userPubkey, bytes, r.userSignature, finalizing)) return no(ReceiptReason.BAD_USER_SIGNATURE);
  if (r.sequence <= lastSequence) return no(ReceiptReason.RECEIPT_REPLAYED, `sequence ${r.sequence} <= last ${lastSequence}`);
  // From here on the sequence is consumed whatever the verdict.
  const now = ctx.header.timeMs;
  if (r.periodEndMs < now - params.maxReceiptAgeMs || r.periodEndMs > now + params.maxReceiptFutureMs) {
    return no(ReceiptReason.PERIOD_OUT_OF_WINDOW, `period end ${r.periodEndMs} outside [${now - params.maxReceiptAgeMs}, ${now + params.maxReceiptFutureMs}]`, true);
  }
  const decoded = decodeUsagePayload(plugin, r.payload);
  if (!decoded.ok) return no(decoded.code === "SCHEMA" ? ReceiptReason.PAYLOAD_SCHEMA : ReceiptReason.PAYLOAD_INVALID_JSON, decoded.message, true);

  // The plugin writes into a branch of its namespace and emits into its own event list: both are
  // applied only if the receipt ends accepted. The branch is created on first use of ctx.store.
  const host = keeper.registry.plugins;
  let kv: ReturnType<typeof branchStore> | undefined;
  let pluginStore: PluginStore | undefined;
  const pluginEvents = new EventManager();
  runtime.events.target = pluginEvents;
  const base = runtime.base;
  const state = keeper.getDeviceState(ctx, device.id);
  const last = state?.lastAccepted;
  let result: NormalizedResult;
  try {
    result = withDeterminismGuard(() =>
      normalizeVerifyResult(
        plugin.verifyUsage!(
          perItemContext(base, () => (pluginStore ??= host.pluginStore((kv ??= branchStore(runtime.namespace)))), {
            device: toDeviceView(device),
            receipt: { user: r.user, payer, sequence: r.sequence, periodStartMs: r.periodStartMs, periodEndMs: r.periodEndMs, payload: decoded.value, payloadBytes: r.payload },
            lastReceipt: last
              ? { sequence: last.sequence, user: last.user, periodStartMs: last.periodStartMs, periodEndMs: last.periodEndMs, payload: parseCanonicalJson(last.payload), height: last.height }
              : undefined,
          }),
        ),
      ),
    );
  } catch (error) {
    return no(ReceiptReason.PLUGIN_ERROR, (error as Error).message ?? String(error), true);
  }
  if (!result.accepted) return { ...info, result: { ...result, credits: 0n }, consumed: true };
  const credits = result.units * price;
  const refuse = (reason: string, detail: string): Judged => no(reason, detail, true);
  if (r.maxCredits > 0n && credits > r.maxCredits) return refuse(ReceiptReason.PRICE_ABOVE_MAX, `${credits} credits > max_credits ${r.maxCredits}`);
  if (payer !== r.user) {
    const delegation = keeper.getDelegation(ctx, payer, r.user);
    if (!delegation) return refuse(ReceiptReason.DELEGATION_NOT_FOUND, `${payer} has not delegated credits to ${r.user}`);
    if (delegation.expiresMs > 0n && now > delegation.expiresMs) return refuse(ReceiptReason.DELEGATION_EXPIRED, `expired at ${delegation.expiresMs}`);
    if (BigInt(delegation.remaining) < credits) return refuse(ReceiptReason.DELEGATION_EXCEEDED, `${credits} credits > remaining ${delegation.remaining}`);
  }
  const balance = BigInt(keeper.getAccount(ctx, payer).balance);
  if (balance < credits) return refuse(ReceiptReason.INSUFFICIENT_CREDITS, `${credits} credits needed, ${payer} has ${balance}`);
  return {
    networkType: device.networkType,
    payer,
    result: { ...result, credits },
    consumed: true,
    commitPlugin: () => {
      kv?.write();
      ctx.events.absorb(pluginEvents.events);
    },
  };
}

/**
 * FinalizeBlock (and simulation): the full pipeline with state effects, inside one determinism
 * guard for the whole batch (installing it costs about a signature check; nested guards are free).
 */
export function processReceipts(ctx: Context, keeper: PaymentsKeeper, params: Params, receipts: readonly UsageReceipt[]): ReceiptOutcome[] {
  return withDeterminismGuard(() => processGuarded(ctx, keeper, params, receipts));
}

function processGuarded(ctx: Context, keeper: PaymentsKeeper, params: Params, receipts: readonly UsageReceipt[]): ReceiptOutcome[] {
  const runtimes = new Runtimes(ctx, keeper);
  const outcomes: ReceiptOutcome[] = [];
  for (const r of receipts) {
    ctx.gasMeter.consume(Number(params.gasPerReceipt), "usage receipt");
    const device = keeper.registry.getDeviceShared(ctx, r.deviceId);
    const state = (device && keeper.getDeviceState(ctx, device.id)) || emptyDeviceState(r.deviceId);
    const judged = judge(ctx, keeper, params, runtimes, r, device, state.lastSequence);
    const { result, networkType, payer } = judged;
    let epoch = keeper.rewards.currentEpoch(ctx);
    if (result.accepted) {
      judged.commitPlugin?.();
      if (result.credits > 0n) {
        keeper.debit(ctx, payer, result.credits);
        if (payer !== r.user) {
          const d = keeper.getDelegation(ctx, payer, r.user)!;
          keeper.setDelegation(ctx, { ...d, remaining: (BigInt(d.remaining) - result.credits).toString(), spent: (BigInt(d.spent) + result.credits).toString() });
        }
      }
      if (device) epoch = keeper.rewards.recordUsageUnits(ctx, device.id, networkType, result.units);
      keeper.recordUsage(ctx, epoch, r.deviceId, r.user, networkType, result.units, result.credits);
      state.lastAccepted = { sequence: r.sequence, periodStartMs: r.periodStartMs, periodEndMs: r.periodEndMs, payload: r.payload, user: r.user, height: ctx.header.height };
    }
    if (device && judged.consumed) {
      state.lastSequence = r.sequence;
      keeper.setDeviceState(ctx, state);
    }
    const outcome: ReceiptOutcome = {
      deviceId: r.deviceId,
      sequence: r.sequence,
      accepted: result.accepted,
      reason: result.reason,
      detail: result.detail,
      units: result.units.toString(),
      credits: result.credits.toString(),
      networkType,
      epoch,
      user: r.user,
      payer: result.accepted ? payer : "",
    };
    if (outcome.accepted) {
      paymentsEvents.usageAccepted(ctx.events, { deviceId: r.deviceId, sequence: r.sequence, networkType, user: r.user, payer, units: outcome.units, credits: outcome.credits, epoch });
    } else {
      paymentsEvents.usageRejected(ctx.events, { deviceId: r.deviceId, sequence: r.sequence, networkType, user: r.user, reason: outcome.reason, detail: outcome.detail });
    }
    outcomes.push(outcome);
  }
  return outcomes;
}
