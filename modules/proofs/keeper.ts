/** Proofs keeper: params, per-device proof state and the retained outcomes. */
import { storeKey, type Context } from "../app/context";
import type { KVStore } from "../store/types";
import { prefixEnd } from "../store/prefix-store";
import { DeviceProofState, Params, ProofOutcome } from "../../generated/depin/proofs/v1/types";
import { deviceStateKey, outcomeKey, outcomesPrefix, PARAMS_KEY, STATE_PREFIX } from "./keys";
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
   * writes) and prunes the oldest beyond Params.outcome_history_per_device.
   */
  appendOutcome(ctx: Context, params: Params, state: DeviceProofState, outcome: ProofOutcome): ProofOutcome {
    const index = state.lastOutcomeIndex + 1n;
    state.lastOutcomeIndex = index;
    const stored: ProofOutcome = { ...outcome, index };
    const store = this.store(ctx);
    store.set(outcomeKey(outcome.deviceId, index), ProofOutcome.encode(stored).finish());
    const keep = BigInt(params.outcomeHistoryPerDevice);
    if (keep > 0n && index > keep) store.delete(outcomeKey(outcome.deviceId, index - keep));
    return stored;
  }

  /** A device's retained outcomes, newest first. */
  *outcomes(ctx: Context, deviceId: string): IterableIterator<ProofOutcome> {
    const prefix = outcomesPrefix(deviceId);
    for (const [, value] of ctx.unmeteredStore(PROOFS_STORE).iterate({ start: prefix, end: prefixEnd(prefix), reverse: true })) {
      yield ProofOutcome.decode(value);
    }
  }

  *allOutcomes(ctx: Context): IterableIterator<ProofOutcome> {
    const start = new Uint8Array([0x03]);
    for (const [, value] of ctx.unmeteredStore(PROOFS_STORE).iterate({ start, end: prefixEnd(start) })) yield ProofOutcome.decode(value);
  }

  setOutcome(ctx: Context, outcome: ProofOutcome): void {
    ctx.unmeteredStore(PROOFS_STORE).set(outcomeKey(outcome.deviceId, outcome.index), ProofOutcome.encode(outcome).finish());
  }
}
