/**
 * A mirror of the chain's registered error codes (codespace + code), so callers compare codes and
 * never parse messages. Numbers are API on the chain side (modules/<module>/errors.ts and
 * modules/app/sdk-errors.ts); `codes.spec.ts` checks this mirror against them.
 */

export interface ErrorCode {
  readonly codespace: string;
  readonly code: number;
  readonly description: string;
}

function code(codespace: string, n: number, description: string): ErrorCode {
  return Object.freeze({ codespace, code: n, description });
}

/** The `sdk` codespace (Cosmos SDK numbers). */
export const SdkErrors = {
  TxDecode: code("sdk", 2, "tx parse error"),
  InvalidSequence: code("sdk", 3, "invalid sequence"),
  Unauthorized: code("sdk", 4, "unauthorized"),
  InsufficientFunds: code("sdk", 5, "insufficient funds"),
  UnknownRequest: code("sdk", 6, "unknown request"),
  InvalidAddress: code("sdk", 7, "invalid address"),
  InvalidPubKey: code("sdk", 8, "invalid pubkey"),
  UnknownAddress: code("sdk", 9, "unknown address"),
  InvalidCoins: code("sdk", 10, "invalid coins"),
  OutOfGas: code("sdk", 11, "out of gas"),
  MemoTooLarge: code("sdk", 12, "memo too large"),
  InsufficientFee: code("sdk", 13, "insufficient fee"),
  TooManySignatures: code("sdk", 14, "maximum number of signatures exceeded"),
  NoSignatures: code("sdk", 15, "no signatures supplied"),
  InvalidRequest: code("sdk", 18, "invalid request"),
  TxInMempoolCache: code("sdk", 19, "tx already in mempool"),
  MempoolIsFull: code("sdk", 20, "mempool is full"),
  TxTooLarge: code("sdk", 21, "tx too large"),
  KeyNotFound: code("sdk", 22, "key not found"),
  InvalidSigner: code("sdk", 24, "tx intended signer does not match the given signer"),
  InvalidHeight: code("sdk", 26, "invalid height"),
  InvalidChainID: code("sdk", 28, "invalid chain-id"),
  TxTimeoutHeight: code("sdk", 30, "tx timeout height"),
  UnknownExtensionOptions: code("sdk", 31, "unknown extension options"),
  WrongSequence: code("sdk", 32, "incorrect account sequence"),
  UnpackAny: code("sdk", 34, "failed unpacking protobuf message from Any"),
  Logic: code("sdk", 35, "internal logic error"),
  NotSupported: code("sdk", 37, "feature not supported"),
  NotFound: code("sdk", 38, "not found"),
  InvalidGasLimit: code("sdk", 41, "invalid gas limit"),
} as const;

/** The `registry` codespace (modules/registry/errors.ts). */
export const RegistryErrors = {
  UnauthorizedAuthority: code("registry", 2, "signer is not the authority"),
  InvalidParams: code("registry", 3, "invalid params"),
  UnknownPlugin: code("registry", 4, "no such plugin in this app"),
  PluginVersionMismatch: code("registry", 5, "plugin version differs from the app's plugin"),
  InvalidPluginParams: code("registry", 6, "plugin params are invalid"),
  NetworkTypeNotFound: code("registry", 7, "network type not found"),
  NetworkTypeDisabled: code("registry", 8, "network type is disabled"),
  InvalidNetworkTypeName: code("registry", 9, "invalid network type name"),
  InvalidPubKey: code("registry", 10, "invalid device public key"),
  MissingDeviceSignature: code("registry", 11, "device signature is missing"),
  BadDeviceSignature: code("registry", 12, "device signature does not verify"),
  DeviceExists: code("registry", 13, "device already registered"),
  DeviceNotFound: code("registry", 14, "device not found"),
  NotOwner: code("registry", 15, "signer does not own the device"),
  InvalidMetadata: code("registry", 16, "invalid device metadata"),
  InvalidLocation: code("registry", 17, "invalid location"),
  DeviceInactive: code("registry", 18, "device is inactive"),
  PluginVeto: code("registry", 19, "plugin refused the device"),
  StaleNonce: code("registry", 20, "device nonce must be greater than the last one used"),
  LocationCooldown: code("registry", 21, "location changed too recently"),
  InvalidRequest: code("registry", 22, "invalid request"),
} as const;

/** The `proofs` codespace (modules/proofs/errors.ts). Per-proof verdicts are NOT errors: see ProofReasons. */
export const ProofsErrors = {
  EmptyBatch: code("proofs", 2, "batch has no proofs"),
  BatchTooLarge: code("proofs", 3, "batch exceeds max_batch_size"),
  MalformedProof: code("proofs", 4, "malformed proof"),
  InvalidParams: code("proofs", 5, "invalid params"),
  UnknownNetworkType: code("proofs", 6, "unknown network type"),
  PluginQuery: code("proofs", 7, "plugin query failed"),
} as const;

