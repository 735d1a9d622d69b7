/**
 * The per-proof pipeline of MsgSubmitProofs, in the order the issue specifies. Each proof ends in
 * a ProofOutcome (accepted with units, or rejected with a reason code); a rejection never fails
 * the batch. The device's sequence is consumed once its signature and sequence check pass, so a
 * rejected proof cannot be replayed either.
 *
 * CheckTx runs `precheckBatch` only: device lookups and signatures (which fills the signature
 * cache that FinalizeBlock then hits). Sequence, timestamp window, payload schema and the plugin's
 * verify run at FinalizeBlock (and in simulation, so gas estimates are real): they depend on the
 * block's time and on proofs earlier in the same block.
 */
import type { Context } from "../app/context";
import type { EventManager } from "../app/events";
import { branchStore } from "../store/branch-store";
import type { DeviceProofState, Proof, ProofOutcome, Params } from "../../generated/depin/proofs/v1/types";
import { OutcomeOrigin } from "../../generated/depin/proofs/v1/types";
import { DeviceStatus, type Device, type NetworkType } from "../../generated/depin/registry/v1/types";
import { withDeterminismGuard } from "../plugin/determinism";
import { proofSignBytes } from "../plugin/sign-bytes";
import { normalizeVerdict, normalizeVerifyResult, type NormalizedResult } from "../plugin/results";
import type { JsonValue } from "../plugin/canonical-json";
import { parseCanonicalJson } from "../plugin/canonical-json";
import type { BaseContext, Verdict } from "../plugin/types";
import type { PluginStore } from "../plugin/store";
import type { KVStore } from "../store/types";
import type { ProofsUnitsBatch } from "./expected-keepers";
import { perItemContext, type HostedPlugin } from "../registry/plugin-host";
import { toDeviceView } from "../registry/keeper";
import { emptyProofState, type ProofsKeeper } from "./keeper";
import { proofsEvents } from "./events";
import { ProofReason } from "./reasons";
import type { VerifiedWith } from "./signature-cache";

interface NetworkTypeRuntime {
  readonly networkType: NetworkType;
  readonly hosted: HostedPlugin;
  readonly params: JsonValue;
  /** The network type's metered plugin namespace (stateless view; each proof branches it). */
  readonly namespace: KVStore;
  /** The block-constant part of the plugin context (randomness, registry view, events), built once per batch. */
  readonly base: BaseContext<JsonValue>;
}

/** Per-batch memo of network type lookups and plugin context parts (plain caching; no effect on results). */
class RuntimeCache {
  private readonly byName = new Map<string, NetworkTypeRuntime | undefined>();
  constructor(
    private readonly ctx: Context,
    private readonly keeper: ProofsKeeper,
  ) {}
  get(name: string): NetworkTypeRuntime | undefined {
    if (this.byName.has(name)) return this.byName.get(name);
    const networkType = this.keeper.registry.getNetworkType(this.ctx, name);
    let runtime: NetworkTypeRuntime | undefined;
    if (networkType && this.keeper.registry.plugins.get(networkType.plugin)) {
      const { hosted, params } = this.keeper.registry.pluginFor(this.ctx, networkType);
      const plugins = this.keeper.registry.plugins;
      const namespace = plugins.store(this.ctx, networkType.name, true);
      const base = plugins.baseContext(this.ctx, networkType.name, params, this.keeper.registry.registryView(this.ctx, networkType.name), plugins.pluginStore(namespace), this.ctx.events);
      runtime = { networkType, hosted, params, namespace, base };
    }
    this.byName.set(name, runtime);
    return runtime;
  }
}

function outcomeOf(base: { deviceId: string; sequence: bigint; networkType: string }, result: NormalizedResult, ctx: Context, epoch: bigint, origin: OutcomeOrigin, ref = ""): ProofOutcome {
  return {
    deviceId: base.deviceId,
    sequence: base.sequence,
    accepted: result.accepted,
    units: result.units.toString(),
    reason: result.reason,
    detail: result.detail,
    quality: result.quality,
    height: ctx.header.height,
    epoch,
    networkType: base.networkType,
    origin,
    index: 0n,
    ref,
  };
}

