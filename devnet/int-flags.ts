/** Whole-number command-line flags, refused with the flag's name (devnet CLI and the CometBFT app process). */

function wholeNumberAtLeast(min: number, flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag}: expected a whole number >= ${min}, got "${text}"`);
  return n;
}

export function nonNegativeInt(flag: string, text: string): number {
  return wholeNumberAtLeast(0, flag, text);
}

export function positiveInt(flag: string, text: string): number {
  return wholeNumberAtLeast(1, flag, text);
}
