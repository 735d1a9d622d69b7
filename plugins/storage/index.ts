/**
 * storage: proof of data possession by random chunk challenges against a committed Merkle root.
 * README.md is the spec; verify below and challenges.ts implement its rules in the same order
 * with the same reason codes.
 */
import { accept, definePlugin, fromHex, getJson, reject, SamplingIndex, utf8, type JsonValue } from "../../modules/plugin";
import { applyDeactivations, issueChallenges, recordFault, recordProof, resetNode, sweepDeadlines } from "./challenges";
import { leafHash, rootFromPath } from "./merkle";
import { getChallenge, getStats, keys, metadataSchema, paramsSchema, payloadSchema, REASONS, type StorageMetadata, type StorageParams, type StoragePayload } from "./schema";

export * from "./schema";
export { MerkleTree, leafHash, nodeHash, rootFromPath } from "./merkle";

const decoder = new TextDecoder();

function requestField(request: JsonValue, field: string): JsonValue | undefined {
  return request !== null && typeof request === "object" && !Array.isArray(request) ? request[field] : undefined;
}

export const storage = definePlugin<StorageParams, StorageMetadata, StoragePayload>({
  type: "storage",
  version: "1.0.0",
  paramsSchema,
  metadataSchema,
  payloadSchema,
  onRegister(ctx) {
    new SamplingIndex(ctx.store).add(ctx.device.id);
    const prev = ctx.previous;
    if (ctx.change === "register") resetNode(ctx.store, ctx.device.id, ctx.height, true);
    else if (!prev || prev.metadata.dataRoot !== ctx.device.metadata.dataRoot || prev.metadata.chunkCount !== ctx.device.metadata.chunkCount) {
      // A new commitment: the open challenge (against the old root) is void and accrual restarts.
      resetNode(ctx.store, ctx.device.id, ctx.height, false);
    }
    return { accepted: true };
  },
  verify(ctx) {
    const { challengeId, chunks } = ctx.proof.payload;
    const c = getChallenge(ctx.store, challengeId);
    if (!c) return reject(REASONS.UNKNOWN_CHALLENGE, `no challenge ${challengeId}`);
    if (c.device !== ctx.device.id) return reject(REASONS.NOT_CHALLENGED, `challenge ${challengeId} is for ${c.device}`);
    if (c.status === "missed" || (c.status === "open" && ctx.height > BigInt(c.deadline))) return reject(REASONS.LATE_ANSWER, `deadline was height ${c.deadline}`);
    if (c.status === "cancelled") return reject(REASONS.CHALLENGE_CANCELLED, "the commitment changed after issuance");
    if (c.status !== "open") return reject(REASONS.CHALLENGE_CLOSED, `challenge ${challengeId} was settled (${c.status}) at height ${c.settledHeight}`);

    // From here the answer settles the challenge: one answer per challenge, no retries.
    const fault = (reason: string, detail: string) => {
      if (recordFault(ctx.store, ctx.params, c, reason, ctx.height)) ctx.store.set(keys.pendingDeactivation(c.device), utf8(REASONS.TOO_MANY_FAULTS));
      return reject(reason, detail);
    };
    if (chunks.length !== c.indices.length || chunks.some((a, i) => a.index !== c.indices[i])) {
      return fault(REASONS.INDEX_MISMATCH, `expected chunks ${c.indices.join(",")}`);
    }
    const root = fromHex(c.dataRoot);
    for (const answer of chunks) {
      const data = fromHex(answer.data);
      if (data.length !== ctx.params.chunkSize) return fault(REASONS.CHUNK_SIZE, `chunk ${answer.index} is ${data.length} bytes, expected ${ctx.params.chunkSize}`);
      const computed = rootFromPath(leafHash(data), BigInt(answer.index), BigInt(c.chunkCount), answer.path.map(fromHex));
      if (computed === undefined || !computed.every((b, i) => b === root[i])) {
        return fault(REASONS.WRONG_PATH, `chunk ${answer.index} and its path do not hash to the committed root`);
      }
    }
    const units = recordProof(ctx.store, ctx.params, c, ctx.height);
    return units > 0n ? accept(units, { detail: `challenge ${c.id} proven` }) : accept(0n, { reason: REASONS.NO_FULL_PERIOD, detail: `challenge ${c.id} proven; less than one period accrued` });
  },
  onBlock(ctx) {
    sweepDeadlines(ctx);
    applyDeactivations(ctx);
    issueChallenges(ctx);
  },
  query(ctx, path, request) {
    if (path === "node") {
      const id = requestField(request, "deviceId");
      if (typeof id !== "string") throw new Error('request: {"deviceId": "<40 hex>"}');
      const open = ctx.store.get(keys.open(id));
      const openChallenge = open ? (getChallenge(ctx.store, Number(decoder.decode(open))) ?? null) : null;
      return { deviceId: id, ...getStats(ctx.store, id), openChallenge } as unknown as JsonValue;
    }
    if (path === "challenge") {
      const id = requestField(request, "id");
      if (typeof id !== "number") throw new Error('request: {"id": <challenge id>}');
      return (getChallenge(ctx.store, id) ?? null) as unknown as JsonValue;
    }
    if (path === "stats") return { nodes: new SamplingIndex(ctx.store).count().toString(), nextChallengeId: getJson<number>(ctx.store, keys.next) ?? 0 };
    throw new Error(`unknown path "${path}" (node, challenge, stats)`);
  },
});

export default storage;
