/** A block as the indexer needs it: what `block` + `block_results` return, flattened. */
export interface RawAttribute {
  readonly key: string;
  readonly value: string;
}

export interface RawEvent {
  readonly type: string;
  readonly attributes: readonly RawAttribute[];
}

export interface RawTx {
  /** Upper-case hex sha256 of the tx bytes (CometBFT's tx hash). */
  readonly hash: string;
  readonly code: number;
  readonly events: readonly RawEvent[];
}

export interface RawBlock {
  readonly chainId: string;
  readonly height: number;
  /** Upper-case hex. */
  readonly hash: string;
  /** Hash of the previous block ("" at height 1). */
  readonly lastBlockHash: string;
  readonly timeMs: number;
  readonly txs: readonly RawTx[];
  readonly finalizeBlockEvents: readonly RawEvent[];
}
