/**
 * The ABCI 2.0 application object. Transport-free: the embedded devnet engine and the CometBFT
 * socket server both drive it through `AbciApplication`. State flows as in the Cosmos SDK's
 * BaseApp: a check branch for the mempool (reset at every Commit), a block branch for
 * FinalizeBlock whose changes are staged for the app hash, then committed in Commit.
 */
import type { Event, ExecTxResult, RequestCheckTx, RequestFinalizeBlock, RequestInfo, RequestInitChain, RequestPrepareProposal, RequestQuery, ResponseCheckTx, ResponseCommit, ResponseFinalizeBlock, ResponseInfo, ResponseInitChain, ResponsePrepareProposal, ResponseProcessProposal, ResponseQuery, ResponseExtendVote, ResponseVerifyVoteExtension } from "cosmjs-types/tendermint/abci/types";
import { ResponseProcessProposal_ProposalStatus, ResponseVerifyVoteExtension_VerifyStatus, CheckTxType } from "cosmjs-types/tendermint/abci/types";
import type { BranchStore, CommitStore } from "../store/types";
import type { AbciApplication } from "./abci";
import { readChainId, readLastHeader, writeChainId, writeLastHeader } from "./app-state";
import { Context, type BlockHeader } from "./context";
import { EventManager } from "./events";
import type { ModuleManager } from "./module-manager";
import { QueryRouter } from "./query-router";
import { runTx, txHash, type TxOutcome, type TxRunner } from "./tx/run-tx";

/** Starts checking a tx's signatures ahead of CheckTx (see tx/parallel-verifier.ts). */
export type Preverifier = (txBytes: Uint8Array, hash: string, chainId: string) => Promise<void>;

/**
 * FinalizeBlock yields to the event loop each time its txs have used this much gas since the last
 * yield: ~30 MsgSends (~3 ms here) or two 100-proof MsgSubmitProofs (~30 ms).
 */
const GAS_BETWEEN_YIELDS = 2_000_000n;

export interface BaseAppOptions {
  readonly name: string;
  readonly version: string;
  readonly appVersion: bigint;
}

function timestampToMs(time: { seconds: bigint; nanos: number } | undefined): bigint {
  if (!time) return 0n;
  return time.seconds * 1000n + BigInt(Math.floor(time.nanos / 1_000_000));
}

/** A tx's outcome as ABCI reports it (CheckTx and FinalizeBlock share the shape). */
function txResult(outcome: TxOutcome, data: Uint8Array): ExecTxResult & ResponseCheckTx {
  return {
    code: outcome.code,
    data,
    log: outcome.log,
    info: "",
    gasWanted: outcome.gasWanted,
    gasUsed: outcome.gasUsed,
    events: outcome.events,
    codespace: outcome.codespace,
  };
}

function tagEvents(events: Event[], mode: string): Event[] {
  // The SDK marks block-level events with where they came from.
  return events.map((event) => ({ ...event, attributes: [...event.attributes, { key: "mode", value: mode, index: true }] }));
}

export class BaseApp implements AbciApplication {
  private checkState: BranchStore;
  private blockState: BranchStore | undefined;
  /** Genesis state written by InitChain, committed together with the first block. */
  private genesisState: BranchStore | undefined;
  private chainId: string | undefined;
  /** Height of the first block (InitChain's initial_height); only consulted before the first commit. */
  private initialHeight = 1;
  private readonly queries: QueryRouter;
  private preverifier: Preverifier | undefined;
  private blockExecution: ((executing: boolean) => void) | undefined;
  /** CheckTx calls finish in arrival order even when their signature checks finish out of order. */
  private checkQueue: Promise<unknown> = Promise.resolve();
  /** Signature checks started by preverifyTx, by tx hash, until the tx's CheckTx takes them. */
  private readonly preverifying = new Map<string, Promise<void>>();
  private readonly closers: Array<() => Promise<void>> = [];

  constructor(
    readonly store: CommitStore,
    readonly modules: ModuleManager,
    private readonly runner: TxRunner,
    private readonly options: BaseAppOptions,
  ) {
    this.checkState = store.branch();
    this.chainId = readChainId(store.latest);
    this.queries = new QueryRouter(modules, store, () => this.simulationHeader(), (bytes) => this.simulate(bytes));
  }

  async info(_request: RequestInfo): Promise<ResponseInfo> {
    const last = this.store.lastCommit;
    return {
      data: this.options.name,
      version: this.options.version,
      appVersion: this.options.appVersion,
      lastBlockHeight: BigInt(last.height),
      lastBlockAppHash: last.height === 0 ? new Uint8Array() : last.appHash,
    };
  }

