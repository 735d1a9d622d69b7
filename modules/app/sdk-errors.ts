/**
 * The `sdk` codespace, with the Cosmos SDK's numbers (types/errors/errors.go) so that cosmjs users
 * and tools that switch on them see familiar codes.
 */
import { registerError } from "./errors";

export const SDK_CODESPACE = "sdk";

export const ErrTxDecode = registerError(SDK_CODESPACE, 2, "tx parse error");
export const ErrInvalidSequence = registerError(SDK_CODESPACE, 3, "invalid sequence");
export const ErrUnauthorized = registerError(SDK_CODESPACE, 4, "unauthorized");
export const ErrInsufficientFunds = registerError(SDK_CODESPACE, 5, "insufficient funds");
export const ErrUnknownRequest = registerError(SDK_CODESPACE, 6, "unknown request");
export const ErrInvalidAddress = registerError(SDK_CODESPACE, 7, "invalid address");
export const ErrInvalidPubKey = registerError(SDK_CODESPACE, 8, "invalid pubkey");
export const ErrUnknownAddress = registerError(SDK_CODESPACE, 9, "unknown address");
export const ErrInvalidCoins = registerError(SDK_CODESPACE, 10, "invalid coins");
export const ErrOutOfGas = registerError(SDK_CODESPACE, 11, "out of gas");
export const ErrMemoTooLarge = registerError(SDK_CODESPACE, 12, "memo too large");
export const ErrInsufficientFee = registerError(SDK_CODESPACE, 13, "insufficient fee");
export const ErrTooManySignatures = registerError(SDK_CODESPACE, 14, "maximum number of signatures exceeded");
export const ErrNoSignatures = registerError(SDK_CODESPACE, 15, "no signatures supplied");
export const ErrInvalidRequest = registerError(SDK_CODESPACE, 18, "invalid request");
export const ErrTxInMempoolCache = registerError(SDK_CODESPACE, 19, "tx already in mempool");
export const ErrMempoolIsFull = registerError(SDK_CODESPACE, 20, "mempool is full");
export const ErrTxTooLarge = registerError(SDK_CODESPACE, 21, "tx too large");
export const ErrKeyNotFound = registerError(SDK_CODESPACE, 22, "key not found");
export const ErrInvalidSigner = registerError(SDK_CODESPACE, 24, "tx intended signer does not match the given signer");
export const ErrInvalidHeight = registerError(SDK_CODESPACE, 26, "invalid height");
export const ErrInvalidChainID = registerError(SDK_CODESPACE, 28, "invalid chain-id");
export const ErrTxTimeoutHeight = registerError(SDK_CODESPACE, 30, "tx timeout height");
export const ErrUnknownExtensionOptions = registerError(SDK_CODESPACE, 31, "unknown extension options");
export const ErrWrongSequence = registerError(SDK_CODESPACE, 32, "incorrect account sequence");
export const ErrUnpackAny = registerError(SDK_CODESPACE, 34, "failed unpacking protobuf message from Any");
export const ErrLogic = registerError(SDK_CODESPACE, 35, "internal logic error");
export const ErrNotSupported = registerError(SDK_CODESPACE, 37, "feature not supported");
export const ErrNotFound = registerError(SDK_CODESPACE, 38, "not found");
export const ErrInvalidGasLimit = registerError(SDK_CODESPACE, 41, "invalid gas limit");
