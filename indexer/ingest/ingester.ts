/**
 * Follows a chain into the store: backfill from the checkpoint with concurrent fetches applied in
 * order, then live (woken by the WebSocket NewBlock subscription, polling when the socket is down).
 * A different chain behind the same URL (chain-id, block 1 or a parent hash that no longer
 * matches, or a head below the checkpoint) wipes the store and starts over: never mixed.
 */
import { EventEmitter } from "node:events";
import type { Kysely } from "kysely";
import type { IndexerDatabase } from "../store/schema";
import { DATA_TABLES } from "../store/schema";
import { genesisDevices, type GenesisDevice } from "./genesis-devices";
import { applyBlocks, type ApplyResult } from "./apply";
import { EMPTY_CHECKPOINT, readCheckpoint, type Checkpoint } from "./checkpoint";
import { decodeBlock, type DecodedBlock } from "./decode";
import type { BlockSource } from "./source";

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export interface IngesterOptions {
  readonly db: Kysely<IndexerDatabase>;
  readonly source: BlockSource;
  /** Native denom: only its transfers are indexed. */
  readonly denom: string;
  /** Blocks fetched concurrently during backfill. Default 16. */
  readonly concurrency?: number;
  /**
   * A backfill transaction closes after this many events (default 50,000) or blocks (default 200),
   * whole blocks only. Large batches write each touched device, balance and counter row once per
   * batch rather than once per few blocks: 5,000-event batches backfilled ~40% slower.
   */
  readonly batchEvents?: number;
  readonly batchBlocks?: number;
  /** Poll interval when the WebSocket is down; also a safety net while it is up (x4). Default 500. */
  readonly pollMs?: number;
  readonly logger?: Logger;
}

export interface IngesterEvents {
  applied: [result: ApplyResult];
  reset: [reason: string];
  head: [height: number];
}

