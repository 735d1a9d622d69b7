/**
 * Drives an app in-process block by block through the ABCI interface, exactly as a consensus
 * engine would (InitChain, CheckTx, FinalizeBlock, Commit), for module tests and the plugin kit.
 * Block time advances by a fixed step so runs are reproducible.
 *
 * Like CometBFT's mempool it remembers the txs that passed CheckTx and are not in a block yet, and
 * rechecks them after every Commit (the app's check state starts again from the committed state,
 * so without the recheck a tx checked for the next block would be forgotten, and the next one of
 * the same account would fail with a sequence mismatch). CheckTx calls still under way when a block
 * commits are waited for first, as CometBFT's mempool lock does.
 *
 * A tx's signature checks start as it arrives (the app's preverifyTx, on its worker); its CheckTx is
 * sent once they are done, in arrival order, and never between a block's Commit and the end of its
 * recheck. A block does not wait for txs whose signatures are still being checked: like txs still
 * on their way to CometBFT's mempool, they are checked against the committed state afterwards.
 */
import { createHash } from "node:crypto";
import type { ExecTxResult, ResponseCheckTx, ResponseFinalizeBlock, ResponseQuery } from "cosmjs-types/tendermint/abci/types";
import { CheckTxType } from "cosmjs-types/tendermint/abci/types";
import type { AbciApplication } from "../abci";

export interface TestChainOptions {
  readonly chainId: string;
  readonly appState: unknown;
  /** Genesis time in unix ms (default 2026-01-01T00:00:00Z). */
  readonly genesisTimeMs?: bigint;
  /** Block time step in ms (default 1000). */
  readonly blockStepMs?: bigint;
  /** Height of the first block (genesis initial_height; default 1). */
  readonly initialHeight?: bigint;
}

export interface DeliveredBlock {
  readonly height: bigint;
  readonly appHash: Uint8Array;
  readonly txResults: ExecTxResult[];
  readonly response: ResponseFinalizeBlock;
}

const DEFAULT_GENESIS_MS = 1_767_225_600_000n;

function hashOf(tx: Uint8Array): string {
  return createHash("sha256").update(tx).digest("hex");
}

function timestamp(ms: bigint): { seconds: bigint; nanos: number } {
  return { seconds: ms / 1000n, nanos: Number(ms % 1000n) * 1_000_000 };
}

export class TestChain {
  private height = 0n;
  private timeMs: bigint;
  private readonly stepMs: bigint;
  readonly blocks: DeliveredBlock[] = [];
  /** Txs that passed CheckTx and are in no block yet, by hash, in the order they were checked. */
  private readonly mempool = new Map<string, Uint8Array>();
  private readonly checksUnderWay = new Set<Promise<unknown>>();
  /** Settles when every tx that arrived so far has been handed to CheckTx. */
  private arrivals: Promise<unknown> = Promise.resolve();
  /** Set by a block from before its Commit to the end of its recheck: CheckTx waits for it. */
  private commitAndRecheck: Promise<void> | undefined;

  private constructor(
    readonly app: AbciApplication,
    readonly chainId: string,
    genesisMs: bigint,
    stepMs: bigint,
  ) {
    this.timeMs = genesisMs;
    this.stepMs = stepMs;
  }

  static async start(app: AbciApplication, options: TestChainOptions): Promise<TestChain> {
    const genesisMs = options.genesisTimeMs ?? DEFAULT_GENESIS_MS;
    const chain = new TestChain(app, options.chainId, genesisMs, options.blockStepMs ?? 1000n);
    const initialHeight = options.initialHeight ?? 1n;
    chain.height = initialHeight - 1n;
    await app.initChain({
      time: timestamp(genesisMs),
      chainId: options.chainId,
      consensusParams: undefined,
      validators: [],
      appStateBytes: Buffer.from(JSON.stringify(options.appState), "utf8"),
      initialHeight,
    });
    return chain;
  }

  get lastHeight(): bigint {
    return this.height;
  }

  async checkTx(tx: Uint8Array): Promise<ResponseCheckTx> {
    // Never rejects by contract; a failure must not break the arrival order of every later tx.
    const preverified = this.app.preverifyTx?.(tx).catch(() => undefined);
    const turn = this.arrivals.then(() => preverified);
    this.arrivals = turn;
    await turn;
    // Checked and sent in one synchronous step, so a block that has started committing always sees
    // this CheckTx either among the ones it waits for or not at all.
    while (this.commitAndRecheck) await this.commitAndRecheck;
    const check = this.app.checkTx({ tx, type: CheckTxType.NEW });
    this.checksUnderWay.add(check);
    try {
      const response = await check;
      if (response.code === 0) this.mempool.set(hashOf(tx), tx);
      return response;
    } finally {
      this.checksUnderWay.delete(check);
    }
  }

  /** Txs that passed CheckTx (and their rechecks) and are not in a block yet. */
  get pendingTxs(): number {
    return this.mempool.size;
  }

  /** Finalizes and commits one block containing `txs` (no CheckTx filtering: like a proposer that includes anything). */
  async deliver(txs: Uint8Array[] = []): Promise<DeliveredBlock> {
    this.height += 1n;
    this.timeMs += this.stepMs;
    const hash = createHash("sha256").update(`${this.chainId}/${this.height}`).digest();
    const response = await this.app.finalizeBlock({
      txs,
      decidedLastCommit: { round: 0, votes: [] },
      misbehavior: [],
      hash,
      height: this.height,
      time: timestamp(this.timeMs),
      nextValidatorsHash: new Uint8Array(),
      proposerAddress: new Uint8Array(20),
    });
    let reopen!: () => void;
    this.commitAndRecheck = new Promise<void>((resolve) => (reopen = resolve));
    try {
      await Promise.allSettled([...this.checksUnderWay]);
      await this.app.commit();
      for (const tx of txs) this.mempool.delete(hashOf(tx));
      await this.recheck();
    } finally {
      this.commitAndRecheck = undefined;
      reopen();
    }
    const block = { height: this.height, appHash: response.appHash, txResults: response.txResults, response };
    this.blocks.push(block);
    return block;
  }

  /** Rechecks every remembered tx on the new state, in order, and forgets the ones it now refuses. */
  private async recheck(): Promise<void> {
    // Started together so that they queue in the app in this order, ahead of any later CheckTx.
    const pending = [...this.mempool];
    const responses = await Promise.all(pending.map(([, tx]) => this.app.checkTx({ tx, type: CheckTxType.RECHECK })));
    responses.forEach((response, i) => {
      if (response.code !== 0) this.mempool.delete(pending[i][0]);
    });
  }

  /** Runs CheckTx on each tx and delivers the ones it accepts in one block. */
  async deliverChecked(txs: Uint8Array[]): Promise<{ checks: ResponseCheckTx[]; block: DeliveredBlock }> {
    const checks: ResponseCheckTx[] = [];
    const accepted: Uint8Array[] = [];
    for (const tx of txs) {
      const check = await this.checkTx(tx);
      checks.push(check);
      if (check.code === 0) accepted.push(tx);
    }
    return { checks, block: await this.deliver(accepted) };
  }

  async query(path: string, data: Uint8Array, height = 0n): Promise<ResponseQuery> {
    return this.app.query({ path, data, height, prove: false });
  }
}
