/** Whole-number command-line flags, refused with the flag's name (devnet CLI and the CometBFT app process). */

export function nonNegativeInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag}: expected a whole number >= 0, got "${text}"`);
  return n;
}

export function positiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a whole number >= 1, got "${text}"`);
  return n;
}