export class ChainResetError extends Error {
  override readonly name = "ChainResetError";
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Ingester extends EventEmitter<IngesterEvents> {
  private checkpointValue: Checkpoint = EMPTY_CHECKPOINT;
  private chainHeight = 0;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private unsubscribe: (() => void) | undefined;
  private socketUp = false;
  private firstBlockVerified = false;
  private readonly warnedKinds = new Map<string, number>();
  private readonly logger: Logger;
  catchingUp = true;

  constructor(private readonly options: IngesterOptions) {
    super();
    this.setMaxListeners(0);
    this.logger = options.logger ?? { info: (m) => console.log(`[indexer] ${m}`), warn: (m) => console.warn(`[indexer] ${m}`) };
  }

  get checkpoint(): Checkpoint {
    return this.checkpointValue;
  }

  get headHeight(): number {
    return Math.max(this.chainHeight, this.checkpointValue.height);
  }

  async start(): Promise<void> {
    this.checkpointValue = await readCheckpoint(this.options.db);
    this.running = true;
    this.connectSocket();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.wake?.();
    await this.loop;
  }

  /** Resolves once the checkpoint reaches `height` (for tests and tools). */
  async waitForHeight(height: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.checkpointValue.height < height) {
      if (Date.now() > deadline) throw new Error(`indexer did not reach height ${height} (at ${this.checkpointValue.height})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 100);
        this.once("applied", () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  private connectSocket(): void {
    if (!this.running || !this.options.source.subscribe) return;
    try {
      this.unsubscribe = this.options.source.subscribe(
        (height) => {
          this.socketUp = true;
          if (height > this.chainHeight) this.chainHeight = height;
          this.wake?.();
        },
        (error) => {
          if (!this.running) return;
          this.socketUp = false;
          this.logger.warn(`NewBlock subscription dropped (${String(error)}); polling every ${this.pollMs} ms and reconnecting`);
          this.unsubscribe?.();
          this.unsubscribe = undefined;
          setTimeout(() => this.connectSocket(), 2000).unref();
        },
      );
      this.socketUp = true;
    } catch (error) {
      this.socketUp = false;
      this.logger.warn(`cannot subscribe to NewBlock (${String(error)}); polling`);
      setTimeout(() => this.connectSocket(), 2000).unref();
    }
  }

  private get pollMs(): number {
    return this.options.pollMs ?? 500;
  }

  private async idle(): Promise<void> {
    const ms = this.socketUp ? this.pollMs * 4 : this.pollMs;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
    this.wake = undefined;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        await this.verifyChain();
        await this.catchUp();
        failures = 0;
        if (this.running) await this.idle();
      } catch (error) {
        if (error instanceof ChainResetError) {
          await this.reset(error.message);
          continue;
        }
        failures++;
        this.logger.warn(`ingestion error (retry ${failures}): ${error instanceof Error ? error.message : String(error)}`);
        await sleep(Math.min(5000, 100 * 2 ** Math.min(failures, 6)));
      }
    }
  }

  /** Same chain as the one indexed so far? */
  private async verifyChain(): Promise<void> {
    const head = await this.options.source.head();
    this.chainHeight = Math.max(this.chainHeight, head.height);
    this.emit("head", head.height);
    const cp = this.checkpointValue;
    if (cp.height === 0) return;
    if (cp.chainId !== head.chainId) throw new ChainResetError(`chain-id changed from ${cp.chainId} to ${head.chainId}`);
    if (head.height < cp.height) throw new ChainResetError(`chain head ${head.height} is below the indexed height ${cp.height}`);
    if (cp.firstBlockHash && !this.firstBlockVerified) {
      const firstHeight = cp.firstBlockHeight || 1;
      const first = await this.options.source.fetch(firstHeight);
      if (first.hash !== cp.firstBlockHash) throw new ChainResetError(`block ${firstHeight} hash changed (${cp.firstBlockHash} -> ${first.hash})`);
      // Once per start: afterwards every new block's parent hash is checked (checkLinks).
      this.firstBlockVerified = true;
    }
  }

  private async reset(reason: string): Promise<void> {
    this.logger.warn(`chain reset detected: ${reason}; rebuilding the index from block 1`);
    await this.options.db.transaction().execute(async (trx) => {
      for (const table of DATA_TABLES) await trx.deleteFrom(table).execute();
    });
    this.checkpointValue = EMPTY_CHECKPOINT;
    this.chainHeight = 0;
    this.catchingUp = true;
    this.emit("reset", reason);
  }

  private async catchUp(): Promise<void> {
    const concurrency = this.options.concurrency ?? 16;
    const batchEvents = this.options.batchEvents ?? 50_000;
    const batchBlocks = this.options.batchBlocks ?? 200;
    const inflight = new Map<number, Promise<DecodedBlock>>();
    // A fresh index starts at the chain's first block: 1, or the initial_height of a chain started
    // from an exported state (its earlier heights do not exist).
    let next = this.checkpointValue.height > 0 ? this.checkpointValue.height + 1 : Math.max(1, (await this.options.source.head()).earliestHeight ?? 1);
    const fetch = (h: number) => {
      const p = this.options.source.fetch(h).then((b) => decodeBlock(b, this.options.denom));
      p.catch(() => undefined); // awaited later; avoid an unhandled rejection meanwhile
      inflight.set(h, p);
    };
    try {
      while (this.running) {
        if (next > this.chainHeight) {
          const head = await this.options.source.head();
          this.chainHeight = Math.max(this.chainHeight, head.height);
          if (next > this.chainHeight) break;
        }
        this.catchingUp = this.chainHeight - this.checkpointValue.height > 1;
        const batch: DecodedBlock[] = [];
        let events = 0;
        while (next <= this.chainHeight && batch.length < batchBlocks && events < batchEvents) {
          for (let h = next; h <= Math.min(this.chainHeight, next + concurrency - 1); h++) if (!inflight.has(h)) fetch(h);
          const decoded = await inflight.get(next)!;
          inflight.delete(next);
          batch.push(decoded);
          events += decoded.eventCount;
          next++;
          // Live: apply each block as soon as it is here rather than waiting to fill a batch.
          if (!inflight.has(next) && next > this.chainHeight - 1) break;
        }
        this.checkLinks(batch);
        const from = this.checkpointValue;
        // The index's first batch also records the devices the chain holds from genesis.
        const seed = from.height === 0 ? await this.genesisDevicesOrNone() : [];
        const result = await this.options.db.transaction().execute((trx) => applyBlocks(trx, from, batch, seed));
        this.checkpointValue = result.checkpoint;
        this.warnUnknown(result);
        this.emit("applied", result);
      }
    } finally {
      inflight.clear();
    }
    this.catchingUp = false;
  }

  /** A node that cannot hand out its genesis (CometBFT refuses large ones) must not stop the index. */
  private async genesisDevicesOrNone(): Promise<GenesisDevice[]> {
    try {
      return genesisDevices(await this.options.source.genesisAppState?.());
    } catch (error) {
      this.logger.warn(`the chain's genesis devices are not indexed (reading its genesis failed: ${error instanceof Error ? error.message : String(error)})`);
      return [];
    }
  }

  /** Each block must extend the previous one: otherwise the chain was replaced under us. */
  private checkLinks(batch: readonly DecodedBlock[]): void {
    let prev = this.checkpointValue;
    for (const { block } of batch) {
      if (prev.height > 0 && block.lastBlockHash && block.lastBlockHash !== prev.blockHash) {
        throw new ChainResetError(`block ${block.height} does not extend the indexed block ${prev.height}`);
      }
      if (prev.chainId && block.chainId !== prev.chainId) throw new ChainResetError(`chain-id changed from ${prev.chainId} to ${block.chainId}`);
      prev = { ...prev, height: block.height, blockHash: block.hash, chainId: block.chainId };
    }
  }

  private warnUnknown(result: ApplyResult): void {
    for (const u of result.unknown) {
      const seen = this.warnedKinds.get(u.kind) ?? 0;
      this.warnedKinds.set(u.kind, seen + 1);
      // First time per kind, then every 1000th: an unknown event never floods the log.
      if (seen === 0 || (seen + 1) % 1000 === 0) this.logger.warn(`recorded and skipped unknown event ${u.kind} at ${u.height}/${u.idx} (${seen + 1} so far)`);
    }
  }
}