/** The `rewards` codespace (modules/rewards/errors.ts). */
export const RewardsErrors = {
  InvalidParams: code("rewards", 2, "invalid params"),
  NotOwner: code("rewards", 3, "signer does not own the device"),
  DuplicateDevice: code("rewards", 4, "device listed twice"),
  DeviceNotFound: code("rewards", 5, "device not found"),
  WrongDenom: code("rewards", 6, "denom is not the rewards denom"),
  EpochNotFound: code("rewards", 7, "epoch not found"),
  TooManyDevices: code("rewards", 8, "too many devices in one claim"),
} as const;

/** The `payments` codespace (modules/payments/errors.ts). Per-receipt verdicts are NOT errors: see ReceiptReasons. */
export const PaymentsErrors = {
  InvalidParams: code("payments", 2, "invalid params"),
  WrongDenom: code("payments", 3, "denom is not the credits denom"),
  InvalidAmount: code("payments", 4, "invalid amount"),
  NoPriceFeed: code("payments", 5, "no price feed posted"),
  PriceStale: code("payments", 6, "price feed is stale"),
  PurchaseTooSmall: code("payments", 7, "amount buys zero credits"),
  BelowMinCredits: code("payments", 8, "fewer credits than min_credits"),
  InvalidDelegation: code("payments", 9, "invalid delegation"),
  DelegationNotFound: code("payments", 10, "delegation not found"),
  EmptyBatch: code("payments", 11, "batch has no receipts"),
  BatchTooLarge: code("payments", 12, "batch exceeds max_receipts_per_msg"),
  MalformedReceipt: code("payments", 13, "malformed receipt"),
  InvalidPriceFeed: code("payments", 14, "invalid price feed"),
  EpochNotFound: code("payments", 15, "epoch not found"),
} as const;

/** Module-level ReceiptOutcome reason codes (modules/payments/reasons.ts); plugins add e.g. EXCEEDS_CAPACITY. */
export const ReceiptReasons = {
  DEVICE_NOT_FOUND: "DEVICE_NOT_FOUND",
  DEVICE_INACTIVE: "DEVICE_INACTIVE",
  NETWORK_TYPE_DISABLED: "NETWORK_TYPE_DISABLED",
  USAGE_NOT_SUPPORTED: "USAGE_NOT_SUPPORTED",
  USAGE_NOT_PRICED: "USAGE_NOT_PRICED",
  USER_SIGNATURE_MISSING: "USER_SIGNATURE_MISSING",
  USER_KEY_MISMATCH: "USER_KEY_MISMATCH",
  BAD_DEVICE_SIGNATURE: "BAD_DEVICE_SIGNATURE",
  BAD_USER_SIGNATURE: "BAD_USER_SIGNATURE",
  RECEIPT_REPLAYED: "RECEIPT_REPLAYED",
  PERIOD_OUT_OF_WINDOW: "PERIOD_OUT_OF_WINDOW",
  PAYLOAD_INVALID_JSON: "PAYLOAD_INVALID_JSON",
  PAYLOAD_SCHEMA: "PAYLOAD_SCHEMA",
  PLUGIN_ERROR: "PLUGIN_ERROR",
  PRICE_ABOVE_MAX: "PRICE_ABOVE_MAX",
  DELEGATION_NOT_FOUND: "DELEGATION_NOT_FOUND",
  DELEGATION_EXPIRED: "DELEGATION_EXPIRED",
  DELEGATION_EXCEEDED: "DELEGATION_EXCEEDED",
  INSUFFICIENT_CREDITS: "INSUFFICIENT_CREDITS",
} as const;
export type ReceiptReason = (typeof ReceiptReasons)[keyof typeof ReceiptReasons];

/**
 * Module-level ProofOutcome reason codes (proto/depin/proofs/v1/types.proto). Plugins add their own
 * (plugins/<type>/README.md), e.g. energy-meter's BASELINE or INTERVAL_TOO_SHORT.
 */
export const ProofReasons = {
  DEVICE_NOT_FOUND: "DEVICE_NOT_FOUND",
  DEVICE_INACTIVE: "DEVICE_INACTIVE",
  NETWORK_TYPE_DISABLED: "NETWORK_TYPE_DISABLED",
  BAD_SIGNATURE: "BAD_SIGNATURE",
  SEQUENCE_NOT_INCREASING: "SEQUENCE_NOT_INCREASING",
  WRONG_NETWORK_TYPE: "WRONG_NETWORK_TYPE",
  TIMESTAMP_OUT_OF_WINDOW: "TIMESTAMP_OUT_OF_WINDOW",
  TIMESTAMP_BACKWARDS: "TIMESTAMP_BACKWARDS",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  PAYLOAD_INVALID_JSON: "PAYLOAD_INVALID_JSON",
  PAYLOAD_SCHEMA: "PAYLOAD_SCHEMA",
  PLUGIN_ERROR: "PLUGIN_ERROR",
} as const;
export type ProofReason = (typeof ProofReasons)[keyof typeof ProofReasons];

export const ALL_ERROR_CODES: readonly ErrorCode[] = [SdkErrors, RegistryErrors, ProofsErrors, RewardsErrors, PaymentsErrors].flatMap((group) => Object.values(group));

/** The mirrored definition for a (codespace, code) pair, if this client knows it. */
export function lookupErrorCode(codespace: string, code: number): ErrorCode | undefined {
  return ALL_ERROR_CODES.find((c) => c.codespace === codespace && c.code === code);
}
