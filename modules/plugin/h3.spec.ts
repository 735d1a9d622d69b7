import * as h3 from "h3-js";
import { H3Error, H3_AVG_CELL_SPACING_M, cellToParent, getH3Resolution, gridDisk, gridDistance, isCellInside, isValidH3Cell, parseH3Cell, h3IndexToString } from "./h3";

// Cells computed off chain with h3-js latLngToCell (floats are fine outside consensus).
const SF_RES12 = h3.latLngToCell(37.7749, -122.4194, 12);
const BERLIN_RES9 = h3.latLngToCell(52.52, 13.405, 9);

describe("H3 helpers", () => {
  it("parses the bit layout", () => {
    const p = parseH3Cell(SF_RES12);
    expect(p.resolution).toBe(12);
    expect(p.baseCell).toBe(h3.getBaseCellNumber(SF_RES12));
    expect(p.digits).toHaveLength(12);
    expect(getH3Resolution(BERLIN_RES9)).toBe(9);
    expect(parseH3Cell("8f2830828052d25").resolution).toBe(15);
  });

  it("agrees with h3-js isValidCell on real, mutated and pentagon indexes", () => {
    const samples: string[] = [SF_RES12, BERLIN_RES9, ...h3.getRes0Cells(), ...h3.getPentagons(5), ...h3.getPentagons(11)];
    // mutate bits of valid cells: every single-bit flip of two cells
    const bases = [BigInt("0x" + SF_RES12), BigInt("0x" + h3.getPentagons(3)[0]!)];
    for (const base of bases) for (let bit = 0n; bit < 64n; bit++) samples.push(h3IndexToString(base ^ (1n << bit)));
    // pentagon children, including the deleted K-axis sub-sequence (digit 1)
    for (const pent of h3.getPentagons(2)) {
      const idx = BigInt("0x" + pent);
      for (let d = 0n; d < 8n; d++) {
        const child = (idx & ~(0xfn << 52n) & ~(0x7n << 36n)) | (3n << 52n) | (d << 36n);
        samples.push(h3IndexToString(child));
      }
    }
    let invalid = 0;
    for (const s of samples) {
      const expected = h3.isValidCell(s);
      if (!expected) invalid++;
      expect([s, isValidH3Cell(s)]).toEqual([s, expected]);
    }
    expect(invalid).toBeGreaterThan(50);
  });

  it("rejects non-canonical strings", () => {
    expect(isValidH3Cell(SF_RES12.toUpperCase())).toBe(false);
    expect(isValidH3Cell("0x" + SF_RES12)).toBe(false);
    expect(isValidH3Cell("0" + SF_RES12)).toBe(false);
    expect(isValidH3Cell("")).toBe(false);
    expect(() => parseH3Cell("zz")).toThrow(H3Error);
  });

  it("cellToParent matches h3-js at every resolution", () => {
    for (let r = 0; r <= 12; r++) expect(cellToParent(SF_RES12, r)).toBe(h3.cellToParent(SF_RES12, r));
    expect(() => cellToParent(BERLIN_RES9, 10)).toThrow(H3Error);
    expect(isCellInside(SF_RES12, h3.cellToParent(SF_RES12, 5))).toBe(true);
    expect(isCellInside(SF_RES12, BERLIN_RES9)).toBe(false);
  });

  it("gridDisk returns sorted sets, smaller around pentagons", () => {
    const disk = gridDisk(BERLIN_RES9, 1);
    expect(disk).toHaveLength(7);
    expect([...disk].sort()).toEqual(disk.map((x) => x).sort());
    expect(new Set(disk)).toEqual(new Set(h3.gridDisk(BERLIN_RES9, 1)));
    expect(gridDisk(BERLIN_RES9, 2)).toHaveLength(19);
    expect(gridDisk(h3.getPentagons(4)[0]!, 1)).toHaveLength(6);
    expect(() => gridDisk(BERLIN_RES9, 11)).toThrow(H3Error);
  });
});

describe("gridDistance", () => {
  it("counts grid steps, is symmetric, undefined when H3 cannot compute it, and needs one resolution", () => {
    const a = h3.latLngToCell(52.52, 13.405, 10);
    const b = h3.latLngToCell(52.53, 13.405, 10);
    expect(gridDistance(a, a)).toBe(0);
    expect(gridDistance(a, b)).toBe(h3.gridDistance(a, b));
    expect(gridDistance(b, a)).toBe(gridDistance(a, b));
    for (const c of gridDisk(a, 2)) expect(gridDistance(a, c)).toBeLessThanOrEqual(2);
    // Opposite sides of the globe: H3 has no local coordinates spanning them.
    expect(gridDistance(h3.latLngToCell(52.52, 13.405, 5), h3.latLngToCell(-33.86, 151.2, 5))).toBeUndefined();
    expect(() => gridDistance(a, cellToParent(b, 9))).toThrow(H3Error);
    expect(H3_AVG_CELL_SPACING_M).toHaveLength(16);
  });
});
