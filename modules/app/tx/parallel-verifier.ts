/**
 * Verifies tx signatures on a worker thread ahead of CheckTx, so the main thread (RPC, state,
 * blocks) and signature checks use both cores. Best effort and outside consensus: a tx it
 * verifies is marked in the verified-tx cache; anything it cannot pre-check (unknown account,
 * odd signer layout, invalid signature) is simply left for the normal synchronous path, which
 * produces the real error. The worker (signature-worker.ts) runs node:crypto's verification only;
 * the rules around it (key shape, signature length, low S, small-order ed25519 keys) are applied on
 * the main thread before a job is sent, by device-keys.ts's passesDeviceSignaturePrechecks, whose
 * secp256k1 rules are those of secp256k1.ts.
 *
 * The main thread helps when it has nothing else to do: checks go to the worker in chunks, and
 * while no block is executing and the unanswered chunks hold more than WORKER_BACKLOG_KEPT_COST of
 * verification besides the newest, the main thread claims the newest chunk the worker has not
 * started and verifies it itself, with the same functions the ante handler and the proofs module
 * use (secp256k1.ts, device-keys.ts). Under load
 * the main thread was idle a good part of the time between blocks, waiting for the worker (MsgSend:
 * one core's worth of verification, the main thread ~40-50% busy in those phases; proofs: the
 * block's commit waits for the next block's CheckTx, which waits for the worker).
 */
