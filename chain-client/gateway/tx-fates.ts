/**
 * How the broadcaster learns what became of the txs it sent.
 *
 * Normally block by block: each poll asks the node for its height and reads only the blocks
 * committed since the previous poll (`block` for the tx hashes, `block_results` for the results:
 * two requests per block, whatever the number of txs in flight). Looking every in-flight tx up by
 * hash instead (`tx_search`) costs one request per tx per poll: with 64 txs in flight and a poll
 * every 100 ms, ~640 requests a second served by the node, mostly answering "not yet".
 *
 * By hash remains for what a scan cannot see: txs sent by an earlier run of the gateway (they may
 * sit in any older block) and a gateway that fell more than `maxBlocksPerScan` blocks behind.
 */
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import type { StargateClient } from "@cosmjs/stargate";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import type { ProofOutcome } from "../../generated/depin/proofs/v1/types";
import { MsgSubmitProofsResponse } from "../../generated/depin/proofs/v1/tx";
import { rpcHttpUrl, txHashHex } from "../broadcast";
import { TypeUrls } from "../registry";

/** What a committed tx did: its code and, on success, one outcome per proof. */
export interface TxFate {
  readonly code: number;
  readonly height: number;
  readonly outcomes: ProofOutcome[];
  readonly log?: string;
}

const SUBMIT_PROOFS_RESPONSE = `${TypeUrls.SubmitProofs}Response`;

function outcomesOf(msgResponses: readonly { typeUrl: string; value: Uint8Array }[]): ProofOutcome[] {
  const resp = msgResponses.find((m) => m.typeUrl === SUBMIT_PROOFS_RESPONSE);
  return resp ? MsgSubmitProofsResponse.decode(resp.value).outcomes : [];
}

function failed(code: number, height: number, log: string | undefined, gasWanted: bigint | number, gasUsed: bigint | number): TxFate {
  return { code, height, outcomes: [], log: `${log ?? ""} (gas wanted ${gasWanted}, used ${gasUsed})` };
}

export class TxFates {
  /** Next block height to scan; blocks below it were scanned (or predate every tx we track). */
  private nextHeight = 0;

  private constructor(
    private readonly client: StargateClient,
    private readonly comet: Comet38Client,
    private readonly maxBlocksPerScan: number,
  ) {}

  /** Starts scanning at the node's current head: call before sending anything. */
  static async connect(client: StargateClient, rpcUrl: string, maxBlocksPerScan = 50): Promise<TxFates> {
    const comet = await Comet38Client.connect(rpcHttpUrl(rpcUrl));
    const fates = new TxFates(client, comet, maxBlocksPerScan);
    fates.nextHeight = (await comet.status()).syncInfo.latestBlockHeight;
    return fates;
  }

  disconnect(): void {
    this.comet.disconnect();
  }

  /** The fate of one tx by its hash (the node's tx index), or undefined if not committed (yet). */
  async byHash(hash: string): Promise<TxFate | undefined> {
    const tx = await this.client.getTx(hash).catch(() => undefined);
    if (!tx) return undefined;
    if (tx.code !== 0) return failed(tx.code, tx.height, tx.rawLog, tx.gasWanted, tx.gasUsed);
    return { code: 0, height: tx.height, outcomes: outcomesOf(tx.msgResponses) };
  }

  /**
   * Fates of those `hashes` committed since the previous call, keyed by hash. Reads the new blocks;
   * when more than `maxBlocksPerScan` arrived it reads the latest ones and looks up by hash the
   * txs not found there (older blocks are in the node's tx index by then).
   */
  async committedSince(hashes: ReadonlySet<string>): Promise<Map<string, TxFate>> {
    const found = new Map<string, TxFate>();
    const latest = (await this.comet.status()).syncInfo.latestBlockHeight;
    const skipped = latest - this.nextHeight + 1 > this.maxBlocksPerScan;
    if (skipped) this.nextHeight = latest - this.maxBlocksPerScan + 1;
    const heights: number[] = [];
    for (let h = this.nextHeight; h <= latest; h++) heights.push(h);
    await Promise.all(heights.map((h) => this.scanBlock(h, hashes, found)));
    this.nextHeight = latest + 1;
    if (skipped) {
      for (const hash of hashes) {
        if (found.has(hash)) continue;
        const fate = await this.byHash(hash);
        if (fate) found.set(hash, fate);
      }
    }
    return found;
  }

  private async scanBlock(height: number, hashes: ReadonlySet<string>, found: Map<string, TxFate>): Promise<void> {
    const [{ block }, { results }] = await Promise.all([this.comet.block(height), this.comet.blockResults(height)]);
    const mine = block.txs.map((tx, i) => [txHashHex(tx), i] as const).filter(([hash]) => hashes.has(hash));
    for (const [hash, i] of mine) {
      const r = results[i];
      if (!r) throw new Error(`block_results at height ${height} has no result for tx ${i} (${hash})`);
      found.set(hash, r.code !== 0 ? failed(r.code, height, r.log, r.gasWanted, r.gasUsed) : { code: 0, height, outcomes: outcomesOf(TxMsgData.decode(r.data ?? new Uint8Array()).msgResponses) });
    }
  }
}
