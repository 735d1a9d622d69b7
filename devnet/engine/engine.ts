/**
 * The single-validator block producer. It drives the app only through AbciApplication, in the
 * order CometBFT would: handshake (Info, InitChain or replay), CheckTx on arrival, then per block
 * PrepareProposal -> ProcessProposal -> FinalizeBlock -> block store write -> Commit -> Recheck.
 * Two locks, as CometBFT's two ABCI connections: consensus calls (blocks, queries, info) run
 * alone, and CheckTx runs under the mempool lock, which a block holds only while it reaps and
 * from just before Commit to the end of Recheck. So CheckTx calls (and their signature checks on
 * the app's worker) proceed while a block executes, and none straddles a commit. A tx's signature
 * checks start as it arrives (the app's preverifyTx), outside the mempool lock, and its CheckTx is
 * sent when they are done, in arrival order: a block neither waits for signatures still being
 * checked nor keeps the worker idle while it commits and rechecks.
 * The wall clock is the only non-deterministic input, as for a CometBFT proposer.
 */
import type { AbciApplication } from "../../modules/app/abci";
import {
  CheckTxType,
  ResponseProcessProposal_ProposalStatus as ProposalStatus,
  type RequestQuery,
  type ResponseCheckTx,
  type ResponseFinalizeBlock,
  type ResponseInfo,
  type ResponseQuery,
} from "cosmjs-types/tendermint/abci/types";
import type { BlockStore, StoredBlock } from "../store/block-store";
import {
  BLOCK_PROTOCOL,
  P2P_PROTOCOL,
  buildBlock,
  commitInfoFor,
  finalizeRequestFor,
  signCommit,
  validatorSetHash,
  type ChainParams,
  type PreviousBlockState,
} from "./block-builder";
import { timestampFromMillis } from "./encoding";
import { EngineStoppedError } from "./errors";
import type { GenesisDoc } from "./genesis";
import { ABCI_VERSION, COMETBFT_VERSION, handshake } from "./handshake";
import { Mempool, type MempoolOptions } from "./mempool";
import { sha256 } from "./hashing";

export { ABCI_VERSION, COMETBFT_VERSION } from "./handshake";

export interface EngineOptions {
  readonly app: AbciApplication;
  readonly store: BlockStore;
  readonly genesis: GenesisDoc;
  readonly chain: ChainParams;
  /** Milliseconds between blocks; 0 = automine (a block as soon as txs arrive). */
  readonly blockTimeMs: number;
  readonly mempool?: Partial<MempoolOptions>;
  /** Called when block production fails; the engine has halted by then (as CometBFT would). */
  readonly onFatal?: (error: unknown) => void;
  /** Injectable clock, for tests. */
  readonly now?: () => number;
}

export interface CommittedBlock {
  readonly block: StoredBlock;
  readonly results: ResponseFinalizeBlock;
  /** sha256 of each tx, in block order. */
  readonly txHashes: readonly Uint8Array[];
}

export interface CheckTxOutcome {
  readonly hash: Uint8Array;
  readonly response: ResponseCheckTx;
}

export type BlockListener = (committed: CommittedBlock) => void;

/**
 * Lets pending I/O callbacks (incoming RPC requests, worker replies) run, and then what they
 * scheduled with setImmediate (the app's verifier posts its batch to the worker that way).
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** A promise-chain lock: the calls it runs run one at a time, in order. */
class Lock {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export class Engine {
  readonly mempool: Mempool;
  readonly chain: ChainParams;
  readonly genesis: GenesisDoc;
  private readonly app: AbciApplication;
  private readonly store: BlockStore;
  private readonly blockTimeMs: number;
  private readonly now: () => number;
  private readonly onFatal: (error: unknown) => void;
  private readonly lock = new Lock();
  private readonly mempoolLock = new Lock();
  /** Admitted txs on their way to CheckTx, in arrival order (each waits for its signature checks). */
  private readonly arrivals = new Lock();
  private readonly listeners = new Set<BlockListener>();
  private prev!: PreviousBlockState;
  private running = false;
  private stopped = false;
  private halted: unknown = undefined;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private loopDone: Promise<void> = Promise.resolve();

  private constructor(options: EngineOptions) {
    this.app = options.app;
    this.store = options.store;
    this.genesis = options.genesis;
    this.chain = options.chain;
    this.blockTimeMs = options.blockTimeMs;
    this.now = options.now ?? Date.now;
    this.onFatal = options.onFatal ?? (() => undefined);
    this.mempool = new Mempool(options.mempool);
  }

  /** Builds the engine and runs CometBFT's start-up handshake with the app. */
  static async create(options: EngineOptions): Promise<Engine> {
    const engine = new Engine(options);
    engine.prev = await handshake({ app: engine.app, store: engine.store, genesis: engine.genesis, chain: engine.chain });
    return engine;
  }