function rejected(reason: string, detail = ""): NormalizedResult {
  return { accepted: false, units: 0n, reason, quality: 0, detail };
}

function emitOutcome(events: EventManager, outcome: ProofOutcome): void {
  if (outcome.origin === OutcomeOrigin.OUTCOME_ORIGIN_HOOK) {
    proofsEvents.pluginVerdict(events, {
      deviceId: outcome.deviceId,
      networkType: outcome.networkType,
      accepted: outcome.accepted,
      units: outcome.units,
      reason: outcome.reason,
      ref: outcome.ref,
      quality: outcome.quality,
      epoch: outcome.epoch,
    });
  } else if (outcome.accepted) {
    proofsEvents.proofAccepted(events, {
      deviceId: outcome.deviceId,
      sequence: outcome.sequence,
      networkType: outcome.networkType,
      units: outcome.units,
      quality: outcome.quality,
      epoch: outcome.epoch,
      reason: outcome.reason,
    });
  } else {
    proofsEvents.proofRejected(events, { deviceId: outcome.deviceId, sequence: outcome.sequence, networkType: outcome.networkType, reason: outcome.reason, detail: outcome.detail });
  }
}

/**
 * Records a verdict a plugin reported (from verify about another device, or from a hook) as an
 * OUTCOME_ORIGIN_HOOK outcome, crediting units like a verified proof. Verdicts about unknown
 * devices or devices of another network type are dropped (a plugin may only judge its own).
 */
export function recordReportedVerdict(
  ctx: Context,
  keeper: ProofsKeeper,
  params: Params,
  networkType: string,
  verdict: ReturnType<typeof normalizeVerdict>,
  batch?: ProofsUnitsBatch,
): ProofOutcome | undefined {
  const device = keeper.registry.getDevice(ctx, verdict.deviceId);
  if (!device || device.networkType !== networkType) return undefined;
  const state = keeper.getState(ctx, device.id) ?? emptyProofState(device.id);
  let epoch: bigint;
  if (verdict.accepted && verdict.units > 0n && device.status === DeviceStatus.DEVICE_STATUS_ACTIVE) {
    epoch = batch ? batch.record(device.id, networkType, verdict.units) : keeper.rewards.recordUnits(ctx, device.id, networkType, verdict.units);
  } else {
    epoch = batch ? batch.epoch : keeper.rewards.currentEpoch(ctx);
  }
  if (verdict.accepted) state.acceptedCount++;
  else state.rejectedCount++;
  const units = device.status === DeviceStatus.DEVICE_STATUS_ACTIVE ? verdict.units : 0n;
  const outcome = keeper.appendOutcome(ctx, params, state, outcomeOf({ deviceId: device.id, sequence: 0n, networkType }, { ...verdict, units }, ctx, epoch, OutcomeOrigin.OUTCOME_ORIGIN_HOOK, verdict.ref));
  keeper.setState(ctx, state);
  emitOutcome(ctx.events, outcome);
  return outcome;
}

/** Stateless shape checks done in validateBasic; these fail the whole tx. */
export function proofSignBytesFor(chainId: string, proof: Proof): Uint8Array {
  return proofSignBytes({ chainId, deviceId: proof.deviceId, sequence: proof.sequence, timestamp: proof.timestampMs, payload: proof.payload });
}

/**
 * CheckTx: look the devices up and verify signatures (filling the signature cache). No writes.
 * Nothing to do when the pre-verification worker has already been through this tx's proofs.
 */
export function precheckBatch(ctx: Context, keeper: ProofsKeeper, proofs: readonly Proof[]): void {
  if (keeper.signatures.txPreverified(ctx.txHash)) return;
  for (const proof of proofs) {
    const device = keeper.registry.getDeviceShared(ctx, proof.deviceId);
    if (!device) continue;
    keeper.signatures.verifyProof(ctx.header.chainId, device.keyType, device.pubkey, proof, () => proofSignBytesFor(ctx.header.chainId, proof));
  }
}

