/**
 * H3 cell helpers for consensus code.
 *
 * Cell indexes travel as the canonical H3 string: lowercase hex of the 64-bit index, no "0x", no
 * zero padding (h3geo.org: "H3 Index Representations"). Bit layout of a cell (mode 1), high to low:
 *   1 reserved (0) | 4 mode (1) | 3 reserved (0) | 4 resolution | 7 base cell (0..121) |
 *   15 x 3-bit digits for resolutions 1..15 (0..6 up to the resolution, 7 after it).
 * The 12 pentagon base cells have no sub-sequence starting with digit 1 (the deleted K axis): the
 * first non-zero digit of a pentagon descendant must not be 1.
 *
 * Parsing, validation and cellToParent are implemented here with bigint bit operations. Grid
 * neighbourhoods (gridDisk) come from the h3-js package (the H3 C library compiled to plain JS; its
 * grid traversal is integer IJK arithmetic, no floating point) and are wrapped so that inputs are
 * validated and outputs are sorted: the result is a set, never an order to depend on.
 * Lat/lng conversion (floating point) is deliberately not exported here: do it off chain.
 */
import { gridDisk as h3GridDisk, gridDistance as h3GridDistance } from "h3-js";

export const H3_MAX_RESOLUTION = 15;
export const H3_NUM_BASE_CELLS = 122;
export const H3_PENTAGON_BASE_CELLS: readonly number[] = [4, 14, 24, 38, 49, 58, 63, 72, 83, 97, 107, 117];
/** Largest k accepted by gridDisk (3k(k+1)+1 cells: k = 10 -> 331 cells); bounds plugin work. */
export const H3_MAX_GRID_DISK_K = 10;

const MODE_SHIFT = 59n;
const RES_SHIFT = 52n;
const BASE_SHIFT = 45n;
const CELL_MODE = 1n;

export class H3Error extends Error {
  override readonly name = "H3Error";
}

export interface H3CellParts {
  readonly index: bigint;
  readonly resolution: number;
  readonly baseCell: number;
  /** digits for resolutions 1..resolution (each 0..6) */
  readonly digits: readonly number[];
  readonly isPentagon: boolean;
}

function digitShift(res: number): bigint {
  return BigInt((H3_MAX_RESOLUTION - res) * 3);
}

/** Parse the canonical string (or accept a bigint) into a 64-bit index; does not validate the cell. */
export function h3IndexFromString(s: string): bigint {
  if (!/^[1-9a-f][0-9a-f]{0,15}$/.test(s)) throw new H3Error(`not a canonical H3 string: ${JSON.stringify(s)}`);
  return BigInt("0x" + s);
}

export function h3IndexToString(index: bigint): string {
  if (index < 0n || index >= 1n << 64n) throw new H3Error("H3 index out of 64-bit range");
  return index.toString(16);
}

function explain(index: bigint): H3CellParts | string {
  if (index < 0n || index >= 1n << 64n) return "out of 64-bit range";
  if (index >> 63n !== 0n) return "high bit set";
  if (((index >> MODE_SHIFT) & 0xfn) !== CELL_MODE) return "not a cell (mode != 1)";
  if (((index >> 56n) & 0x7n) !== 0n) return "reserved bits set";
  const resolution = Number((index >> RES_SHIFT) & 0xfn);
  const baseCell = Number((index >> BASE_SHIFT) & 0x7fn);
  if (baseCell >= H3_NUM_BASE_CELLS) return `base cell ${baseCell} > 121`;
  const digits: number[] = [];
  for (let r = 1; r <= H3_MAX_RESOLUTION; r++) {
    const d = Number((index >> digitShift(r)) & 0x7n);
    if (r <= resolution) {
      if (d > 6) return `digit ${r} is ${d} (> 6) within resolution ${resolution}`;
      digits.push(d);
    } else if (d !== 7) {
      return `digit ${r} is ${d}, must be 7 past resolution ${resolution}`;
    }
  }
  const isPentagon = H3_PENTAGON_BASE_CELLS.includes(baseCell);
  if (isPentagon) {
    const firstNonZero = digits.find((d) => d !== 0);
    if (firstNonZero === 1) return "pentagon cell in the deleted K-axis sub-sequence";
  }
  return { index, resolution, baseCell, digits, isPentagon };
}

