/**
 * The payments module's tx error codes (codespace "payments"). A malformed MsgSubmitUsage fails the
 * whole tx with one of these; per-receipt verdicts are NOT errors but ReceiptOutcome reason codes
 * (reasons.ts), so one bad receipt never fails its batch.
 */
import { registerError } from "../app/errors";

export const PAYMENTS_CODESPACE = "payments";

export const ErrInvalidParams = registerError(PAYMENTS_CODESPACE, 2, "invalid params");
export const ErrWrongDenom = registerError(PAYMENTS_CODESPACE, 3, "denom is not the credits denom");
export const ErrInvalidAmount = registerError(PAYMENTS_CODESPACE, 4, "invalid amount");
export const ErrNoPriceFeed = registerError(PAYMENTS_CODESPACE, 5, "no price feed posted");
export const ErrPriceStale = registerError(PAYMENTS_CODESPACE, 6, "price feed is stale");
export const ErrPurchaseTooSmall = registerError(PAYMENTS_CODESPACE, 7, "amount buys zero credits");
export const ErrBelowMinCredits = registerError(PAYMENTS_CODESPACE, 8, "fewer credits than min_credits");
export const ErrInvalidDelegation = registerError(PAYMENTS_CODESPACE, 9, "invalid delegation");
export const ErrDelegationNotFound = registerError(PAYMENTS_CODESPACE, 10, "delegation not found");
export const ErrEmptyBatch = registerError(PAYMENTS_CODESPACE, 11, "batch has no receipts");
export const ErrBatchTooLarge = registerError(PAYMENTS_CODESPACE, 12, "batch exceeds max_receipts_per_msg");
export const ErrMalformedReceipt = registerError(PAYMENTS_CODESPACE, 13, "malformed receipt");
export const ErrInvalidPriceFeed = registerError(PAYMENTS_CODESPACE, 14, "invalid price feed");
export const ErrEpochNotFound = registerError(PAYMENTS_CODESPACE, 15, "epoch not found");
