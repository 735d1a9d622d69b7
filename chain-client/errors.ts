/**
 * Typed errors. A chain rejection carries codespace + code (compare with the constants in
 * codes.ts via `error.is(SdkErrors.WrongSequence)`), the chain's log, and where known the tx hash
 * and height. Nothing here asks callers to parse message text.
 */
import { lookupErrorCode, type ErrorCode } from "./codes";

/** Base class of every error this package throws on purpose. */
export class FieldnetError extends Error {
  override name = "FieldnetError";
}

/** Shared shape: an ABCI result's codespace / code / log. */
abstract class CodedError extends FieldnetError {
  constructor(
    readonly codespace: string,
    readonly code: number,
    readonly log: string,
    message: string,
  ) {
    super(message);
  }

  /** True when this error is `definition` (same codespace and code). */
  is(definition: ErrorCode): boolean {
    return this.codespace === definition.codespace && this.code === definition.code;
  }

  /** The mirrored definition (description), when the client knows this code. */
  get definition(): ErrorCode | undefined {
    return lookupErrorCode(this.codespace, this.code);
  }
}

export type TxPhase = "simulate" | "check" | "deliver";

/** A tx the chain refused: in simulation ("auto" fees), at CheckTx (mempool; nothing happened) or at delivery (in a block, fee paid, state unchanged). */
export class FieldnetTxError extends CodedError {
  override name = "FieldnetTxError";
  constructor(
    codespace: string,
    code: number,
    log: string,
    readonly phase: TxPhase,
    readonly txHash?: string,
    readonly height?: number,
  ) {
    super(codespace, code, log, describe(codespace, code, log, phase === "simulate" ? "tx would fail (simulation)" : phase === "check" ? "tx rejected by the mempool (CheckTx)" : `tx ${txHash ?? ""} failed in block ${height ?? "?"}`));
  }
}

/** A query the chain answered with an error (e.g. sdk/38 not found). */
export class FieldnetQueryError extends CodedError {
  override name = "FieldnetQueryError";
  constructor(
    codespace: string,
    code: number,
    log: string,
    readonly path: string,
  ) {
    super(codespace, code, log, describe(codespace, code, log, `query ${path} failed`));
  }
}

/** The tx was accepted by the mempool but not seen in a block within the timeout. It may still commit. */
export class FieldnetTimeoutError extends FieldnetError {
  override name = "FieldnetTimeoutError";
  constructor(
    readonly txHash: string,
    message: string,
  ) {
    super(message);
  }
}

/** A verified query's proof was missing, malformed or did not match the app hash ("NO_PROOF", "BAD_PROOF", "NO_HEADER"). */
export class FieldnetProofError extends FieldnetError {
  override name = "FieldnetProofError";
  constructor(
    message: string,
    readonly reason: "NO_PROOF" | "BAD_PROOF" | "NO_HEADER",
  ) {
    super(message);
  }
}

/** A value was refused locally before anything was sent (bad payload, bad key, bad argument). */
export class FieldnetValidationError extends FieldnetError {
  override name = "FieldnetValidationError";
  constructor(
    message: string,
    /** Machine code, e.g. "PAYLOAD_SCHEMA", "BAD_KEY". */
    readonly reason: string,
  ) {
    super(message);
  }
}

const HINTS: Record<string, string> = {
  "sdk/4": "check the chain-id, the account number and the sequence the message names",
  "sdk/5": "fund the account (devnet: use one of the printed dev accounts)",
  "sdk/11": "raise the gas limit or use \"auto\" fees",
  "sdk/13": "raise the fee: gas x min gas price (fieldnet.config.ts minGasPrice)",
  "sdk/20": "the mempool is full: retry after a block",
  "sdk/32": "another tx used this sequence: resync the sequence and retry",
};

function describe(codespace: string, code: number, log: string, what: string): string {
  const hint = HINTS[`${codespace}/${code}`];
  return `${what}: ${codespace}/${code}: ${log}${hint ? ` (${hint})` : ""}`;
}
