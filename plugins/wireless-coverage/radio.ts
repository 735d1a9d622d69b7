/**
 * Radio physics in integers: distances from H3 grid distance, free-space path loss in centi-dB
 * from a fixed-point log2. Everything here is bigint or safe-integer arithmetic, so every
 * validator computes the same limit bit for bit (floats could differ across JS engines' libm).
 */
import { H3_AVG_CELL_SPACING_M } from "../../modules/plugin";

/** Fractional bits of log2Q32. */
const FRAC_BITS = 32n;
/** Mantissa precision while squaring (bits). */
const MANT_BITS = 62n;
/** round(log10(2) * 2^32). */
const LOG10_2_Q32 = 1292913986n;
/** 20*log10(4*pi/c) with c in m/s, in centi-dB (-147.55 dB): FSPL(d m, f Hz) = 20log10 d + 20log10 f + this. */
export const FSPL_CONSTANT_CDB = -14755n;

/** floor(log2(x) * 2^32) for x >= 1, by repeated squaring of the mantissa (one bit per step). */
export function log2Q32(x: bigint): bigint {
  if (x < 1n) throw new RangeError("log2Q32: x must be >= 1");
  const intPart = BigInt(x.toString(2).length - 1);
  let y = intPart <= MANT_BITS ? x << (MANT_BITS - intPart) : x >> (intPart - MANT_BITS); // in [1, 2) as Q62
  let result = intPart << FRAC_BITS;
  const two = 2n << MANT_BITS;
  for (let bit = FRAC_BITS - 1n; bit >= 0n; bit--) {
    y = (y * y) >> MANT_BITS;
    if (y >= two) {
      y >>= 1n;
      result |= 1n << bit;
    }
  }
  return result;
}

/** floor(20 * log10(x) * 100): x as a power ratio in centi-dB (x >= 1). */
export function twentyLog10Cdb(x: bigint): bigint {
  return (2000n * log2Q32(x) * LOG10_2_Q32) >> (2n * FRAC_BITS);
}

/** Free-space path loss in centi-dB at `distanceM` metres (>= 1) and `frequencyHz`. */
export function fsplCdb(distanceM: bigint, frequencyHz: bigint): bigint {
  const d = distanceM < 1n ? 1n : distanceM;
  return twentyLog10Cdb(d) + twentyLog10Cdb(frequencyHz) + FSPL_CONSTANT_CDB;
}

/** Centre-to-centre distance in metres of cells `k` grid steps apart at `resolution` (approximate). */
export function cellsToMetres(k: number, resolution: number): bigint {
  return BigInt(k) * BigInt(H3_AVG_CELL_SPACING_M[resolution]!);
}

/**
 * The strongest signal a receiver can see from a transmitter at least `minDistanceM` away, in
 * centi-dBm: tx power + tx antenna gain + rx antenna gain - FSPL(minDistanceM) + margin.
 */
export function maxRssiCdbm(input: { txPowerCdbm: bigint; txGainCdb: bigint; rxGainCdb: bigint; minDistanceM: bigint; frequencyHz: bigint; marginCdb: bigint }): bigint {
  return input.txPowerCdbm + input.txGainCdb + input.rxGainCdb - fsplCdb(input.minDistanceM, input.frequencyHz) + input.marginCdb;
}