  async initChain(request: RequestInitChain): Promise<ResponseInitChain> {
    if (this.store.lastCommit.height !== 0) throw new Error("InitChain called on an app that already has committed state");
    // CometBFT sends 1 for a genesis without initial_height; a chain restarted from an exported
    // state continues its heights (the SDK's `export` sets initial_height to the last height + 1).
    const initialHeight = request.initialHeight > 0n ? request.initialHeight : 1n;
    if (initialHeight > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`initial_height ${request.initialHeight} is too large`);
    const appState = request.appStateBytes.length
      ? (JSON.parse(Buffer.from(request.appStateBytes).toString("utf8")) as Record<string, unknown>)
      : {};
    const state = this.store.branch();
    writeChainId(state, request.chainId);
    writeLastHeader(state, { height: initialHeight - 1n, timeMs: timestampToMs(request.time) });
    this.chainId = request.chainId;
    this.initialHeight = Number(initialHeight);
    const header: BlockHeader = { chainId: request.chainId, height: initialHeight - 1n, timeMs: timestampToMs(request.time), hash: new Uint8Array(), proposer: new Uint8Array() };
    this.modules.initGenesis(new Context(header, "genesis", state), appState);
    this.genesisState = state;
    this.checkState = state.branch();
    const appHash = this.store.stage(this.initialHeight, state.changes());
    return { consensusParams: undefined, validators: request.validators, appHash };
  }

  private requireChainId(): string {
    if (this.chainId === undefined) throw new Error("the chain has no genesis yet (InitChain was not called)");
    return this.chainId;
  }

  private checkHeader(): BlockHeader {
    const last = readLastHeader(this.checkState);
    return {
      chainId: this.requireChainId(),
      height: (last?.height ?? 0n) + 1n,
      timeMs: last?.timeMs ?? 0n,
      hash: new Uint8Array(),
      proposer: new Uint8Array(),
    };
  }

  private simulationHeader(): BlockHeader {
    return this.checkHeader();
  }

  private simulate(txBytes: Uint8Array) {
    return runTx(this.runner, this.simulationHeader(), "simulate", this.checkState.branch(), txBytes);
  }

  /**
   * `blockExecution` is told when FinalizeBlock starts and stops running txs (it yields to the event
   * loop between them), so the preverifier keeps its own main-thread work out of a block's way.
   */
  setPreverifier(preverifier: Preverifier, close: () => Promise<void>, blockExecution?: (executing: boolean) => void): void {
    this.preverifier = preverifier;
    this.closers.push(close);
    this.blockExecution = blockExecution;
  }

  /** A context over the mempool's state (for read-only lookups outside a tx). */
  checkContext(): Context {
    return new Context(this.checkHeader(), "check", this.checkState);
  }

  /**
   * Starts the tx's signature checks now (see AbciApplication.preverifyTx); its CheckTx(NEW) then
   * waits for these instead of starting its own. Resolves when they are done; never rejects.
   */
  preverifyTx(tx: Uint8Array): Promise<void> {
    if (!this.preverifier || this.chainId === undefined) return Promise.resolve();
    const hash = txHash(tx);
    let started = this.preverifying.get(hash);
    if (!started) {
      started = this.preverifier(tx, hash, this.chainId).catch(() => undefined);
      this.preverifying.set(hash, started);
    }
    return started;
  }

  async checkTx(request: RequestCheckTx): Promise<ResponseCheckTx> {
    const mode = request.type === CheckTxType.RECHECK ? "recheck" : "check";
    const preverified = mode === "check" ? this.takePreverification(request.tx) : undefined;
    const run = async (): Promise<ResponseCheckTx> => {
      if (preverified) await preverified;
      return this.checkTxNow(request.tx, mode);
    };
    const result = this.checkQueue.then(run, run);
    this.checkQueue = result;
    return result;
  }

  /** The signature checks preverifyTx started for this tx, or new ones. */
  private takePreverification(tx: Uint8Array): Promise<void> | undefined {
    if (!this.preverifier || this.chainId === undefined) return undefined;
    const hash = txHash(tx);
    const started = this.preverifying.get(hash);
    if (started) {
      this.preverifying.delete(hash);
      return started;
    }
    return this.preverifier(tx, hash, this.chainId);
  }

  private checkTxNow(tx: Uint8Array, mode: "check" | "recheck"): ResponseCheckTx {
    const outcome = runTx(this.runner, this.checkHeader(), mode, this.checkState, tx);
    // As the SDK: CheckTx carries no msg responses (they belong to the block result).
    return txResult(outcome, new Uint8Array());
  }