function judge(ctx: Context, keeper: ProofsKeeper, params: Params, runtimes: RuntimeCache, proof: Proof, device: Readonly<Device> | undefined, state: DeviceProofState, reported: Verdict[], preverified: VerifiedWith | undefined): { result: NormalizedResult; consumed: boolean; networkType: string } {
  const networkType = device?.networkType ?? proof.networkType;
  if (!device) return { result: rejected(ProofReason.DEVICE_NOT_FOUND), consumed: false, networkType };
  if (device.status !== DeviceStatus.DEVICE_STATUS_ACTIVE) return { result: rejected(ProofReason.DEVICE_INACTIVE), consumed: false, networkType };
  if (proof.networkType !== "" && proof.networkType !== device.networkType) {
    return { result: rejected(ProofReason.WRONG_NETWORK_TYPE, `device is ${device.networkType}, proof says ${proof.networkType}`), consumed: false, networkType };
  }
  const runtime = runtimes.get(device.networkType);
  if (!runtime || !runtime.networkType.enabled) return { result: rejected(ProofReason.NETWORK_TYPE_DISABLED), consumed: false, networkType };
  const signatureOk =
    keeper.signatures.verdictCovers(preverified, device.keyType, device.pubkey) ||
    keeper.signatures.verifyProof(ctx.header.chainId, device.keyType, device.pubkey, proof, () => proofSignBytesFor(ctx.header.chainId, proof), ctx.mode === "finalize");
  if (!signatureOk) {
    return { result: rejected(ProofReason.BAD_SIGNATURE), consumed: false, networkType };
  }
  if (proof.sequence <= state.lastSequence) {
    return { result: rejected(ProofReason.SEQUENCE_NOT_INCREASING, `sequence ${proof.sequence} <= last ${state.lastSequence}`), consumed: false, networkType };
  }
  // From here on the sequence is consumed whatever the verdict.
  const now = ctx.header.timeMs;
  if (proof.timestampMs < now - BigInt(params.timestampPastWindowMs) || proof.timestampMs > now + BigInt(params.timestampFutureWindowMs)) {
    return { result: rejected(ProofReason.TIMESTAMP_OUT_OF_WINDOW, `timestamp ${proof.timestampMs} outside [${now - BigInt(params.timestampPastWindowMs)}, ${now + BigInt(params.timestampFutureWindowMs)}]`), consumed: true, networkType };
  }
  if (state.lastAccepted && proof.timestampMs < state.lastAccepted.timestampMs) {
    return { result: rejected(ProofReason.TIMESTAMP_BACKWARDS, `timestamp ${proof.timestampMs} < last accepted ${state.lastAccepted.timestampMs}`), consumed: true, networkType };
  }
  if (proof.payload.length > params.maxPayloadBytes) {
    return { result: rejected(ProofReason.PAYLOAD_TOO_LARGE, `${proof.payload.length} bytes > ${params.maxPayloadBytes}`), consumed: true, networkType };
  }
  const decoded = runtime.hosted.schemas.decode("payload", proof.payload);
  if (!decoded.ok) {
    return { result: rejected(decoded.code === "SCHEMA" ? ProofReason.PAYLOAD_SCHEMA : ProofReason.PAYLOAD_INVALID_JSON, decoded.message), consumed: true, networkType };
  }
  // The plugin writes into a branch of its namespace: kept unless verify throws. Created on the
  // plugin's first use of ctx.store (most verify calls never touch it).
  let pluginKV: ReturnType<typeof branchStore> | undefined;
  let pluginStore: PluginStore | undefined;
  const host = keeper.registry.plugins;
  const namespace = runtime.namespace;
  const base = runtime.base;
  const last = state.lastAccepted;
  const plugin = runtime.hosted.plugin;
  let result: NormalizedResult;
  try {
    result = withDeterminismGuard(() =>
      normalizeVerifyResult(
        plugin.verify(
          perItemContext(base, () => (pluginStore ??= host.pluginStore((pluginKV ??= branchStore(namespace)))), {
            report: (verdict: Verdict) => void reported.push(verdict),
            device: toDeviceView(device),
            proof: { sequence: proof.sequence, timestampMs: proof.timestampMs, payload: decoded.value, payloadBytes: proof.payload },
            // Stored only after it passed the canonical and schema checks: parsing is enough.
            lastAccepted: last ? { sequence: last.sequence, timestampMs: last.timestampMs, payload: parseCanonicalJson(last.payload, { requireCanonical: false }), height: last.height } : undefined,
          }),
        ),
      ),
    );
  } catch (error) {
    reported.length = 0;
    return { result: rejected(ProofReason.PLUGIN_ERROR, (error as Error).message ?? String(error)), consumed: true, networkType };
  }
  pluginKV?.write();
  return { result, consumed: true, networkType };
}

