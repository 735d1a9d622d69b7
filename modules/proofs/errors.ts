/**
 * The proofs module's tx error codes (codespace "proofs"): a malformed MsgSubmitProofs fails the
 * whole tx with one of these. Per-proof verdicts are NOT errors: they are ProofOutcome reason codes
 * (see reasons.ts), so one bad proof never fails its batch.
 */
import { registerError } from "../app/errors";

export const PROOFS_CODESPACE = "proofs";

export const ErrEmptyBatch = registerError(PROOFS_CODESPACE, 2, "batch has no proofs");
export const ErrBatchTooLarge = registerError(PROOFS_CODESPACE, 3, "batch exceeds max_batch_size");
export const ErrMalformedProof = registerError(PROOFS_CODESPACE, 4, "malformed proof");
export const ErrInvalidParams = registerError(PROOFS_CODESPACE, 5, "invalid params");
export const ErrUnknownNetworkType = registerError(PROOFS_CODESPACE, 6, "unknown network type");
export const ErrPluginQuery = registerError(PROOFS_CODESPACE, 7, "plugin query failed");