import { Worker } from "node:worker_threads";
import { AuthInfo, SignDoc, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { secp256k1Address } from "../../auth/address";
import { SECP256K1_PUBKEY_TYPE } from "./ante";
import { KeyType, passesDeviceSignaturePrechecks, verifyDeviceSignature } from "../../plugin/device-keys";
import { verifySecp256k1 } from "./secp256k1";
import { CLAIMED_BY_MAIN_THREAD, CLAIMED_BY_NOBODY, SIGNATURE_WORKER_SOURCE } from "./signature-worker";

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
 * Txs per chunk: large enough to amortise the message, small enough to pipeline. A tx's answer
 * waits for its whole chunk; with 32 (~15 ms of verifications) and 40 senders holding one request
 * each, the worker ran out of queued txs (MsgSend bench 1,170 tx/s; 8: ~1,310; 4 and 2 no better,
 * with more main-thread work per tx).
 */
const TXS_PER_CHUNK = 8;

/**
 * Device signatures per chunk (~5 ms of ed25519 on this machine): two chunks per 100-proof tx.
 * Proofs bench, alternating pairs with the main thread helping: 50 gave 3,683 / 3,860 / 3,762 /
 * 3,236 proofs/s against 25's 3,277 / 3,225 and 100's 3,350 / 3,222 (fewer messages than 25, finer
 * sharing than one chunk per tx).
 */
const DEVICE_SIGNATURES_PER_CHUNK = 50;

/**
 * Verification cost in ed25519-verification units (secp256k1 costs ~3 here: raw 2,900 vs 8,700/s),
 * so a backlog is measured in time, whatever its mix.
 */
const ED25519_COST = 1;
const SECP256K1_COST = 3;

/**
 * Backlog left to the workers when the main thread helps, so they never run dry: ~5 ms of
 * verification. Measured as chunk counts first: for tx chunks (24 units each) leaving 2 beat
 * leaving 1 in 5 of 6 MsgSend pairs; for 50-signature device chunks leaving 1 beat 2 (4,203 /
 * 3,893 / 3,969 → 4,714 / 4,235 / 4,180 proofs/s) and beat 0 (3,710 / 4,359 / 3,869 with 0 against
 * 4,261 / 4,965 / 4,383 with 1). Both are ~50 units.
 */
const WORKER_BACKLOG_KEPT_COST = 48;

/** Claim-table slots; chunk ids map to slots modulo this (a collision only costs a late answer). */
const DEFAULT_CLAIM_SLOTS = 1 << 16;

interface ChunkState {
  readonly id: number;
  /** In ED25519_COST units. */
  readonly cost: number;
  readonly settle: (results: boolean[]) => void;
  settled: boolean;
}

type Chunk = (ChunkState & { readonly device: false; readonly jobs: readonly SignatureJob[][] }) | (ChunkState & { readonly device: true; readonly jobs: readonly DeviceSignatureJob[] });

type WorkerReply = { readonly id: number; readonly results: boolean[] } | { readonly id: number; readonly skipped: true };

/** Who verified how many signature checks (txs count once whatever their signer count). */
export interface VerifierStats {
  readonly byWorkers: number;
  readonly byMainThread: number;
}

export interface ParallelVerifierOptions {
  /** Worker threads; chunks go to them in turn (default 1). */
  readonly workers?: number;
  /** Claim-table size; tests shrink it to force slot collisions. */
  readonly claimSlots?: number;
}

/**
 * Results come back per chunk, so the order of answers never matters. A chunk is answered once:
 * by the worker that claimed it, or by the main thread.
 */
export class ParallelVerifier {
  private readonly workers: Worker[];
  private nextWorker = 0;
  private nextChunkId = 0;
  private pending: Array<{ jobs: SignatureJob[]; resolve: (ok: boolean) => void }> = [];
  private flushScheduled = false;
  private readonly claims: Int32Array;
  private readonly unanswered = new Map<number, Chunk>();
  private unansweredCost = 0;
  /** Posted chunks, oldest first; settled ones are dropped from either end lazily. */
  private posted: Chunk[] = [];
  private postedHead = 0;
  private mainThreadBusy = false;
  private helpScheduled = false;
  private byWorkers = 0;
  private byMainThread = 0;

  constructor(
    private readonly verified: VerifiedTxCache,
    options: ParallelVerifierOptions = {},
  ) {
    this.claims = new Int32Array(new SharedArrayBuffer(4 * (options.claimSlots ?? DEFAULT_CLAIM_SLOTS)));
    this.workers = Array.from(
      { length: Math.max(1, options.workers ?? 1) },
      () => new Worker(SIGNATURE_WORKER_SOURCE, { eval: true, workerData: { claims: this.claims.buffer } }),
    );
    for (const worker of this.workers) {
      worker.unref();
      worker.on("message", (reply: WorkerReply) => this.onReply(reply));
    }
  }

  /**
   * While busy (a block executing), the main thread takes no checks from the workers: a block's
   * txs are the critical path, and the workers have the cores meanwhile.
   */
  setMainThreadBusy(busy: boolean): void {
    this.mainThreadBusy = busy;
    if (!busy) this.scheduleHelp();
  }

  get stats(): VerifierStats {
    return { byWorkers: this.byWorkers, byMainThread: this.byMainThread };
  }

  private post(chunk: Chunk): void {
    Atomics.store(this.claims, chunk.id % this.claims.length, CLAIMED_BY_NOBODY);
    this.unanswered.set(chunk.id, chunk);
    this.unansweredCost += chunk.cost;
    this.posted.push(chunk);
    const worker = this.workers[this.nextWorker];
    this.nextWorker = (this.nextWorker + 1) % this.workers.length;
    worker.postMessage({ id: chunk.id, device: chunk.device, jobs: chunk.jobs });
    this.scheduleHelp();
  }

  /** `by` is who verified the chunk; "nobody" for chunks close() answers unverified. */
  private settle(chunk: Chunk, results: boolean[], by: "worker" | "mainThread" | "nobody"): void {
    if (chunk.settled) return;
    chunk.settled = true;
    this.unanswered.delete(chunk.id);
    this.unansweredCost -= chunk.cost;
    if (by === "mainThread") this.byMainThread += chunk.jobs.length;
    else if (by === "worker") this.byWorkers += chunk.jobs.length;
    while (this.postedHead < this.posted.length && this.posted[this.postedHead].settled) this.postedHead++;
    if (this.postedHead > 1024 && this.postedHead * 2 > this.posted.length) {
      this.posted = this.posted.slice(this.postedHead);
      this.postedHead = 0;
    }
    chunk.settle(results);
  }

  private onReply(reply: WorkerReply): void {
    const chunk = this.unanswered.get(reply.id);
    if (!chunk) return;
    if ("results" in reply) {
      this.settle(chunk, reply.results, "worker");
      return;
    }
    // Skipped but unanswered: not by the main thread, which answers a chunk in the same turn as it
    // claims it, so another chunk took this one's claim slot (the table wrapped around). Nobody
    // else will verify it.
    this.settle(chunk, verifyOnMainThread(chunk), "mainThread");
  }

  private scheduleHelp(): void {
    if (this.helpScheduled || this.mainThreadBusy || this.unansweredCost <= WORKER_BACKLOG_KEPT_COST) return;
    this.helpScheduled = true;
    // setImmediate: after the event loop has polled I/O, so requests are read between chunks.
    setImmediate(() => this.help());
  }

  /** Verifies the newest chunk no worker has started, if what it leaves them is long enough. */
  private help(): void {
    this.helpScheduled = false;
    if (this.mainThreadBusy) return;
    while (this.posted.length > this.postedHead) {
      const chunk = this.posted.pop()!;
      if (chunk.settled) continue;
      if (this.unansweredCost - chunk.cost < WORKER_BACKLOG_KEPT_COST) {
        this.posted.push(chunk);
        return;
      }
      if (Atomics.compareExchange(this.claims, chunk.id % this.claims.length, CLAIMED_BY_NOBODY, CLAIMED_BY_MAIN_THREAD) !== CLAIMED_BY_NOBODY) {
        // A worker has it (and so every older chunk of its queue): put it back and stop.
        this.posted.push(chunk);
        return;
      }
      this.settle(chunk, verifyOnMainThread(chunk), "mainThread");
      break;
    }
    this.scheduleHelp();
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
    const parts: Array<Promise<boolean[]>> = [];
    for (let start = 0; start < toWorker.length; start += DEVICE_SIGNATURES_PER_CHUNK) {
      const part = toWorker.slice(start, start + DEVICE_SIGNATURES_PER_CHUNK);
      parts.push(new Promise<boolean[]>((resolve) => this.post({ id: this.nextChunkId++, device: true, jobs: part, cost: deviceChunkCost(part), settle: resolve, settled: false })));
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
    // Small chunks, so results stream back while the worker goes on: one message for everything
    // that arrived in a turn (2,000 txs under load) made the main thread wait for the whole batch,
    // then check all of it while the worker sat idle, the two threads taking turns.
    for (let start = 0; start < pending.length; start += TXS_PER_CHUNK) {
      const batch = pending.slice(start, start + TXS_PER_CHUNK);
      this.post({
        id: this.nextChunkId++,
        device: false,
        jobs: batch.map((entry) => entry.jobs),
        cost: batch.reduce((sum, entry) => sum + entry.jobs.length * SECP256K1_COST, 0),
        settle: (results) => batch.forEach((entry, index) => entry.resolve(results[index])),
        settled: false,
      });
    }
  }

  async close(): Promise<void> {
    // Nothing answers after the workers stop: settle what is left as unverified (the synchronous
    // path then checks those txs itself).
    for (const chunk of [...this.unanswered.values()]) this.settle(chunk, chunk.jobs.map(() => false), "nobody");
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/** The main thread's verdicts for a chunk: the functions the ante handler and proofs module use. */
function verifyOnMainThread(chunk: Chunk): boolean[] {
  if (chunk.device) return chunk.jobs.map((job) => verifyDeviceSignature(job.keyType, job.pub, job.msg, job.sig));
  return chunk.jobs.map((txJobs) => txJobs.every((job) => verifySecp256k1(job.pub, job.msg, job.sig)));
}

function deviceChunkCost(jobs: readonly DeviceSignatureJob[]): number {
  return jobs.reduce((sum, job) => sum + (job.keyType === KeyType.SECP256K1 ? SECP256K1_COST : ED25519_COST), 0);
}
