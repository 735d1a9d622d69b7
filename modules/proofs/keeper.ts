/** Proofs keeper: params, per-device proof state and the retained outcomes. */
import { storeKey, type Context } from "../app/context";
import type { KVStore } from "../store/types";
import { prefixEnd } from "../store/prefix-store";
import { DeviceProofRecord, type DeviceProofState, Params, type ProofOutcome } from "../../generated/depin/proofs/v1/types";
import { deviceStateKey, outcomeChunkKey, outcomeChunksPrefix, PARAMS_KEY, STATE_PREFIX } from "./keys";
import { appendToChunk, chunkOf, chunkSlot, completesChunk, decodeOutcomes, lastChunkedIndex, NO_PENDING_OUTCOMES } from "./outcome-chunks";
import { DEFAULT_PROOFS_PARAMS } from "./params";
import type { SignatureCache } from "./signature-cache";
import type { ProofsRegistryKeeper, ProofsRewardsKeeper } from "./expected-keepers";

export const PROOFS_STORE = storeKey("proofs");

export function emptyProofState(deviceId: string): DeviceProofRecord {
  return { deviceId, lastSequence: 0n, lastAccepted: undefined, acceptedCount: 0n, rejectedCount: 0n, lastOutcomeIndex: 0n, pendingOutcomes: NO_PENDING_OUTCOMES };
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

  /**
   * A device's proof state as stored: a DeviceProofRecord, which is a DeviceProofState (queries
   * and genesis encode it as one, leaving the pending outcomes out) carrying its pending outcomes.
   */
  getState(ctx: Context, deviceId: string): DeviceProofRecord | undefined {
    const raw = this.store(ctx).get(deviceStateKey(deviceId));
    return raw ? DeviceProofRecord.decode(raw) : undefined;
  }

  setState(ctx: Context, state: DeviceProofRecord): void {
    this.store(ctx).set(deviceStateKey(state.deviceId), DeviceProofRecord.encode(state).finish());
  }

  /** Every device's proof state (genesis export encodes them as DeviceProofState). */
  *allStates(ctx: Context): IterableIterator<DeviceProofRecord> {
    for (const [, value] of ctx.unmeteredStore(PROOFS_STORE).iterate({ start: STATE_PREFIX, end: prefixEnd(STATE_PREFIX) })) {
      yield DeviceProofRecord.decode(value);
    }
  }

  /**
   * Appends an outcome to the device's history, assigning its index in `state` (which the caller
   * writes): into the state's pending outcomes, and when that completes a chunk of eight, the chunk
   * goes to its ring slot (outcome-chunks.ts).
   */
  appendOutcome(ctx: Context, params: Params, state: DeviceProofRecord, outcome: ProofOutcome): ProofOutcome {
    const index = state.lastOutcomeIndex + 1n;
    state.lastOutcomeIndex = index;
    const stored: ProofOutcome = { ...outcome, index };
    const pending = appendToChunk(state.pendingOutcomes, stored);
    if (completesChunk(index)) {
      this.store(ctx).set(outcomeChunkKey(state.deviceId, chunkSlot(chunkOf(index), BigInt(params.outcomeHistoryPerDevice))), pending);
      state.pendingOutcomes = NO_PENDING_OUTCOMES;
    } else {
      state.pendingOutcomes = pending;
    }
    return stored;
  }

  /**
   * A device's retained outcomes, oldest first: those inside the current window (the last
   * outcome_history_per_device indices) among its chunks and pending outcomes. After that param
   * changes, full chunks go to slots of the new ring, so the window can hold fewer outcomes until
   * the ring has gone round once, and when it is lowered the slots beyond the new ring keep chunks
   * that leave the window; neither is ever served or exported as retained.
   */
  retainedOutcomes(ctx: Context, deviceId: string): ProofOutcome[] {
    const state = this.getState(ctx, deviceId);
    return state ? this.outcomesInWindow(ctx, state, BigInt(this.getParams(ctx).outcomeHistoryPerDevice)) : [];
  }

  private outcomesInWindow(ctx: Context, state: DeviceProofRecord, keep: bigint): ProofOutcome[] {
    const last = state.lastOutcomeIndex;
    const retained: ProofOutcome[] = [];
    const consider = (outcomes: ProofOutcome[]) => {
      for (const outcome of outcomes) if (outcome.index <= last && (keep === 0n || outcome.index > last - keep)) retained.push(outcome);
    };
    const prefix = outcomeChunksPrefix(state.deviceId);
    for (const [, value] of ctx.unmeteredStore(PROOFS_STORE).iterate({ start: prefix, end: prefixEnd(prefix) })) consider(decodeOutcomes(value, state.deviceId));
    consider(decodeOutcomes(state.pendingOutcomes, state.deviceId));
    return retained.sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0));
  }

  /** A device's retained outcomes, newest first. */
  outcomes(ctx: Context, deviceId: string): ProofOutcome[] {
    return this.retainedOutcomes(ctx, deviceId).reverse();
  }

  *allOutcomes(ctx: Context): IterableIterator<ProofOutcome> {
    const keep = BigInt(this.getParams(ctx).outcomeHistoryPerDevice);
    for (const state of this.allStates(ctx)) yield* this.outcomesInWindow(ctx, state, keep);
  }

  /** Genesis import of a device's state: its pending outcomes come from the imported outcomes (setOutcome). */
  importState(ctx: Context, state: DeviceProofState): void {
    this.setState(ctx, { ...state, pendingOutcomes: NO_PENDING_OUTCOMES });
  }

  /**
   * Genesis import, after the device states (`params` are the imported ones): an outcome after the
   * device's last full chunk joins its pending outcomes, an earlier one its chunk's slot.
   */
  setOutcome(ctx: Context, params: Params, outcome: ProofOutcome): void {
    const store = ctx.unmeteredStore(PROOFS_STORE);
    const state = this.getState(ctx, outcome.deviceId);
    if (state && outcome.index > lastChunkedIndex(state.lastOutcomeIndex)) {
      this.setState(ctx, { ...state, pendingOutcomes: appendToChunk(state.pendingOutcomes, outcome) });
      return;
    }
    const key = outcomeChunkKey(outcome.deviceId, chunkSlot(chunkOf(outcome.index), BigInt(params.outcomeHistoryPerDevice)));
    store.set(key, appendToChunk(store.get(key) ?? NO_PENDING_OUTCOMES, outcome));
  }
}
