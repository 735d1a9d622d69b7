/** Proofs queries, in the style of cosmjs's `setupBankExtension`. */
import type { QueryClient } from "@cosmjs/stargate";
import { QueryClientImpl } from "../../generated/depin/proofs/v1/query";
import type { DeviceProofState, Params, ProofOutcome } from "../../generated/depin/proofs/v1/types";
import { canonicalJsonBytes, parseCanonicalJson, type JsonValue } from "../../modules/plugin/canonical-json";
import { paginate, type PageOptions } from "../pagination";
import { orUndefined, rpcFor } from "./base";

export interface ProofsExtension {
  readonly proofs: {
    params(): Promise<Params>;
    /** The device's proof state (an empty state when it never submitted). */
    lastProof(deviceId: string): Promise<DeviceProofState>;
    /** undefined when never submitted or pruned from history. */
    outcome(deviceId: string, sequence: bigint | number): Promise<ProofOutcome | undefined>;
    /** Newest first unless `reverse`. */
    allRecentOutcomes(deviceId: string, options?: PageOptions): AsyncGenerator<ProofOutcome, void, undefined>;
    /** A plugin-defined read-only query; request and answer are JSON values. */
    pluginQuery(networkType: string, path: string, request?: JsonValue): Promise<JsonValue>;
    readonly raw: QueryClientImpl;
  };
}

export function setupProofsExtension(base: QueryClient): ProofsExtension {
  const raw = new QueryClientImpl(rpcFor(base));
  return {
    proofs: {
      params: async () => (await raw.Params({})).params!,
      lastProof: async (deviceId) =>
        (await raw.LastProof({ deviceId })).state ?? { deviceId, lastSequence: 0n, lastAccepted: undefined, acceptedCount: 0n, rejectedCount: 0n, lastOutcomeIndex: 0n },
      outcome: (deviceId, sequence) => orUndefined(async () => (await raw.ProofOutcome({ deviceId, sequence: BigInt(sequence) })).outcome),
      allRecentOutcomes: (deviceId, options) => paginate(async (pagination) => {
        const r = await raw.RecentOutcomes({ deviceId, pagination });
        return { items: r.outcomes, pagination: r.pagination };
      }, options),
      pluginQuery: async (networkType, path, request) => {
        const r = await raw.PluginQuery({ networkType, path, requestJson: request === undefined ? new Uint8Array() : canonicalJsonBytes(request) });
        return r.responseJson.length === 0 ? null : parseCanonicalJson(r.responseJson, { requireCanonical: false });
      },
      raw,
    },
  };
}
