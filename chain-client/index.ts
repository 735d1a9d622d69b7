/** @fieldnet/chain-client: the typed TypeScript SDK for Fieldnet chains. See README.md. */
export { FieldnetClient } from "./client";
export { SigningFieldnetClient, DEFAULT_GAS_PRICE, DEFAULT_BROADCAST_POLL_INTERVAL_MS, toTypedError, decodeFirst, decodeAll, type SigningFieldnetClientOptions, type Fee, type TxResult, type RegisterDeviceArgs } from "./signing-client";
export { fieldnetRegistry, fieldnetTypes, TypeUrls } from "./registry";
export { msgs } from "./messages";
export * from "./errors";
export * from "./codes";
export { paginate, collect, pageRequest, type PageOptions } from "./pagination";
export * from "./query";
export * from "./device";
