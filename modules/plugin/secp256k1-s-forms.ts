/**
 * Test helper: the two valid forms of a secp256k1 signature (r, s) and (r, n - s). Both verify on the
 * curve; Cosmos (and device-keys.ts, secp256k1.ts) accept only the low-S one, so specs build the
 * high-S twin of a good signature to check it is refused.
 */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** `signature`: 64 bytes, r then s. */
export function secp256k1SForms(signature: Uint8Array): { readonly lowS: Buffer; readonly highS: Buffer } {
  const r = Buffer.from(signature.subarray(0, 32));
  const s = BigInt("0x" + Buffer.from(signature.subarray(32, 64)).toString("hex"));
  const given = Buffer.from(signature.subarray(32, 64));
  const other = Buffer.from((SECP256K1_N - s).toString(16).padStart(64, "0"), "hex");
  const [low, high] = s * 2n <= SECP256K1_N ? [given, other] : [other, given];
  return { lowS: Buffer.concat([r, low]), highS: Buffer.concat([r, high]) };
}
