/**
 * Turns queued proofs into MsgSubmitProofs txs and learns their outcomes.
 *
 * - One broadcaster owns the account: it signs with a locally tracked sequence and keeps up to
 *   `maxInFlight` txs in the mempool at once (pipelining; the chain executes them in sequence order).
 *   A refill is signed as consecutive sequences and sent in JSON-RPC batches of up to
 *   TXS_PER_BROADCAST broadcast_tx_sync calls, which the node runs in order: one round trip per
 *   batch, not per tx.
 * - Each batch (tx hash + account sequence) is written to the queue BEFORE broadcast.
 * - CheckTx refused -> proofs go back as they were. sdk/32 -> stop, let in-flight txs settle,
 *   resync the sequence from the chain. Mempool full / RPC errors -> back off and retry.
 * - A tx whose fate is unknown (timeout, lost response, gateway restart) is never simply resent:
 *   its proofs are flagged `uncertain`; before reuse the broadcaster asks the chain for each
 *   device's last consumed sequence, takes the chain's ProofOutcome for proofs already consumed and
 *   resubmits only the rest. A resubmission reuses the account sequence of txs that did not commit,
 *   so an old copy and a new one can never both commit.
 */
import { broadcastSyncMany, txHashHex, type BroadcastSyncResult } from "../broadcast";
import { msgs } from "../messages";
import type { SigningFieldnetClient } from "../signing-client";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import type { OutcomeUpdate, ProofQueue, QueuedProof } from "./queue";
import { lookupTxFate, type TxFate } from "./tx-fate";

export interface BroadcasterOptions {
  readonly client: SigningFieldnetClient;
  readonly rpcUrl: string;
  readonly queue: ProofQueue;
  readonly chainId: string;
  /** Proofs per tx (capped by the chain's max_batch_size). Default 100. */
  readonly batchSize?: number;
  /** Upper bound on a batch's gas (default 20M). */
  readonly maxBatchGas?: number;
  /**
   * Txs in the mempool at once. Default 64: the window must hold more than a block takes, or the
   * chain idles between a commit and the refill (8 capped a 1 s devnet at 800 proofs/s).
   */
  readonly maxInFlight?: number;
  /** How often in-flight txs are looked up. Default 100 ms. */
  readonly pollIntervalMs?: number;
  /** After this long without a commit, an in-flight tx is considered dropped (its proofs become uncertain). Default 30 s. */
  readonly confirmTimeoutMs?: number;
  /** Gas price in the fee denom (default 0.025). */
  readonly gasPrice?: number;
  readonly denom?: string;
  readonly log?: (line: string) => void;
}

/**
 * Txs per JSON-RPC batch request. The node answers a batch once every tx in it passed CheckTx, and
 * the devnet's next block waits for CheckTx calls under way, so a whole window in one request
 * made the chain wait for all of it: smaller requests let blocks take the first txs early.
 */
const TXS_PER_BROADCAST = 8;
/** In-flight txs looked up in parallel per step of a confirmation poll (see confirm). */
const CONFIRM_LOOKUPS_AT_ONCE = 8;

interface SignedBatch {
  readonly txBytes: Uint8Array;
  readonly hash: string;
  readonly sequence: number;
  readonly proofs: readonly QueuedProof[];
}

interface InFlight {
  readonly batchId: number;
  readonly hash: string;
  readonly sequence: number;
  readonly proofs: readonly QueuedProof[];
  readonly sentMs: number;
}

export interface BroadcasterStats {
  txsSent: number;
  txsCommitted: number;
  /** Txs that made it into a block but failed there (e.g. out of gas): their proofs were queued again. */
  txsFailedInBlock: number;
  checkTxRefusals: Record<string, number>;
  resyncs: number;
  reconciledFromChain: number;
}

export class Broadcaster {
  private sequence: number | undefined;
  private accountNumber = 0n;
  private needResync = true;
  private readonly inflight = new Map<number, InFlight>();
  private gasPerProof = 0;
  private gasBase = 150_000;
  // 1.3 ran out of gas on devices' first proofs (they write more state): 4,095,000 wanted, more used.
  private gasMargin = 1.5;
  private backoffUntil = 0;
  private maxBatch: number;
  private stopped = false;
  private loop: Promise<void> | undefined;
  readonly stats: BroadcasterStats = { txsSent: 0, txsCommitted: 0, txsFailedInBlock: 0, checkTxRefusals: {}, resyncs: 0, reconciledFromChain: 0 };
  private wake: (() => void) | undefined;
  private lastConfirmMs = 0;

