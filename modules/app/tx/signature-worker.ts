/**
 * The signature worker's source (plain JS, run with `eval`: no TypeScript loader in worker threads,
 * under tsx or jest alike). It runs node:crypto's verification only; the rules around it (key
 * shape, signature length, low S, small-order ed25519 keys) are applied on the main thread before
 * a job is sent, by device-keys.ts's passesDeviceSignaturePrechecks.
 *
 * Each message is one chunk of checks. Before verifying it the worker claims the chunk in the
 * shared claim table (`claims`, one Int32 per slot, slot = chunk id mod its length): 0 = nobody,
 * 1 = a worker, 2 = the main thread. A chunk the main thread has claimed in the meantime is answered
 * `{ id, skipped: true }`, so the main thread can take work the worker has not started.
 */
import { SECP256K1_SPKI_PREFIX_HEX } from "../../plugin/device-keys";

export const CLAIMED_BY_NOBODY = 0;
export const CLAIMED_BY_WORKER = 1;
export const CLAIMED_BY_MAIN_THREAD = 2;

export const SIGNATURE_WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createPublicKey, verify } = require("node:crypto");
const PREFIX = Buffer.from("${SECP256K1_SPKI_PREFIX_HEX}", "hex");
const claims = new Int32Array(workerData.claims);
// Imported keys by raw bytes, one cache per curve (up to 50,000 each, then cleared).
function cachedKey(cache, pub, importKey) {
  const id = Buffer.from(pub).toString("latin1");
  let k = cache.get(id);
  if (!k) {
    if (cache.size > 50000) cache.clear();
    k = importKey(pub);
    cache.set(id, k);
  }
  return k;
}
const keys = new Map();
const key = (pub) => cachedKey(keys, pub, (raw) => createPublicKey({ key: Buffer.concat([PREFIX, raw]), format: "der", type: "spki" }));
// secp256k1 over sha256 of the bytes. Every job has passed passesDeviceSignaturePrechecks on the
// main thread (compressed key, 64-byte signature, low S: the same rules as secp256k1.ts).
function check(job) {
  try {
    return verify("sha256", job.msg, { key: key(job.pub), dsaEncoding: "ieee-p1363" }, job.sig);
  } catch { return false; }
}
const edKeys = new Map();
// JWK, not DER: ~12 us instead of ~155 us per import (see importDevicePublicKey in device-keys.ts),
// which matters once a network has more devices than this cache holds.
const edKey = (pub) => cachedKey(edKeys, pub, (raw) => createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(raw).toString("base64url") }, format: "jwk" }));
// Device signatures (modules/plugin/device-keys.ts): 1 = ed25519 over the bytes, 2 = secp256k1 as
// above. Jobs arrive already through passesDeviceSignaturePrechecks (key shape, small-order ed25519
// keys, signature length, low S), so only the curve arithmetic is left here.
function checkDevice(job) {
  try {
    if (job.keyType === 1) return verify(null, job.msg, edKey(job.pub), job.sig);
    if (job.keyType === 2) return check(job);
    return false;
  } catch { return false; }
}
parentPort.on("message", (chunk) => {
  const slot = chunk.id % claims.length;
  if (Atomics.compareExchange(claims, slot, ${CLAIMED_BY_NOBODY}, ${CLAIMED_BY_WORKER}) !== ${CLAIMED_BY_NOBODY}) {
    parentPort.postMessage({ id: chunk.id, skipped: true });
    return;
  }
  const results = chunk.device ? chunk.jobs.map(checkDevice) : chunk.jobs.map((txJobs) => txJobs.every(check));
  parentPort.postMessage({ id: chunk.id, results });
});
`;
