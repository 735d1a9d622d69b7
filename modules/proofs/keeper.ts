/** Proofs keeper: params, per-device proof state and the retained outcomes. */
import { storeKey, type Context } from "../app/context";
import type { KVStore } from "../store/types";
import { prefixEnd } from "../store/prefix-store";
import { DeviceProofState, Params, ProofOutcome } from "../../generated/depin/proofs/v1/types";
import { deviceStateKey, outcomeKey, outcomeSlot, outcomesPrefix, PARAMS_KEY, STATE_PREFIX } from "./keys";
import { DEFAULT_PROOFS_PARAMS } from "./params";
import type { SignatureCache } from "./signature-cache";
import type { ProofsRegistryKeeper, ProofsRewardsKeeper } from "./expected-keepers";

export const PROOFS_STORE = storeKey("proofs");

export function emptyProofState(deviceId: string): DeviceProofState {
  return { deviceId, lastSequence: 0n, lastAccepted: undefined, acceptedCount: 0n, rejectedCount: 0n, lastOutcomeIndex: 0n };
}

export class ProofsKeeper {
  constructor(
    readonly registry: ProofsRegistryKeeper,
    readonly rewards: ProofsRewardsKeeper,
    readonly signatures: SignatureCache,
  ) {}

  private store(ctx: Context): KVStore {
    return ctx.mode === "query" || ctx.mode === "genesis" ? ctx.unmeteredStore(PROOFS_STORE) : ctx.kvStore(PROOFS_STORE);
  }

  getParams(ctx: Context): Params {
    const raw = ctx.unmeteredStore(PROOFS_STORE).get(PARAMS_KEY);
    return raw ? Params.decode(raw) : DEFAULT_PROOFS_PARAMS;
  }

  setParams(ctx: Context, params: Params): void {
    ctx.unmeteredStore(PROOFS_STORE).set(PARAMS_KEY, Params.encode(params).finish());
  }

  getState(ctx: Context, deviceId: string): DeviceProofState | undefined {
    const raw = this.store(ctx).get(deviceStateKey(deviceId));
    return raw ? DeviceProofState.decode(raw) : undefined;
  }

  setState(ctx: Context, state: DeviceProofState): void {
    this.store(ctx).set(deviceStateKey(state.deviceId), DeviceProofState.encode(state).finish());
  }

  *allStates(ctx: Context): IterableIterator<DeviceProofState> {
    for (const [, value] of ctx.unmeteredStore(PROOFS_STORE).iterate({ start: STATE_PREFIX, end: prefixEnd(STATE_PREFIX) })) {
      yield DeviceProofState.decode(value);
    }
  }

  /**
   * Appends an outcome to the device's history (assigning its index in `state`, which the caller
   * writes). The history is a ring of Params.outcome_history_per_device slots: the new outcome
   * takes the slot of the one it retires.
   */
  appendOutcome(ctx: Context, params: Params, state: DeviceProofState, outcome: ProofOutcome): ProofOutcome {
    const index = state.lastOutcomeIndex + 1n;
    state.lastOutcomeIndex = index;
    const stored: ProofOutcome = { ...outcome, index };
    const slot = outcomeSlot(index, BigInt(params.outcomeHistoryPerDevice));
    this.store(ctx).set(outcomeKey(outcome.deviceId, slot), ProofOutcome.encode(stored).finish());
    return stored;
  }

  /**
   * A device's retained outcomes, oldest first: the ring's entries inside the current window (the
   * last outcome_history_per_device indices). After that param changes, new outcomes land at their
   * index mod the new size, so the window can hold fewer outcomes until the ring has gone round once,
   * and when it is lowered the slots beyond the new size keep outcomes that have left the window;
   * neither is ever served or exported as retained.
   */
  retainedOutcomes(ctx: Context, deviceId: string): ProofOutcome[] {
    return this.outcomesInWindow(ctx, deviceId, this.getState(ctx, deviceId)?.lastOutcomeIndex ?? 0n, BigInt(this.getParams(ctx).outcomeHistoryPerDevice));
  }

  private outcomesInWindow(ctx: Context, deviceId: string, last: bigint, keep: bigint): ProofOutcome[] {
    const prefix = outcomesPrefix(deviceId);
    const retained: ProofOutcome[] = [];
    for (const [, value] of ctx.unmeteredStore(PROOFS_STORE).iterate({ start: prefix, end: prefixEnd(prefix) })) {
      const outcome = ProofOutcome.decode(value);
      if (outcome.index <= last && (keep === 0n || outcome.index > last - keep)) retained.push(outcome);
    }
    return retained.sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0));
  }

  /** A device's retained outcomes, newest first. */
  outcomes(ctx: Context, deviceId: string): ProofOutcome[] {
    return this.retainedOutcomes(ctx, deviceId).reverse();
  }

  *allOutcomes(ctx: Context): IterableIterator<ProofOutcome> {
    const keep = BigInt(this.getParams(ctx).outcomeHistoryPerDevice);
    for (const state of this.allStates(ctx)) yield* this.outcomesInWindow(ctx, state.deviceId, state.lastOutcomeIndex, keep);
  }

  /** Genesis import: `params` are the imported ones (they fix each outcome's slot). */
  setOutcome(ctx: Context, params: Params, outcome: ProofOutcome): void {
    const slot = outcomeSlot(outcome.index, BigInt(params.outcomeHistoryPerDevice));
    ctx.unmeteredStore(PROOFS_STORE).set(outcomeKey(outcome.deviceId, slot), ProofOutcome.encode(outcome).finish());
  }
}