  get height(): number {
    return this.prev.height;
  }

  /** Whether a block has been committed yet (before that, `height` is the initial height - 1). */
  get hasBlocks(): boolean {
    return this.prev.blockId !== undefined;
  }

  /** App hash after the latest committed block (the genesis app hash before block 1). */
  get appHash(): Uint8Array {
    return this.prev.appHash;
  }

  get blockTime(): number {
    return this.blockTimeMs;
  }

  onBlock(listener: BlockListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts producing blocks: one immediately when the chain is empty, then on the timer / on txs. */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.loopDone;
    // Let an in-flight CheckTx or query finish before the caller closes the app and store (txs
    // still on their way to CheckTx are refused with EngineStoppedError once their turn comes).
    await this.arrivals.run(async () => undefined);
    await this.lock.run(() => this.mempoolLock.run(() => this.drainChecks()));
  }

  private async loop(): Promise<void> {
    while (this.running) {
      // The first block comes at once, so clients (cosmjs needs a latest block) can start.
      if (this.hasBlocks) {
        if (this.blockTimeMs === 0) {
          if (this.mempool.size === 0) await this.sleep(undefined);
          if (!this.running) break;
          if (this.mempool.size === 0) continue;
        } else {
          await this.sleep(this.blockTimeMs - (this.now() - this.prev.timeMs));
          if (!this.running) break;
        }
      }
      try {
        await this.produceBlock();
      } catch (error) {
        if (error instanceof EngineStoppedError) break;
        this.halted = error;
        this.running = false;
        this.onFatal(error);
        break;
      }
    }
  }

