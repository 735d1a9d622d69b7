import { bytesToKeyString, compareBytes, concatBytes, equalBytes, inRange, keyStringToBytes, prefixEnd, toHex } from "./bytes";

const b = (...xs: number[]) => Uint8Array.from(xs);

describe("bytes", () => {
  it("compares unsigned lexicographically", () => {
    expect(compareBytes(b(0x01), b(0xff))).toBeLessThan(0);
    expect(compareBytes(b(0x80), b(0x7f))).toBeGreaterThan(0);
    expect(compareBytes(b(1, 2), b(1, 2, 0))).toBeLessThan(0);
    expect(compareBytes(b(), b())).toBe(0);
    expect(equalBytes(b(1, 2), b(1, 2))).toBe(true);
  });

  it("turns keys into strings that sort as the bytes do and convert back", () => {
    const whole = Uint8Array.from({ length: 256 }, (_, i) => (i * 151) & 0xff);
    for (const key of [b(), b(0), b(0xff, 0x00, 0x80), whole, whole.subarray(17, 60), Buffer.from(whole).subarray(3, 9)]) {
      expect(bytesToKeyString(key)).toBe(Buffer.from(key).toString("latin1"));
      expect(toHex(keyStringToBytes(bytesToKeyString(key)))).toBe(toHex(key));
    }
    expect(bytesToKeyString(b(0x7f)) < bytesToKeyString(b(0x80))).toBe(true);
  });

  it("concatenates", () => {
    expect(toHex(concatBytes(b(1), b(), b(2, 3)))).toBe("010203");
  });

  it("computes prefix ends", () => {
    expect(toHex(prefixEnd(b(1, 2))!)).toBe("0103");
    expect(toHex(prefixEnd(b(1, 0xff))!)).toBe("02");
    expect(prefixEnd(b(0xff, 0xff))).toBeUndefined();
    expect(prefixEnd(b())).toBeUndefined();
  });

  it("checks ranges", () => {
    expect(inRange(b(2), b(1), b(3))).toBe(true);
    expect(inRange(b(3), b(1), b(3))).toBe(false);
    expect(inRange(b(1), b(1), undefined)).toBe(true);
  });
});
