/**
 * wireless-coverage: radio coverage proven by challenges. README.md is the spec; verify.ts and
 * challenges.ts implement its rules in the same order with the same reason codes.
 */
import { definePlugin, getH3Resolution, getJson, parseCanonicalJson, SamplingIndex, type JsonValue } from "../../modules/plugin";
import { closeDue, issueChallenges } from "./challenges";
import { checkParams, metadataSchema, paramsSchema, payloadSchema, REASONS, type CoverageMetadata, type CoverageParams, type CoveragePayload } from "./schema";
import { getChallenge, getStats, keys, type WitnessEntry } from "./state";
import { verifyBeacon, verifyWitness } from "./verify";

export * from "./schema";
export { witnessPool, densityScaled } from "./challenges";
export { fsplCdb, log2Q32, maxRssiCdbm } from "./radio";

const decoder = new TextDecoder();

function requestField(request: JsonValue, field: string): JsonValue | undefined {
  return request !== null && typeof request === "object" && !Array.isArray(request) ? request[field] : undefined;
}

export const wirelessCoverage = definePlugin<CoverageParams, CoverageMetadata, CoveragePayload>({
  type: "wireless-coverage",
  version: "1.0.0",
  paramsSchema,
  metadataSchema,
  payloadSchema,
  checkParams,
  onRegister(ctx) {
    const location = ctx.device.location;
    if (location === undefined) return { accepted: false, reason: REASONS.LOCATION_REQUIRED, detail: "a hotspot asserts its H3 location" };
    if (getH3Resolution(location) < ctx.params.distanceResolution) {
      return { accepted: false, reason: REASONS.LOCATION_TOO_COARSE, detail: `resolution ${getH3Resolution(location)} < ${ctx.params.distanceResolution}` };
    }
    // Idempotent: re-registration and updates keep the hotspot's single slot in the index.
    new SamplingIndex(ctx.store).add(ctx.device.id);
    return { accepted: true };
  },
  verify(ctx) {
    const payload = ctx.proof.payload;
    return payload.kind === "beacon" ? verifyBeacon(ctx, payload) : verifyWitness(ctx, payload);
  },
  onBlock(ctx) {
    // Close first: a hotspot whose window just ended can be drawn again in the same block.
    closeDue(ctx);
    issueChallenges(ctx);
  },
  query(ctx, path, request) {
    if (path === "challenge") {
      const id = requestField(request, "id");
      if (typeof id !== "number") throw new Error('request: {"id": <challenge id>}');
      const c = getChallenge(ctx.store, id);
      if (!c) return null;
      const witnesses: JsonValue[] = [];
      const prefix = keys.witnessPrefix(id);
      for (const [k, v] of ctx.store.iterate({ prefix })) {
        const entry = parseCanonicalJson(v) as unknown as WitnessEntry;
        witnesses.push({ deviceId: decoder.decode(k).slice(prefix.length), ...entry } as unknown as JsonValue);
      }
      return { ...c, witnesses } as unknown as JsonValue;
    }
    if (path === "hotspot") {
      const id = requestField(request, "deviceId");
      if (typeof id !== "string") throw new Error('request: {"deviceId": "<40 hex>"}');
      const active = ctx.store.get(keys.active(id));
      return { deviceId: id, ...getStats(ctx.store, id), openChallenge: active ? Number(decoder.decode(active)) : null } as unknown as JsonValue;
    }
    if (path === "witness") {
      const id = requestField(request, "deviceId");
      const cid = requestField(request, "challengeId");
      if (typeof id !== "string" || typeof cid !== "number") throw new Error('request: {"challengeId": n, "deviceId": "..."}');
      return (getJson<WitnessEntry>(ctx.store, keys.witness(cid, id)) ?? null) as unknown as JsonValue;
    }
    if (path === "stats") return { hotspots: new SamplingIndex(ctx.store).count().toString(), nextChallengeId: getJson<number>(ctx.store, keys.next) ?? 0 };
    throw new Error(`unknown path "${path}" (challenge, hotspot, witness, stats)`);
  },
});

export default wirelessCoverage;
