import { createHash } from "node:crypto";
import { canonicalJsonBytes } from "./canonical-json";
import { toHex } from "./bytes";
import { usageSignBytes, type UsageSignInput } from "./usage-sign-bytes";

// Test vector: device SDKs and wallets in other languages must reproduce these bytes exactly.
const INPUT: UsageSignInput = {
  chainId: "fieldnet-devnet-1",
  deviceId: "00".repeat(20),
  user: "depin1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqnrql8a",
  payer: "",
  sequence: 3n,
  periodStartMs: 1700000000000n,
  periodEndMs: 1700000900000n,
  maxCredits: 5000n,
  payload: canonicalJsonBytes({ deliveredWh: 1200 }),
};
const VECTOR_HEX =
  "000000116669656c646e65742f75736167652f7631" + // lp("fieldnet/usage/v1")
  "000000116669656c646e65742d6465766e65742d31" + // lp(chainId)
  "00000028" + "30".repeat(40) + // lp(deviceId)
  "0000002c646570696e3171717171717171717171717171717171717171717171717171717171717171716e72716c3861" + // lp(user)
  "00000000" + // lp(payer = "")
  "0000000000000003" + // u64 sequence
  "0000018bcfe56800" + // i64 period start ms
  "0000018bcff323a0" + // i64 period end ms
  "0000000000001388" + // u64 max credits
  "a526387fb9720ab71f87e076abf5f442caf8393a3a0075c0ff91489272945b4b"; // sha256(payload)

describe("usage receipt sign bytes", () => {
  it("match the documented layout and vector", () => {
    const bytes = usageSignBytes(INPUT);
    expect(toHex(bytes)).toBe(VECTOR_HEX);
    expect(toHex(bytes.subarray(bytes.length - 32))).toBe(createHash("sha256").update(INPUT.payload).digest("hex"));
  });

  it("every field changes the bytes; length prefixes keep fields apart", () => {
    const base = toHex(usageSignBytes(INPUT));
    const variants: UsageSignInput[] = [
      { ...INPUT, chainId: "fieldnet-devnet-2" },
      { ...INPUT, deviceId: "11".repeat(20) },
      { ...INPUT, user: "depin1other" },
      { ...INPUT, payer: "depin1payer" },
      { ...INPUT, sequence: 4n },
      { ...INPUT, periodStartMs: INPUT.periodStartMs + 1n },
      { ...INPUT, periodEndMs: INPUT.periodEndMs + 1n },
      { ...INPUT, maxCredits: 5001n },
      { ...INPUT, payload: canonicalJsonBytes({ deliveredWh: 1201 }) },
    ];
    const seen = new Set([base]);
    for (const v of variants) seen.add(toHex(usageSignBytes(v)));
    expect(seen.size).toBe(variants.length + 1);
    const a = usageSignBytes({ ...INPUT, user: "ab", payer: "c" });
    const b = usageSignBytes({ ...INPUT, user: "a", payer: "bc" });
    expect(toHex(a)).not.toBe(toHex(b));
  });

  it("differs from the proof domain and rejects out-of-range integers and empty ids", () => {
    expect(toHex(usageSignBytes(INPUT)).startsWith("000000116669656c646e65742f70726f6f66")).toBe(false);
    expect(() => usageSignBytes({ ...INPUT, sequence: -1n })).toThrow(RangeError);
    expect(() => usageSignBytes({ ...INPUT, maxCredits: 1n << 64n })).toThrow(RangeError);
    expect(() => usageSignBytes({ ...INPUT, periodEndMs: 1n << 63n })).toThrow(RangeError);
    expect(() => usageSignBytes({ ...INPUT, user: "" })).toThrow(RangeError);
    expect(() => usageSignBytes({ ...INPUT, chainId: "" })).toThrow(RangeError);
  });
});
