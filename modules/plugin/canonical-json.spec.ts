import { CanonicalJsonError, canonicalJsonString, canonicalizeJson, isCanonicalJson, parseCanonicalJson } from "./canonical-json";
import { utf8 } from "./bytes";

describe("canonical JSON", () => {
  it("sorts keys recursively and has no whitespace", () => {
    expect(canonicalJsonString({ b: 1, a: { d: [3, { z: null, y: true }], c: "x" } })).toBe('{"a":{"c":"x","d":[3,{"y":true,"z":null}]},"b":1}');
  });
  it("rejects floats, unsafe integers, undefined, bigint", () => {
    expect(() => canonicalJsonString({ a: 1.5 })).toThrow(CanonicalJsonError);
    expect(() => canonicalJsonString({ a: 2 ** 53 })).toThrow(CanonicalJsonError);
    expect(() => canonicalJsonString({ a: undefined })).toThrow(CanonicalJsonError);
    expect(() => canonicalJsonString({ a: 1n })).toThrow(CanonicalJsonError);
    expect(() => canonicalJsonString(NaN)).toThrow(CanonicalJsonError);
    expect(canonicalJsonString(-0)).toBe("0");
  });
  it("says where in the value the offending number or type is", () => {
    expect(() => canonicalJsonString({ a: [1, { b: 1.5 }] })).toThrow("$.a[1].b: only safe integers");
    expect(() => canonicalJsonString([{ x: undefined }])).toThrow("$[0].x: undefined is not a JSON value");
    expect(() => parseCanonicalJson('{"r":[0,{"t":1e300}]}')).toThrow("$.r[1].t: only safe integers allowed");
  });

  it("parses canonical bytes and refuses non-canonical ones", () => {
    expect(parseCanonicalJson(utf8('{"a":1,"b":[2]}'))).toEqual({ a: 1, b: [2] });
    for (const bad of ['{"b":1,"a":2}', '{"a": 1}', '{"a":1e3}', '{"a":1,"a":2}', '{"a":1.0}', '"\\u0041"']) {
      expect(isCanonicalJson(utf8(bad))).toBe(false);
    }
    expect(() => parseCanonicalJson(Uint8Array.of(0xff))).toThrow(/UTF-8/);
    expect(() => parseCanonicalJson(utf8("{"))).toThrow(/invalid JSON/);
  });
  it("canonicalizes valid integer JSON", () => {
    expect(Buffer.from(canonicalizeJson('{ "b": 1000, "a": "x" }')).toString()).toBe('{"a":"x","b":1000}');
    expect(() => canonicalizeJson('{"a":0.5}')).toThrow(CanonicalJsonError);
  });
});
