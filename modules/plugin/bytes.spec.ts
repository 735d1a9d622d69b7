import { i64be, u32be, u64be, writeU32BE, writeU64BE } from "./bytes";

/** The same bytes through DataView, the reference the writers replace. */
function viaDataView(size: 4 | 8, write: (view: DataView) => void): Uint8Array {
  const out = new Uint8Array(size);
  write(new DataView(out.buffer));
  return out;
}

describe("big-endian writers", () => {
  const u64s = [0n, 1n, 255n, 256n, 0xffffffffn, 0x100000000n, 0x0123456789abcdefn, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 1n];
  const i64s = [0n, 1n, -1n, -256n, -(1n << 32n), (1n << 63n) - 1n, -(1n << 63n)];
  const u32s = [0, 1, 0xff, 0x100, 0x12345678, 0x7fffffff, 0x80000000, 0xffffffff];

  it("writeU64BE equals DataView.setBigUint64 / setBigInt64", () => {
    for (const n of u64s) {
      const out = new Uint8Array(8);
      writeU64BE(out, 0, n);
      expect(out).toEqual(viaDataView(8, (v) => v.setBigUint64(0, n)));
      expect(u64be(n)).toEqual(out);
    }
    for (const n of i64s) {
      const out = new Uint8Array(8);
      writeU64BE(out, 0, n);
      expect(out).toEqual(viaDataView(8, (v) => v.setBigInt64(0, n)));
      expect(i64be(n)).toEqual(out);
    }
  });

  it("writeU32BE equals DataView.setUint32, at an offset, leaving the rest alone", () => {
    for (const n of u32s) {
      const out = new Uint8Array(6).fill(0xaa);
      writeU32BE(out, 1, n);
      const expected = viaDataView(4, (v) => v.setUint32(0, n));
      expect(out.subarray(1, 5)).toEqual(expected);
      expect([out[0], out[5]]).toEqual([0xaa, 0xaa]);
      expect(u32be(n)).toEqual(expected);
    }
  });

  it("u64be and i64be still refuse out-of-range values", () => {
    expect(() => u64be(-1n)).toThrow(RangeError);
    expect(() => u64be(1n << 64n)).toThrow(RangeError);
    expect(() => i64be(1n << 63n)).toThrow(RangeError);
  });
});