/**
 * FinalizeBlock (and simulation): the full pipeline with state effects. The whole batch runs
 * inside one determinism guard: installing it costs ~100 µs, as much as a signature check, so it
 * is installed once per batch (nested per-plugin-call guards are then free).
 */
export function processBatch(ctx: Context, keeper: ProofsKeeper, params: Params, proofs: readonly Proof[]): ProofOutcome[] {
  return withDeterminismGuard(() => processBatchGuarded(ctx, keeper, params, proofs));
}

function processBatchGuarded(ctx: Context, keeper: ProofsKeeper, params: Params, proofs: readonly Proof[]): ProofOutcome[] {
  const runtimes = new RuntimeCache(ctx, keeper);
  // Rewards units of the whole batch: one read and one write per touched record, at the end.
  const units = keeper.rewards.unitsBatch(ctx);
  const outcomes: ProofOutcome[] = [];
  const verdicts = ctx.mode === "finalize" ? keeper.signatures.takeMsgVerdicts(ctx.txHash, ctx.msgIndex, ctx.header.chainId) : undefined;
  for (let index = 0; index < proofs.length; index++) {
    const proof = proofs[index];
    ctx.gasMeter.consume(Number(params.gasPerProof), "proof");
    const device = keeper.registry.getDeviceShared(ctx, proof.deviceId);
    const reported: Verdict[] = [];
    const state = (device && keeper.getState(ctx, device.id)) || emptyProofState(proof.deviceId);
    const { result, consumed, networkType } = judge(ctx, keeper, params, runtimes, proof, device, state, reported, verdicts?.[index]);
    const base = { deviceId: proof.deviceId, sequence: proof.sequence, networkType };
    if (!device) {
      // Nothing to attach history to: the outcome lives in the response and the event only.
      const outcome = outcomeOf(base, result, ctx, units.epoch, OutcomeOrigin.OUTCOME_ORIGIN_PROOF);
      emitOutcome(ctx.events, outcome);
      outcomes.push(outcome);
      continue;
    }
    if (consumed) state.lastSequence = proof.sequence;
    let epoch: bigint;
    if (result.accepted) {
      state.acceptedCount++;
      state.lastAccepted = { sequence: proof.sequence, timestampMs: proof.timestampMs, payload: proof.payload, height: ctx.header.height };
      epoch = result.units > 0n ? units.record(device.id, device.networkType, result.units) : units.epoch;
    } else {
      state.rejectedCount++;
      epoch = units.epoch;
    }
    const outcome = keeper.appendOutcome(ctx, params, state, outcomeOf(base, result, ctx, epoch, OutcomeOrigin.OUTCOME_ORIGIN_PROOF));
    keeper.setState(ctx, state);
    emitOutcome(ctx.events, outcome);
    outcomes.push(outcome);
    for (const verdict of reported) {
      let normalized: ReturnType<typeof normalizeVerdict>;
      try {
        normalized = normalizeVerdict(verdict);
      } catch {
        continue;
      }
      recordReportedVerdict(ctx, keeper, params, device.networkType, normalized, units);
    }
  }
  units.flush();
  return outcomes;
}