  constructor(private readonly o: BroadcasterOptions) {
    this.maxBatch = o.batchSize ?? 100;
  }

  /** Recovers in-flight batches left by an earlier run, then starts the loop. */
  async start(): Promise<void> {
    const params = await this.o.client.depin.proofs.params();
    this.maxBatch = Math.min(this.maxBatch, params.maxBatchSize);
    this.gasPerProof = Number(params.gasPerProof) + 25_000;
    await this.recover();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  /** Nudges the loop (new proofs arrived). */
  poke(): void {
    this.wake?.();
  }

  inFlightCount(): number {
    return this.inflight.size;
  }

  private log(line: string): void {
    this.o.log?.(line);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        // A poke (new proofs) refills at once; looking up in-flight txs waits for the poll interval,
        // or every device post would cost the node a lookup per tx in flight.
        if (Date.now() - this.lastConfirmMs >= (this.o.pollIntervalMs ?? 100)) {
          this.lastConfirmMs = Date.now();
          await this.confirm();
        }
        await this.fill();
      } catch (error) {
        this.log(`broadcaster: ${(error as Error).message}; retrying`);
        this.backoffUntil = Date.now() + 500;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.inflight.size > 0 ? (this.o.pollIntervalMs ?? 100) : 50);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /**
   * Startup: every batch still marked inflight in the queue was signed (and maybe broadcast) by a
   * gateway that died. Wait until the chain settles, take the outcomes of those that committed and
   * flag the rest uncertain.
   */
  private async recover(): Promise<void> {
    let batches = this.o.queue.inflightBatches();
    if (batches.length === 0) return;
    this.log(`recovering ${batches.length} in-flight batch(es) from the previous run`);
    const deadline = Date.now() + (this.o.confirmTimeoutMs ?? 30_000);
    let lastSeq = -1;
    let stableSince = Date.now();
    while (batches.length > 0) {
      for (const b of batches) {
        const found = await lookupTxFate(this.o.client, b.txHash);
        if (found) this.applyResult(b.id, this.o.queue.batchProofs(b.id), b.txHash, found);
      }
      batches = this.o.queue.inflightBatches();
      if (batches.length === 0) break;
      const { sequence } = await this.o.client.getSequence(this.o.client.sender);
      if (sequence !== lastSeq) {
        lastSeq = sequence;
        stableSince = Date.now();
      }
      // Remaining txs are gone once the account sequence stopped moving for a few blocks (the
      // devnet includes mempool txs in the next block), or at the deadline.
      if (Date.now() - stableSince > 3_000 || Date.now() > deadline) {
        for (const b of batches) this.o.queue.requeueUncertain(b.id);
        break;
      }
      await sleep(200);
    }
  }

  private async resync(): Promise<void> {
    const { accountNumber, sequence } = await this.o.client.getSequence(this.o.client.sender);
    this.accountNumber = accountNumber;
    this.sequence = sequence;
    this.needResync = false;
    this.stats.resyncs++;
  }

  private async fill(): Promise<void> {
    const maxInFlight = this.o.maxInFlight ?? 64;
    while (!this.stopped && this.inflight.size < maxInFlight && Date.now() >= this.backoffUntil) {
      if (this.needResync) {
        if (this.inflight.size > 0) return; // let them settle first
        await this.resync();
      }
      const room = Math.min(maxInFlight - this.inflight.size, TXS_PER_BROADCAST);
      const taken = this.o.queue.peekQueued(this.maxBatch * room);
      if (taken.length === 0) return;
      const ready = await this.settleUncertain(taken);
      if (ready.length === 0) continue;
      const groups: QueuedProof[][] = [];
      for (let i = 0; i < ready.length; i += this.maxBatch) groups.push(ready.slice(i, i + this.maxBatch));
      const sent = await this.send(groups);
      if (!sent) return;
    }
  }

  /**
   * Uncertain proofs may already be on chain: ask the chain (device's last consumed sequence, then
   * the ProofOutcome) and resolve those; return the proofs still to be sent.
   */
  private async settleUncertain(taken: readonly QueuedProof[]): Promise<QueuedProof[]> {
    if (!taken.some((p) => p.uncertain)) return [...taken];
    const lastSeq = new Map<string, bigint>();
    for (const p of taken) {
      if (p.uncertain && !lastSeq.has(p.deviceId)) lastSeq.set(p.deviceId, (await this.o.client.depin.proofs.lastProof(p.deviceId)).lastSequence);
    }
    const resolved: OutcomeUpdate[] = [];
    const ready: QueuedProof[] = [];
    for (const p of taken) {
      const last = lastSeq.get(p.deviceId);
      if (p.uncertain && last !== undefined && last >= p.sequence) {
        const outcome = await this.o.client.depin.proofs.outcome(p.deviceId, p.sequence);
        resolved.push({
          id: p.id,
          accepted: outcome?.accepted ?? false,
          reason: outcome?.reason ?? "CONSUMED",
          detail: outcome?.detail ?? "the chain consumed this sequence (outcome pruned)",
          units: outcome?.units ?? "0",
          height: Number(outcome?.height ?? 0n),
          txHash: "",
        });
      } else {
        ready.push(p);
      }
    }
    if (resolved.length > 0) {
      this.o.queue.resolve(resolved);
      this.stats.reconciledFromChain += resolved.length;
    }
    return ready;
  }

  private gasFor(n: number): number {
    return Math.min(this.o.maxBatchGas ?? 20_000_000, Math.ceil((this.gasBase + this.gasPerProof * n) * this.gasMargin));
  }

  /**
   * Signs one tx per group (at most TXS_PER_BROADCAST) with consecutive account sequences, records
   * them all in the queue (one disk sync), then broadcasts them in one JSON-RPC batch, which the
   * node checks in order: one round trip instead of one per tx. Returns false to stop filling for now.
   */
  private async send(groups: readonly QueuedProof[][]): Promise<boolean> {
    const first = this.sequence!;
    const signed: SignedBatch[] = [];
    for (const [i, proofs] of groups.entries()) signed.push(await this.sign(proofs, first + i));
    const batchIds = this.o.queue.createBatches(signed.map((t) => ({ proofIds: t.proofs.map((p) => p.id), txHash: t.hash, accountSequence: t.sequence })));
    const track = (t: SignedBatch, i: number) => this.inflight.set(batchIds[i], { batchId: batchIds[i], hash: t.hash, sequence: t.sequence, proofs: t.proofs, sentMs: Date.now() });
    let results: BroadcastSyncResult[];
    try {
      results = await broadcastSyncMany(this.o.rpcUrl, signed.map((t) => t.txBytes));
    } catch (error) {
      // We do not know whether the node got them: treat them as in flight; confirm() decides.
      this.log(`broadcast of ${signed.length} tx(s) failed (${(error as Error).message}); tracking them as in flight`);
      signed.forEach(track);
      this.sequence = first + signed.length;
      return true;
    }
    let refused = false;
    let keepFilling = true;
    results.forEach((r, i) => {
      const t = signed[i];
      if (r.code === 0 || (r.codespace === "sdk" && r.code === 19)) {
        // After a refused tx every later one has a sequence gap and is refused too; if the node
        // took one anyway, our idea of the sequence is wrong: ask the chain.
        if (refused) this.needResync = true;
        this.sequence = t.sequence + 1;
        this.stats.txsSent++;
        track(t, i);
        return;
      }
      this.o.queue.abandonBatch(batchIds[i]);
      if (refused) return; // refused because the one before it was: signed again next round
      refused = true;
      keepFilling = this.onRefused(r, t);
    });
    return keepFilling;
  }

  private async sign(proofs: readonly QueuedProof[], sequence: number): Promise<SignedBatch> {
    const msg = msgs.submitProofs(this.o.client.sender, proofs.map((p) => p.proof));
    const gas = this.gasFor(proofs.length);
    const feeAmount = Math.ceil(gas * (this.o.gasPrice ?? 0.025));
    const signed = await this.o.client.sign(this.o.client.sender, [msg], { amount: [{ denom: this.o.denom ?? "ufield", amount: String(feeAmount) }], gas: String(gas) }, "", {
      accountNumber: this.accountNumber,
      sequence,
      chainId: this.o.chainId,
    });
    const txBytes = TxRaw.encode(signed).finish();
    return { txBytes, hash: txHashHex(txBytes), sequence, proofs };
  }

  /** CheckTx refused `t` (its batch is already back in the queue). Returns false to stop filling for now. */
  private onRefused(r: BroadcastSyncResult, t: SignedBatch): boolean {
    const key = `${r.codespace}/${r.code}`;
    this.stats.checkTxRefusals[key] = (this.stats.checkTxRefusals[key] ?? 0) + 1;
    if (r.codespace === "sdk" && r.code === 32) {
      this.needResync = true;
      return false;
    }
    if (r.codespace === "sdk" && r.code === 11) {
      this.gasMargin *= 1.5;
      return true;
    }
    if (r.codespace === "proofs" && (r.code === 2 || r.code === 3 || r.code === 4)) {
      // Find the culprit by halving: smaller batches next time; a lone culprit fails for good.
      if (t.proofs.length > 1) this.maxBatch = Math.max(1, Math.floor(t.proofs.length / 2));
      else this.o.queue.fail([t.proofs[0].id], "TX_REFUSED", `${key}: ${r.log}`);
      return true;
    }
    // Mempool full (sdk/20 or CometBFT's RPC error), fee, anything transient: back off and retry.
    this.log(`CheckTx refused ${t.hash}: ${key} ${r.log}; backing off`);
    this.backoffUntil = Date.now() + 500;
    return false;
  }

  private applyResult(batchId: number, proofs: readonly QueuedProof[], hash: string, found: TxFate): void {
    if (found.code !== 0) {
      this.stats.txsFailedInBlock++;
      this.log(`tx ${hash} failed in block ${found.height}: code ${found.code} ${found.log ?? ""}; its proofs go back to the queue`);
      // Failed in a block: state unchanged, sequence spent. Out of gas -> more gas next time.
      if (found.code === 11) this.gasMargin *= 1.5;
      this.o.queue.requeueUncertain(batchId);
      return;
    }
    this.o.queue.resolve(
      proofs.map((p, i) => {
        const o = found.outcomes[i];
        return { id: p.id, accepted: o?.accepted ?? false, reason: o?.reason ?? "NO_OUTCOME", detail: o?.detail ?? "", units: o?.units ?? "0", height: found.height, txHash: hash };
      }),
      batchId,
    );
    this.stats.txsCommitted++;
  }

  private async confirm(): Promise<void> {
    if (this.inflight.size === 0) return;
    const timeout = this.o.confirmTimeoutMs ?? 30_000;
    const entries = [...this.inflight.values()].sort((a, b) => a.sequence - b.sequence);
    let timedOut = false;
    // One account's txs are committed in sequence order, so once one is not in a block yet neither
    // are the ones after it: looking them all up on every poll cost the node and the gateway dozens of
    // "not found" answers per committed tx (up to 64 in flight, polled every 100 ms).
    for (let start = 0; start < entries.length; start += CONFIRM_LOOKUPS_AT_ONCE) {
      const chunk = entries.slice(start, start + CONFIRM_LOOKUPS_AT_ONCE);
      const results = await Promise.all(chunk.map((f) => lookupTxFate(this.o.client, f.hash)));
      let missing = false;
      chunk.forEach((f, i) => {
        const found = results[i];
        if (found) {
          this.inflight.delete(f.batchId);
          this.applyResult(f.batchId, f.proofs, f.hash, found);
          if (found.code !== 0) this.needResync = true;
        } else {
          missing = true;
          if (Date.now() - f.sentMs > timeout) timedOut = true;
        }
      });
      if (missing) break;
    }
    if (timedOut) {
      // Unknown fate: every remaining in-flight tx becomes uncertain; resync, the chain decides.
      this.log(`${this.inflight.size} tx(s) not committed after ${timeout} ms; reconciling with the chain`);
      for (const f of this.inflight.values()) this.o.queue.requeueUncertain(f.batchId);
      this.inflight.clear();
      this.needResync = true;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
