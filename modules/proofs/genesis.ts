/** proofs genesis: params, per-device proof state, retained outcomes and the plugin stores. */
import type { Context } from "../app/context";
import { GenesisState } from "../../generated/depin/proofs/v1/genesis";
import type { ProofsKeeper } from "./keeper";
import { DEFAULT_PROOFS_PARAMS, validateProofsParams } from "./params";

export function initProofsGenesis(keeper: ProofsKeeper, ctx: Context, raw: unknown): void {
  const state = raw === undefined ? GenesisState.fromPartial({ params: DEFAULT_PROOFS_PARAMS }) : GenesisState.fromJSON(raw);
  const params = validateProofsParams(state.params ?? DEFAULT_PROOFS_PARAMS);
  keeper.setParams(ctx, params);
  for (const deviceState of state.deviceStates) keeper.importState(ctx, deviceState);
  for (const outcome of state.outcomes) keeper.setOutcome(ctx, params, outcome);
  for (const entry of state.pluginStore) {
    keeper.registry.plugins.store(ctx, entry.networkType, false).set(entry.key, entry.value);
  }
}

export function exportProofsGenesis(keeper: ProofsKeeper, ctx: Context): unknown {
  const pluginStore = [];
  for (const networkType of keeper.registry.networkTypes(ctx)) {
    for (const [key, value] of keeper.registry.plugins.store(ctx, networkType.name, false).iterate()) {
      pluginStore.push({ networkType: networkType.name, key: Uint8Array.from(key), value: Uint8Array.from(value) });
    }
  }
  return GenesisState.toJSON({
    params: keeper.getParams(ctx),
    deviceStates: [...keeper.allStates(ctx)],
    outcomes: [...keeper.allOutcomes(ctx)],
    pluginStore,
  });
}
