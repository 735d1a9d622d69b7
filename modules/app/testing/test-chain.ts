/**
 * Drives an app in-process block by block through the ABCI interface, exactly as a consensus
 * engine would (InitChain, CheckTx, FinalizeBlock, Commit), for module tests and the plugin kit.
 * Block time advances by a fixed step so runs are reproducible.
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
}

export interface DeliveredBlock {
  readonly height: bigint;
  readonly appHash: Uint8Array;
  readonly txResults: ExecTxResult[];
  readonly response: ResponseFinalizeBlock;
}

const DEFAULT_GENESIS_MS = 1_767_225_600_000n;

function timestamp(ms: bigint): { seconds: bigint; nanos: number } {
  return { seconds: ms / 1000n, nanos: Number(ms % 1000n) * 1_000_000 };
}

export class TestChain {
  private height = 0n;
  private timeMs: bigint;
  private readonly stepMs: bigint;
  readonly blocks: DeliveredBlock[] = [];

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
    await app.initChain({
      time: timestamp(genesisMs),
      chainId: options.chainId,
      consensusParams: undefined,
      validators: [],
      appStateBytes: Buffer.from(JSON.stringify(options.appState), "utf8"),
      initialHeight: 1n,
    });
    return chain;
  }

  get lastHeight(): bigint {
    return this.height;
  }

  async checkTx(tx: Uint8Array): Promise<ResponseCheckTx> {
    return this.app.checkTx({ tx, type: CheckTxType.NEW });
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
    await this.app.commit();
    const block = { height: this.height, appHash: response.appHash, txResults: response.txResults, response };
    this.blocks.push(block);
    return block;
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