  /** Sleeps `ms` (undefined = until woken by a tx or stop). */
  private sleep(ms: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      if (ms !== undefined) this.timer = setTimeout(done, Math.max(0, ms));
    });
  }

  private assertUsable(): void {
    if (this.stopped) throw new EngineStoppedError("the devnet engine is stopped");
    if (this.halted !== undefined) throw new EngineStoppedError(`the devnet engine halted: ${String(this.halted)}`);
  }

  /**
   * Mempool admission (synchronous: throws TxTooLargeError / MempoolFullError / TxInCacheError /
   * EngineStoppedError) and then CheckTx(NEW), whose outcome the returned promise carries. A
   * non-zero CheckTx code is a normal outcome, not an error.
   */
  submitTx(tx: Uint8Array): { hash: Uint8Array; checked: Promise<CheckTxOutcome> } {
    this.assertUsable();
    const { hash, key } = this.mempool.admit(tx);
    // Signature checks start now, outside the mempool lock; CheckTx is sent when they are done, in
    // arrival order. CheckTx is *started* under the mempool lock but not awaited there. A block
    // waits for every started CheckTx (see drainChecks) before it reaps and before it commits, so
    // none can straddle a commit; txs whose signatures are still being checked wait for the block
    // instead, like txs not yet in CometBFT's mempool.
    // An app's preverifyTx never rejects by contract; a failure here must not strand the admitted tx.
    const preverified = this.app.preverifyTx?.(tx).catch(() => undefined);
    const started = this.arrivals.run(async () => {
      await preverified;
      return this.mempoolLock.run(async () => this.startCheckTx(tx, hash, key));
    });
    return { hash, checked: started.then(({ pending }) => pending) };
  }

  /** Sends CheckTx(NEW) for an admitted tx; called under the mempool lock. */
  private startCheckTx(tx: Uint8Array, hash: Uint8Array, key: string): { pending: Promise<CheckTxOutcome> } {
    let checking: Promise<ResponseCheckTx>;
    try {
      if (this.stopped) throw new EngineStoppedError("the devnet engine is stopped");
      checking = this.app.checkTx({ tx, type: CheckTxType.NEW });
    } catch (error) {
      checking = Promise.reject(error); // so the admitted tx is forgotten below, as for a rejection
    }
    const pending = checking.then(
      (response): CheckTxOutcome => {
        if (response.code !== 0) {
          this.mempool.forget(key, tx.length);
        } else {
          this.mempool.add({ tx, hash, key, gasWanted: response.gasWanted });
          if (this.blockTimeMs === 0) this.wake?.();
        }
        return { hash, response };
      },
      (error: unknown) => {
        this.mempool.forget(key, tx.length);
        throw error;
      },
    );
    this.inflightChecks.add(pending);
    const settled = () => this.inflightChecks.delete(pending);
    pending.then(settled, settled);
    return { pending };
  }

  private readonly inflightChecks = new Set<Promise<CheckTxOutcome>>();

  /** Waits for every started CheckTx; called under the mempool lock (before reaping and before Commit). */
  private async drainChecks(): Promise<void> {
    while (this.inflightChecks.size > 0) {
      await Promise.allSettled([...this.inflightChecks]);
    }
  }

  async checkTx(tx: Uint8Array): Promise<CheckTxOutcome> {
    return this.submitTx(tx).checked;
  }

  /** CheckTx without touching the mempool (the `check_tx` RPC). */
  async checkTxOnly(tx: Uint8Array): Promise<CheckTxOutcome> {
    this.assertUsable();
    const response = await this.mempoolLock.run(() => this.app.checkTx({ tx, type: CheckTxType.NEW }));
    return { hash: sha256(tx), response };
  }

  query(request: RequestQuery): Promise<ResponseQuery> {
    return this.lock.run(() => this.app.query(request));
  }

  info(): Promise<ResponseInfo> {
    return this.lock.run(() =>
      this.app.info({ version: COMETBFT_VERSION, blockVersion: BLOCK_PROTOCOL, p2pVersion: P2P_PROTOCOL, abciVersion: ABCI_VERSION }),
    );
  }

  /** Produces and commits one block now (also used by tests to mine on demand). */
  produceBlock(): Promise<CommittedBlock> {
    return this.lock.run(async () => {
      this.assertUsable();
      const committed = await this.buildAndCommit();
      for (const listener of this.listeners) {
        try {
          listener(committed);
        } catch {
          // A subscriber's failure must not halt the chain.
        }
      }
      return committed;
    });
  }

  private async buildAndCommit(): Promise<CommittedBlock> {
    const chain = this.chain;
    const prev = this.prev;
    // Room for the header, last commit and evidence, like CometBFT's MaxDataBytes.
    const maxTxBytes = chain.maxBlockBytes - 4096;
    // Every tx whose CheckTx started before the block can make it into the block.
    const candidates = await this.mempoolLock.run(async () => {
      await this.drainChecks();
      return this.mempool.reap(maxTxBytes, chain.maxBlockGas);
    });
    // Let requests that queued up meanwhile start their CheckTx (signatures verify on the app's
    // worker while this thread executes the block).
    await yieldToEventLoop();
    const height = prev.height + 1;
    const timeMs = Math.max(this.now(), prev.timeMs + 1);
    const time = timestampFromMillis(timeMs);
    const nextValidatorsHash = validatorSetHash(chain);
    const lastCommitInfo = commitInfoFor(chain, prev.commit);
    const prepared = await this.app.prepareProposal({
      maxTxBytes: BigInt(maxTxBytes),
      txs: candidates,
      localLastCommit: {
        round: lastCommitInfo.round,
        votes: lastCommitInfo.votes.map((v) => ({ ...v, voteExtension: new Uint8Array(), extensionSignature: new Uint8Array() })),
      },
      misbehavior: [],
      height: BigInt(height),
      time,
      nextValidatorsHash,
      proposerAddress: chain.validator.address,
    });
    const txs = prepared.txs;
    const total = txs.reduce((n, tx) => n + tx.length, 0);
    if (total > maxTxBytes) throw new Error(`PrepareProposal returned ${total} tx bytes, above max_tx_bytes ${maxTxBytes}`);
    const { block, blockId, size } = buildBlock(chain, prev, txs, time);
    const processed = await this.app.processProposal({
      txs,
      proposedLastCommit: lastCommitInfo,
      misbehavior: [],
      hash: blockId.hash,
      height: BigInt(height),
      time,
      nextValidatorsHash,
      proposerAddress: chain.validator.address,
    });
    if (processed.status !== ProposalStatus.ACCEPT) {
      throw new Error(`ProcessProposal rejected our own proposal at height ${height} (status ${processed.status})`);
    }
    const results = await this.app.finalizeBlock(finalizeRequestFor(chain, block, blockId));
    if (results.txResults.length !== txs.length) {
      throw new Error(`FinalizeBlock returned ${results.txResults.length} tx results for ${txs.length} txs`);
    }
    await yieldToEventLoop();
    const commit = signCommit(chain, height, blockId, timestampFromMillis(Math.max(this.now(), timeMs)));
    // Durable before the app commits: a crash in between is repaired by the handshake replay.
    this.store.saveBlock({ block, blockId, size, commit, results });
    // CometBFT's mempool lock: CheckTx calls started during the block finish against the old
    // check state first; those arriving from here on wait until Recheck has rebuilt it.
    await this.mempoolLock.run(async () => {
      await this.drainChecks();
      await this.app.commit();
      this.prev = { height, blockId, commit, appHash: results.appHash, txResults: results.txResults, timeMs };
      this.mempool.removeCommitted(txs);
      await this.recheck();
    });
    return { block: { height, blockId, block, size }, results, txHashes: txs.map(sha256) };
  }

  private async recheck(): Promise<void> {
    for (const entry of this.mempool.entries()) {
      const res = await this.app.checkTx({ tx: entry.tx, type: CheckTxType.RECHECK });
      if (res.code !== 0) this.mempool.evict(entry.key);
    }
  }
}
