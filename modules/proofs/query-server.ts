/** proofs queries at /depin.proofs.v1.Query/<Method>. */
import { queryRoute, type QueryRoute } from "../app/module";
import { paginate } from "../app/pagination";
import { ErrNotFound, ErrInvalidRequest } from "../app/sdk-errors";
import {
  QueryLastProofRequest,
  QueryLastProofResponse,
  QueryParamsRequest,
  QueryParamsResponse,
  QueryPluginQueryRequest,
  QueryPluginQueryResponse,
  QueryProofOutcomeRequest,
  QueryProofOutcomeResponse,
  QueryRecentOutcomesRequest,
  QueryRecentOutcomesResponse,
} from "../../generated/depin/proofs/v1/query";
import { ProofOutcome } from "../../generated/depin/proofs/v1/types";
import { canonicalJsonBytes, parseCanonicalJson } from "../plugin/canonical-json";
import { readOnlyPluginStore } from "../plugin/store";
import { withDeterminismGuard } from "../plugin/determinism";
import { ErrPluginQuery, ErrUnknownNetworkType } from "./errors";
import { emptyProofState, type ProofsKeeper } from "./keeper";
import { MemoryKVStore } from "../store/memory-store";
import { u64be } from "../plugin/bytes";

const PKG = "/depin.proofs.v1.Query";

function requireDeviceId(id: string): void {
  if (!/^[0-9a-f]{40}$/.test(id)) throw ErrInvalidRequest.wrap(`device_id "${id}" is not 40 lowercase hex characters`);
}

export function proofsQueries(keeper: ProofsKeeper): QueryRoute[] {
  return [
    queryRoute(`${PKG}/Params`, QueryParamsRequest, QueryParamsResponse, (ctx) => ({ params: keeper.getParams(ctx) })),
    queryRoute(`${PKG}/LastProof`, QueryLastProofRequest, QueryLastProofResponse, (ctx, req) => {
      requireDeviceId(req.deviceId);
      return { state: keeper.getState(ctx, req.deviceId) ?? emptyProofState(req.deviceId) };
    }),
    queryRoute(`${PKG}/ProofOutcome`, QueryProofOutcomeRequest, QueryProofOutcomeResponse, (ctx, req) => {
      requireDeviceId(req.deviceId);
      // History is bounded per device (Params.outcome_history_per_device), so a scan is cheap.
      for (const outcome of keeper.outcomes(ctx, req.deviceId)) {
        if (outcome.sequence === req.sequence && outcome.sequence !== 0n) return { outcome };
      }
      throw ErrNotFound.wrap(`no retained outcome for device ${req.deviceId} sequence ${req.sequence}`);
    }),
    queryRoute(`${PKG}/RecentOutcomes`, QueryRecentOutcomesRequest, QueryRecentOutcomesResponse, (ctx, req) => {
      requireDeviceId(req.deviceId);
      // Newest first by default: the list below is oldest first, so flip `reverse`. The history is a
      // ring (bounded by outcome_history_per_device), so it is paged from memory, keyed by index:
      // next_key is the u64 BE index of the next page's first outcome.
      const pagination = { key: new Uint8Array(), offset: 0n, limit: 0n, countTotal: false, ...req.pagination, reverse: !(req.pagination?.reverse ?? false) };
      const byIndex = new MemoryKVStore();
      for (const outcome of keeper.retainedOutcomes(ctx, req.deviceId)) byIndex.set(u64be(outcome.index), ProofOutcome.encode(outcome).finish());
      const page = paginate(byIndex, new Uint8Array(), pagination, (_key, value) => ProofOutcome.decode(value));
      return { outcomes: page.items, pagination: page.pagination };
    }),
    queryRoute(`${PKG}/PluginQuery`, QueryPluginQueryRequest, QueryPluginQueryResponse, (ctx, req) => {
      const networkType = keeper.registry.getNetworkType(ctx, req.networkType);
      if (!networkType) throw ErrUnknownNetworkType.wrap(`network type "${req.networkType}"`);
      const { hosted, params } = keeper.registry.pluginFor(ctx, networkType);
      const query = hosted.plugin.query;
      if (!query) throw ErrPluginQuery.wrap(`plugin ${hosted.plugin.type} has no queries`);
      const store = readOnlyPluginStore(keeper.registry.plugins.pluginStore(keeper.registry.plugins.store(ctx, networkType.name, false)));
      try {
        const request = req.requestJson.length ? parseCanonicalJson(req.requestJson, { requireCanonical: false }) : null;
        const answer = withDeterminismGuard(() =>
          query.call(hosted.plugin, { networkType: networkType.name, height: ctx.header.height, params, store, registry: keeper.registry.registryView(ctx, networkType.name) }, req.path, request),
        );
        return { responseJson: canonicalJsonBytes(answer) };
      } catch (error) {
        throw ErrPluginQuery.wrap((error as Error).message);
      }
    }),
  ];
}
