/**
 * The plugin API: everything a network plugin (and a device SDK) imports from Fieldnet.
 * Plugins import "modules/plugin" and nothing else of ours. See README.md.
 */
export * from "./types";
export * from "./results";
export * from "./canonical-json";
export * as intMath from "./int-math";
export { abs, min, max, clamp, median, mad, floorDiv, ceilDiv, mulDiv, parseIntString, toBigInt, IntMathError } from "./int-math";
export * from "./determinism";
export * from "./schemas";
export * from "./sign-bytes";
export * from "./usage-sign-bytes";
export * from "./device-keys";
export * from "./randomness";
export * from "./h3";
export * from "./store";
export * from "./sampling";
export { sha256, toHex, fromHex, utf8, compareBytes, concat, lengthPrefixed, u64be, i64be, u32be } from "./bytes";
