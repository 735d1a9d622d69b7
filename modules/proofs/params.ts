/** Proofs params: defaults and validation. */
import type { Params } from "../../generated/depin/proofs/v1/types";
import { ErrInvalidParams } from "./errors";

/** Hard ceiling on max_batch_size, whatever governance sets (bounds one message's work). */
export const MAX_BATCH_SIZE_LIMIT = 1000;

export const DEFAULT_PROOFS_PARAMS: Params = {
  maxBatchSize: 100,
  timestampPastWindowMs: 600_000n,
  timestampFutureWindowMs: 30_000n,
  gasPerProof: 5_000n,
  maxPayloadBytes: 2048,
  outcomeHistoryPerDevice: 32,
};

export function validateProofsParams(params: Params | undefined): Params {
  if (!params) throw ErrInvalidParams.wrap("params are missing");
  if (params.maxBatchSize < 1 || params.maxBatchSize > MAX_BATCH_SIZE_LIMIT) throw ErrInvalidParams.wrap(`max_batch_size must be in 1..${MAX_BATCH_SIZE_LIMIT}`);
  if (params.maxPayloadBytes < 2 || params.maxPayloadBytes > 65536) throw ErrInvalidParams.wrap("max_payload_bytes must be in 2..65536");
  if (params.timestampPastWindowMs > 31_536_000_000n || params.timestampFutureWindowMs > 86_400_000n) throw ErrInvalidParams.wrap("timestamp windows too large");
  return params;
}
