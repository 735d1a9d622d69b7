/**
 * Verifies tx signatures on a worker thread ahead of CheckTx, so the main thread (RPC, state,
 * blocks) and signature checks use both cores. Best effort and outside consensus: a tx it
 * verifies is marked in the verified-tx cache; anything it cannot pre-check (unknown account,
 * odd signer layout, invalid signature) is simply left for the normal synchronous path, which
 * produces the real error. The worker is plain JS that runs node:crypto's verification only; the
 * rules around it (key shape, signature length, low S, small-order ed25519 keys) are applied on the
 * main thread before a job is sent, by device-keys.ts's passesDeviceSignaturePrechecks, whose
 * secp256k1 rules are those of secp256k1.ts.
 */
import { Worker } from "node:worker_threads";
import { AuthInfo, SignDoc, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { secp256k1Address } from "../../auth/address";
import { SECP256K1_PUBKEY_TYPE } from "./ante";
import { KeyType, passesDeviceSignaturePrechecks, SECP256K1_SPKI_PREFIX_HEX } from "../../plugin/device-keys";

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createPublicKey, verify } = require("node:crypto");
const PREFIX = Buffer.from("${SECP256K1_SPKI_PREFIX_HEX}", "hex");
const keys = new Map();
function key(pub) {
  const id = Buffer.from(pub).toString("latin1");
  let k = keys.get(id);
  if (!k) {
    if (keys.size > 50000) keys.clear();
    k = createPublicKey({ key: Buffer.concat([PREFIX, pub]), format: "der", type: "spki" });
    keys.set(id, k);
  }
  return k;
}
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
function edKey(pub) {
  const id = Buffer.from(pub).toString("latin1");
  let k = edKeys.get(id);
  if (!k) {
    if (edKeys.size > 50000) edKeys.clear();
    k = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(pub).toString("base64url") }, format: "jwk" });
    edKeys.set(id, k);
  }
  return k;
}
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
parentPort.on("message", (batch) => {
  if (batch.device) {
    parentPort.postMessage({ id: batch.id, results: batch.jobs.map(checkDevice) });
    return;
  }
  parentPort.postMessage({ id: batch.id, results: batch.jobs.map((txJobs) => txJobs.every(check)) });
});
`;

interface SignatureJob {
  readonly pub: Uint8Array;
  readonly msg: Uint8Array;
  readonly sig: Uint8Array;
}

/** A device signature check: key type 1 = ed25519, 2 = secp256k1 (see modules/plugin/device-keys.ts). */
export interface DeviceSignatureJob {
  readonly keyType: number;
  readonly pub: Uint8Array;
  readonly msg: Uint8Array;
  readonly sig: Uint8Array;
}

export interface VerifiedTxCache {
  set(hash: string, value: true): unknown;
}

/** Reads an account number by address from the mempool's view of state (undefined if unknown). */
export type AccountNumberLookup = (address: Uint8Array) => bigint | undefined;

/**
 * Txs per message to the worker: large enough to amortise the message, small enough to pipeline.
 * A tx's answer waits for its whole message; with 32 (~15 ms of verifications) and 40 senders
 * holding one request each, the worker ran out of queued txs (MsgSend bench 1,170 tx/s; 8: ~1,310;
 * 4 and 2 no better, with more main-thread work per tx).
 */
const TXS_PER_MESSAGE = 8;

/**
 * `workerCount` threads take the messages in turn, and a batch of device signatures is split
 * evenly among them. Results come back per message, so the order of answers never matters.
 */
export class ParallelVerifier {
  private readonly workers: Worker[];
  private nextWorker = 0;
  private pending: Array<{ jobs: SignatureJob[]; resolve: (ok: boolean) => void }> = [];
  private readonly inFlight = new Map<number, Array<(ok: boolean) => void>>();
  private nextBatch = 0;
  private readonly deviceInFlight = new Map<number, (results: boolean[]) => void>();
  private flushScheduled = false;

  constructor(
    private readonly verified: VerifiedTxCache,
    workerCount = 1,
  ) {
    this.workers = Array.from({ length: Math.max(1, workerCount) }, () => new Worker(WORKER_SOURCE, { eval: true }));
    for (const worker of this.workers) {
      worker.unref();
      worker.on("message", (reply: { id: number; results: boolean[] }) => this.onReply(reply));
    }
  }

  private post(message: unknown): void {
    const worker = this.workers[this.nextWorker];
    this.nextWorker = (this.nextWorker + 1) % this.workers.length;
    worker.postMessage(message);
  }

  private onReply(reply: { id: number; results: boolean[] }): void {
    const device = this.deviceInFlight.get(reply.id);
    if (device) {
      this.deviceInFlight.delete(reply.id);
      device(reply.results);
      return;
    }
    const resolvers = this.inFlight.get(reply.id);
    this.inFlight.delete(reply.id);
    resolvers?.forEach((resolve, index) => resolve(reply.results[index]));
  }

  /**
   * Starts verifying `txBytes`; resolves once done (never rejects). On success the tx hash is
   * recorded in the verified cache so the ante handler skips the check.
   */
  preverify(txBytes: Uint8Array, hash: string, chainId: string, accountNumber: AccountNumberLookup): Promise<void> {
    const jobs = this.jobsFor(txBytes, chainId, accountNumber);
    if (!jobs) return Promise.resolve();
    return new Promise<boolean>((resolve) => {
      this.pending.push({ jobs, resolve });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    }).then((ok) => {
      if (ok) this.verified.set(hash, true);
    });
  }

  private jobsFor(txBytes: Uint8Array, chainId: string, accountNumber: AccountNumberLookup): SignatureJob[] | undefined {
    try {
      const raw = TxRaw.decode(txBytes);
      const authInfo = AuthInfo.decode(raw.authInfoBytes);
      if (authInfo.signerInfos.length === 0 || authInfo.signerInfos.length !== raw.signatures.length) return undefined;
      const jobs: SignatureJob[] = [];
      for (const [index, info] of authInfo.signerInfos.entries()) {
        if (info.publicKey?.typeUrl !== SECP256K1_PUBKEY_TYPE) return undefined;
        const pub = PubKey.decode(info.publicKey.value).key;
        // The worker runs only the curve arithmetic: a malformed key or a high-S signature is left to
        // the ante handler, which refuses it with its own error.
        if (!passesDeviceSignaturePrechecks(KeyType.SECP256K1, pub, raw.signatures[index])) return undefined;
        const number = accountNumber(secp256k1Address(pub));
        if (number === undefined) return undefined;
        const msg = SignDoc.encode({ bodyBytes: raw.bodyBytes, authInfoBytes: raw.authInfoBytes, chainId, accountNumber: number }).finish();
        jobs.push({ pub, msg, sig: raw.signatures[index] });
      }
      return jobs;
    } catch {
      return undefined;
    }
  }

  /**
   * Verifies device signatures (DePIN proofs) on the worker, one result per job, in order. Used to
   * pre-verify MsgSubmitProofs at CheckTx arrival; like tx pre-verification it only fills a cache.
   */
  verifyDeviceSignatures(jobs: readonly DeviceSignatureJob[]): Promise<boolean[]> {
    // The rules that need no curve arithmetic are applied here, from device-keys.ts itself, so the
    // worker's copy of the checks is only node:crypto's verification.
    const plausible = jobs.map((job) => passesDeviceSignaturePrechecks(job.keyType, job.pub, job.sig));
    const toWorker = jobs.filter((_, index) => plausible[index]);
    if (toWorker.length === 0) return Promise.resolve(plausible);
    const perWorker = Math.ceil(toWorker.length / this.workers.length);
    const parts: Array<Promise<boolean[]>> = [];
    for (let start = 0; start < toWorker.length; start += perWorker) {
      const id = this.nextBatch++;
      const part = toWorker.slice(start, start + perWorker);
      parts.push(
        new Promise<boolean[]>((resolve) => {
          this.deviceInFlight.set(id, resolve);
          this.post({ id, device: true, jobs: part });
        }),
      );
    }
    return Promise.all(parts).then((answers) => {
      const results = answers.flat();
      let next = 0;
      return plausible.map((ok) => ok && results[next++]);
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const pending = this.pending;
    this.pending = [];
    // Small messages, so results stream back while the worker goes on: one message for everything
    // that arrived in a turn (2,000 txs under load) made the main thread wait for the whole batch,
    // then check all of it while the worker sat idle, the two threads taking turns.
    for (let start = 0; start < pending.length; start += TXS_PER_MESSAGE) {
      const batch = pending.slice(start, start + TXS_PER_MESSAGE);
      const id = this.nextBatch++;
      this.inFlight.set(id, batch.map((entry) => entry.resolve));
      this.post({ id, jobs: batch.map((entry) => entry.jobs) });
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
