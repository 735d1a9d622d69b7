/**
 * Where blocks come from: any CometBFT v0.38-compatible RPC, read with cosmjs's Comet38Client
 * (`block` + `block_results` per height). `BlockSource` is the seam the benchmark replaces with an
 * in-memory source to measure the store alone.
 */
import { createHash } from "node:crypto";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import type { RawBlock, RawEvent } from "./block";
import { subscribeNewBlockHeights } from "./new-block-feed";

export interface ChainHead {
  readonly chainId: string;
  readonly height: number;
  /** The chain's first block the node holds (its initial_height on a chain started from an export); default 1. */
  readonly earliestHeight?: number;
}

export interface BlockSource {
  head(): Promise<ChainHead>;
  fetch(height: number): Promise<RawBlock>;
  /** The genesis app_state (for the devices a chain holds from genesis); sources without one omit it. */
  genesisAppState?(): Promise<Record<string, unknown> | undefined>;
  /**
   * Calls `onBlock` on every new block until the returned function is called; `onDrop` when the
   * push channel fails (the caller then polls). Sources without push return undefined.
   */
  subscribe?(onBlock: (height: number) => void, onDrop: (error: unknown) => void): (() => void) | undefined;
  close(): void;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex").toUpperCase();

function toRawEvents(events: ReadonlyArray<{ readonly type: string; readonly attributes: ReadonlyArray<{ readonly key: string; readonly value: string }> }>): RawEvent[] {
  return events.map((e) => ({ type: e.type, attributes: e.attributes.map((a) => ({ key: a.key, value: a.value })) }));
}

export class RpcBlockSource implements BlockSource {
  private constructor(private readonly client: Comet38Client, private readonly rpcUrl: string) {}

  static async connect(rpcUrl: string): Promise<RpcBlockSource> {
    return new RpcBlockSource(await Comet38Client.connect(rpcUrl), rpcUrl);
  }

  async head(): Promise<ChainHead> {
    const status = await this.client.status();
    return { chainId: status.nodeInfo.network, height: status.syncInfo.latestBlockHeight, earliestHeight: status.syncInfo.earliestBlockHeight };
  }

  async fetch(height: number): Promise<RawBlock> {
    const [block, results] = await Promise.all([this.client.block(height), this.client.blockResults(height)]);
    const header = block.block.header;
    const txs = block.block.txs;
    if (results.results.length !== txs.length) throw new Error(`block ${height}: ${txs.length} txs but ${results.results.length} results`);
    return {
      chainId: header.chainId,
      height: header.height,
      hash: hex(block.blockId.hash),
      lastBlockHash: header.lastBlockId ? hex(header.lastBlockId.hash) : "",
      timeMs: header.time.getTime(),
      txs: txs.map((tx, i) => ({ hash: createHash("sha256").update(tx).digest("hex").toUpperCase(), code: results.results[i].code, events: toRawEvents(results.results[i].events) })),
      finalizeBlockEvents: toRawEvents(results.finalizeBlockEvents),
    };
  }

  async genesisAppState(): Promise<Record<string, unknown> | undefined> {
    return (await this.client.genesis()).appState;
  }

  subscribe(onBlock: (height: number) => void, onDrop: (error: unknown) => void): () => void {
    return subscribeNewBlockHeights(this.rpcUrl, onBlock, onDrop);
  }

  close(): void {
    this.client.disconnect();
  }
}
