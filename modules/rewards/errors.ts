/** The rewards module's error codes (codespace "rewards"). */
import { registerError } from "../app/errors";

export const REWARDS_CODESPACE = "rewards";

export const ErrInvalidParams = registerError(REWARDS_CODESPACE, 2, "invalid params");
export const ErrNotOwner = registerError(REWARDS_CODESPACE, 3, "signer does not own the device");
export const ErrDuplicateDevice = registerError(REWARDS_CODESPACE, 4, "device listed twice");
export const ErrDeviceNotFound = registerError(REWARDS_CODESPACE, 5, "device not found");
export const ErrWrongDenom = registerError(REWARDS_CODESPACE, 6, "denom is not the rewards denom");
export const ErrEpochNotFound = registerError(REWARDS_CODESPACE, 7, "epoch not found");
export const ErrTooManyDevices = registerError(REWARDS_CODESPACE, 8, "too many devices in one claim");
