import { compilePluginSchemas, PluginSchemaError } from "./schemas";
import { canonicalJsonBytes } from "./canonical-json";
import { utf8 } from "./bytes";
import type { NetworkPlugin } from "./types";

const plugin: NetworkPlugin = {
  type: "test-net",
  version: "1.0.0",
  paramsSchema: { type: "object", properties: { min: { type: "integer" }, max: { type: "integer" } }, required: ["min", "max"], additionalProperties: false },
  metadataSchema: { type: "object", properties: { ratedPowerW: { type: "integer", minimum: 1 }, tags: { type: "array", items: { type: "string" } } }, required: ["ratedPowerW"], additionalProperties: false },
  payloadSchema: { type: "object", properties: { v: { type: "integer" } }, required: ["v"] },
  checkParams: (p) => ((p as { min: number; max: number }).min > (p as { min: number; max: number }).max ? "min must be <= max" : undefined),
  verify: () => ({ accepted: true, units: 0n }),
};

describe("plugin schemas", () => {
  const s = compilePluginSchemas(plugin);
  it("gives field-level messages", () => {
    expect(s.validate("metadata", { ratedPowerW: 1.5 })).toEqual({ ok: false, code: "SCHEMA", message: "metadata.ratedPowerW: must be integer" });
    expect(s.validate("metadata", {})).toMatchObject({ message: "metadata.ratedPowerW: is required" });
    expect(s.validate("metadata", { ratedPowerW: 1, x: 1 })).toMatchObject({ message: "metadata: unknown property 'x'" });
    expect(s.validate("metadata", { ratedPowerW: 1, tags: ["a", 2] })).toMatchObject({ message: "metadata.tags[1]: must be string" });
    expect(s.validate("metadata", { ratedPowerW: 5 })).toEqual({ ok: true, value: { ratedPowerW: 5 } });
  });
  it("runs checkParams after the schema", () => {
    expect(s.validate("params", { min: 2, max: 1 })).toMatchObject({ ok: false, message: "params: min must be <= max" });
    expect(s.validate("params", { min: 1, max: 2 }).ok).toBe(true);
  });
  it("decodes canonical bytes, refusing non-canonical payloads", () => {
    expect(s.decode("payload", canonicalJsonBytes({ v: 3 }))).toEqual({ ok: true, value: { v: 3 } });
    expect(s.decode("payload", utf8('{ "v": 3 }'))).toMatchObject({ ok: false, code: "INVALID_JSON" });
    expect(s.decode("payload", utf8('{ "v": 3 }'), { requireCanonical: false }).ok).toBe(true);
    expect(s.decode("payload", utf8('{"v":3.5}'))).toMatchObject({ ok: false, code: "INVALID_JSON", message: expect.stringMatching(/^payload/) });
  });
  it("rejects bad schemas at compile time", () => {
    expect(() => compilePluginSchemas({ ...plugin, payloadSchema: { type: "array" } })).toThrow(PluginSchemaError);
    expect(() => compilePluginSchemas({ ...plugin, payloadSchema: { type: "object", properties: { a: { type: "integer", frobnicate: 1 } } } })).toThrow(PluginSchemaError);
  });
  it("checks every schema against the meta-schema, also after the first plugin (one shared checker)", () => {
    compilePluginSchemas(plugin);
    const bad = { ...plugin, metadataSchema: { type: "object", properties: { a: { type: "integr" } } } };
    expect(() => compilePluginSchemas(bad)).toThrow(/metadataSchema does not compile: schema is invalid: .*type/);
    expect(() => compilePluginSchemas({ ...plugin, paramsSchema: { type: "object", required: "min" } })).toThrow(/paramsSchema does not compile: schema is invalid/);
  });
  it("compiles each plugin on its own instance, so two plugins may use the same $id", () => {
    const withId = { ...plugin, payloadSchema: { $id: "https://plugins.example/payload.json", type: "object", properties: { v: { type: "integer" } } } };
    expect(() => [compilePluginSchemas(withId), compilePluginSchemas({ ...withId, payloadSchema: { ...withId.payloadSchema } })]).not.toThrow();
  });
});
