/**
 * Usage payload validation: each plugin's optional `usageSchema`, compiled once per plugin with
 * the same ajv settings as the plugin's other schemas (strict, first error only), and the same
 * canonical-JSON rule as proof payloads (non-canonical bytes are rejected).
 */
import type { ValidateFunction } from "ajv";
import { CanonicalJsonError, parseCanonicalJson, type JsonValue } from "../plugin/canonical-json";
import { compileJsonSchema, formatSchemaError } from "../plugin/schemas";
import type { NetworkPlugin } from "../plugin/types";

export type UsageDecode = { ok: true; value: JsonValue } | { ok: false; code: "INVALID_JSON" | "SCHEMA"; message: string };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const compiled = new WeakMap<NetworkPlugin<any, any, any, any>, ValidateFunction | null>();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function validatorOf(plugin: NetworkPlugin<any, any, any, any>): ValidateFunction | null {
  let fn = compiled.get(plugin);
  if (fn === undefined) {
    const schema = plugin.usageSchema;
    if (!schema || schema["type"] !== "object") {
      fn = null;
    } else {
      fn = compileJsonSchema(schema as object);
    }
    compiled.set(plugin, fn);
  }
  return fn;
}

/** Decodes canonical JSON usage bytes and validates them (a plugin without usageSchema: SCHEMA error). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function decodeUsagePayload(plugin: NetworkPlugin<any, any, any, any>, bytes: Uint8Array): UsageDecode {
  let value: JsonValue;
  try {
    value = parseCanonicalJson(bytes, { requireCanonical: true });
  } catch (e) {
    return { ok: false, code: "INVALID_JSON", message: e instanceof CanonicalJsonError ? e.message.replace(/^\$/, "usage") : String(e) };
  }
  const fn = validatorOf(plugin);
  if (!fn) return { ok: false, code: "SCHEMA", message: `plugin ${plugin.type} declares no usageSchema` };
  if (fn(value)) return { ok: true, value };
  const err = fn.errors?.[0];
  return { ok: false, code: "SCHEMA", message: err ? formatSchemaError("usage", err) : "usage: invalid" };
}