function toIndex(cell: string | bigint): bigint {
  return typeof cell === "bigint" ? cell : h3IndexFromString(cell);
}

/** Parse and validate; throws H3Error with the reason. */
export function parseH3Cell(cell: string | bigint): H3CellParts {
  const r = explain(toIndex(cell));
  if (typeof r === "string") throw new H3Error(`invalid H3 cell ${typeof cell === "string" ? cell : h3IndexToString(cell)}: ${r}`);
  return r;
}

/** True for a valid H3 cell index (string form must be canonical lowercase hex). */
export function isValidH3Cell(cell: string | bigint): boolean {
  try {
    return typeof explain(toIndex(cell)) !== "string";
  } catch {
    return false;
  }
}

export function getH3Resolution(cell: string | bigint): number {
  return parseH3Cell(cell).resolution;
}

/** The ancestor of `cell` at `resolution` (<= the cell's own), in canonical string form. */
export function cellToParent(cell: string | bigint, resolution: number): string {
  const parts = parseH3Cell(cell);
  if (!Number.isInteger(resolution) || resolution < 0 || resolution > parts.resolution) {
    throw new H3Error(`parent resolution ${resolution} must be 0..${parts.resolution}`);
  }
  let index = parts.index & ~(0xfn << RES_SHIFT);
  index |= BigInt(resolution) << RES_SHIFT;
  for (let r = resolution + 1; r <= H3_MAX_RESOLUTION; r++) index |= 0x7n << digitShift(r);
  return h3IndexToString(index);
}

/** True when `cell` equals `ancestor` or lies inside it. */
export function isCellInside(cell: string | bigint, ancestor: string | bigint): boolean {
  const a = parseH3Cell(ancestor);
  const c = parseH3Cell(cell);
  return c.resolution >= a.resolution && cellToParent(c.index, a.resolution) === h3IndexToString(a.index);
}

/**
 * All cells within grid distance k of `cell` (including itself), sorted ascending by index,
 * as canonical strings. Handles pentagons (fewer cells).
 */
export function gridDisk(cell: string | bigint, k: number): string[] {
  const parts = parseH3Cell(cell);
  if (!Number.isInteger(k) || k < 0 || k > H3_MAX_GRID_DISK_K) throw new H3Error(`gridDisk k must be 0..${H3_MAX_GRID_DISK_K}`);
  const out = h3GridDisk(h3IndexToString(parts.index), k)
    .filter((c) => c !== "0" && c !== "")
    .map((c) => h3IndexFromString(c));
  out.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return out.map(h3IndexToString);
}

/**
 * Grid distance (number of cell steps) between two cells of the same resolution, or undefined when
 * H3 cannot compute it (cells far apart across icosahedron faces or pentagon distortion; callers
 * treat that as "too far"). H3 computes it in local IJK integer coordinates: no floating point.
 */
export function gridDistance(a: string | bigint, b: string | bigint): number | undefined {
  const pa = parseH3Cell(a);
  const pb = parseH3Cell(b);
  if (pa.resolution !== pb.resolution) throw new H3Error(`gridDistance needs one resolution, got ${pa.resolution} and ${pb.resolution}`);
  try {
    const d = h3GridDistance(h3IndexToString(pa.index), h3IndexToString(pb.index));
    return Number.isSafeInteger(d) && d >= 0 ? d : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Average distance in metres between the centres of neighbouring cells per resolution (H3's
 * average hexagon edge length x sqrt(3), rounded): turns a grid distance into an approximate
 * distance with integers only. Real cells vary in size by latitude; plugins add margins.
 */
export const H3_AVG_CELL_SPACING_M: readonly number[] = [2219201, 836679, 316122, 119476, 45158, 17068, 6451, 2436, 920, 348, 131, 50, 19, 7, 3, 1];
