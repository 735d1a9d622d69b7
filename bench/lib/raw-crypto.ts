/**
 * The machine's raw limits, measured in the same run as our figures: signatures verified per
 * second by node:crypto on one core (this process's main thread).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";

function rate(durationMs: number, fn: () => void): number {
  const start = process.hrtime.bigint();
  let count = 0;
  while (Number(process.hrtime.bigint() - start) / 1e6 < durationMs) {
    for (let i = 0; i < 50; i++) fn();
    count += 50;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  return Math.round(count / elapsed);
}

export function secp256k1VerifiesPerSecond(durationMs = 2000): number {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
  const message = Buffer.alloc(300, 7);
  const signature = sign("sha256", message, { key: privateKey, dsaEncoding: "ieee-p1363" });
  return rate(durationMs, () => verify("sha256", message, { key: publicKey, dsaEncoding: "ieee-p1363" }, signature));
}

export function ed25519VerifiesPerSecond(durationMs = 2000): number {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const message = Buffer.alloc(120, 7);
  const signature = sign(null, message, privateKey);
  return rate(durationMs, () => verify(null, message, publicKey, signature));
}

export { createPrivateKey, createPublicKey };
