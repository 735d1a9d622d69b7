/**
 * H3 containment as integer range math. An H3 index stores its resolution in bits 52..55 and one
 * 3-bit digit per resolution 1..15 below the base cell, unused digits set to 7. Widening every cell
 * to "resolution 15" (rewrite the resolution field, keep the 7s) makes the descendants of a cell P
 * at resolution r exactly the keys whose digits 1..r equal P's: one contiguous integer range,
 * whatever the devices' own resolution. So one indexed column answers "devices inside P" for any r.
 */
import { getResolution, isValidCell } from "h3-js";

const RES_SHIFT = 52n;
const RES_MASK = 0xfn << RES_SHIFT;

export class CellError extends Error {
  override readonly name = "CellError";
}

function parse(cell: string): bigint {
  if (!/^[0-9a-f]{15,16}$/.test(cell) || !isValidCell(cell)) throw new CellError(`not an H3 cell: ${cell}`);
  return BigInt(`0x${cell}`);
}

/** The column value for a device located at `cell` (any resolution). */
export function cellKey(cell: string): bigint {
  return (parse(cell) & ~RES_MASK) | (15n << RES_SHIFT);
}

/** Inclusive key range of every cell inside `cell`. */
export function cellRange(cell: string): { readonly low: bigint; readonly high: bigint } {
  const res = BigInt(getResolution(cell));
  const key = cellKey(cell);
  // Digits res+1..15 occupy the low 3*(15-res) bits; the parent's are all 7 (ones).
  const freeBits = 3n * (15n - res);
  const freeMask = (1n << freeBits) - 1n;
  return { low: key & ~freeMask, high: key | freeMask };
}

export function isCell(cell: string): boolean {
  return /^[0-9a-f]{15,16}$/.test(cell) && isValidCell(cell);
}