  async prepareProposal(request: RequestPrepareProposal): Promise<ResponsePrepareProposal> {
    const txs: Uint8Array[] = [];
    let bytes = 0n;
    for (const tx of request.txs) {
      if (request.maxTxBytes > 0n && bytes + BigInt(tx.length) > request.maxTxBytes) break;
      bytes += BigInt(tx.length);
      txs.push(tx);
    }
    return { txs };
  }

  async processProposal(): Promise<ResponseProcessProposal> {
    // Every tx is validated again in FinalizeBlock; an invalid one fails there with its code.
    return { status: ResponseProcessProposal_ProposalStatus.ACCEPT };
  }

  async finalizeBlock(request: RequestFinalizeBlock): Promise<ResponseFinalizeBlock> {
    const height = Number(request.height);
    const last = this.store.lastCommit.height;
    const expected = last === 0 ? this.initialHeight : last + 1;
    if (height !== expected) {
      throw new Error(`FinalizeBlock for height ${height}, but the ${last === 0 ? `chain's initial height is ${expected}` : `last commit is ${last}`}`);
    }
    const state = this.genesisState ?? this.store.branch();
    const header: BlockHeader = {
      chainId: this.requireChainId(),
      height: request.height,
      timeMs: timestampToMs(request.time),
      hash: request.hash,
      proposer: request.proposerAddress,
    };
    writeLastHeader(state, { height: header.height, timeMs: header.timeMs });

    const beginEvents = new EventManager();
    this.modules.beginBlock(new Context(header, "finalize", state, undefined, beginEvents));
    const txResults = await this.runBlockTxs(header, state, request.txs);
    const endEvents = new EventManager();
    this.modules.endBlock(new Context(header, "finalize", state, undefined, endEvents));

    this.blockState = state;
    const appHash = this.store.stage(height, state.changes());
    return {
      events: [...tagEvents(beginEvents.events, "BeginBlock"), ...tagEvents(endEvents.events, "EndBlock")],
      txResults,
      validatorUpdates: [],
      consensusParamUpdates: undefined,
      appHash,
    };
  }

  private async runBlockTxs(header: BlockHeader, state: BranchStore, txs: readonly Uint8Array[]): Promise<ExecTxResult[]> {
    const txResults: ExecTxResult[] = [];
    let gasSinceYield = 0n;
    this.blockExecution?.(true);
    try {
      for (const tx of txs) {
        // Lets CheckTx requests that arrive during a long block be read and their signatures start
        // verifying on the worker, which otherwise sat idle for the whole block. Safe because CheckTx
        // runs on its own branch of the committed state, as it does under CometBFT, whose mempool
        // connection is not blocked by FinalizeBlock either; nothing here depends on what ran between.
        if (gasSinceYield >= GAS_BETWEEN_YIELDS) {
          gasSinceYield = 0n;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        const outcome = runTx(this.runner, header, "finalize", state, tx);
        gasSinceYield += outcome.gasUsed;
        txResults.push(txResult(outcome, outcome.data));
      }
    } finally {
      this.blockExecution?.(false);
    }
    return txResults;
  }

  async commit(): Promise<ResponseCommit> {
    if (!this.blockState) throw new Error("Commit without FinalizeBlock");
    this.store.commit();
    this.blockState = undefined;
    this.genesisState = undefined;
    this.checkState = this.store.branch();
    return { retainHeight: 0n };
  }

  async query(request: RequestQuery): Promise<ResponseQuery> {
    return this.queries.handle(request, this.chainId ?? "");
  }

  async extendVote(): Promise<ResponseExtendVote> {
    return { voteExtension: new Uint8Array() };
  }

  async verifyVoteExtension(): Promise<ResponseVerifyVoteExtension> {
    return { status: ResponseVerifyVoteExtension_VerifyStatus.ACCEPT };
  }

  /** Runs every module invariant against the latest committed state (tests and `--check`). */
  checkInvariants(): string[] {
    const ctx = new Context(this.checkHeader(), "query", this.store.branch());
    return this.modules.invariants.flatMap((invariant) => {
      const problem = invariant.check(ctx);
      return problem ? [`${invariant.name}: ${problem}`] : [];
    });
  }

  exportGenesis(): Record<string, unknown> {
    return this.modules.exportGenesis(new Context(this.checkHeader(), "query", this.store.branch()));
  }

  async close(): Promise<void> {
    await this.checkQueue.catch(() => undefined);
    for (const close of this.closers) await close();
    this.store.close();
  }
}
