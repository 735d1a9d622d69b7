/**
 * A CometBFT-like FIFO mempool: txs that passed CheckTx, in arrival order, capped by count and
 * bytes; a cache of recently seen tx hashes rejects duplicates (committed txs stay in the cache,
 * txs failing CheckTx/recheck leave it so they can be resubmitted).
 */
import { MempoolFullError, TxInCacheError, TxTooLargeError } from "./errors";
import { sha256 } from "./hashing";
import { toHex } from "./encoding";

export interface MempoolOptions {
  /** Max txs held (CometBFT default 5000). */
  readonly maxTxs: number;
  /** Max total bytes held (CometBFT default 1 GiB; a devnet needs less). */
  readonly maxBytes: number;
  /** Max size of one tx (CometBFT default 1 MiB). */
  readonly maxTxBytes: number;
  /** How many recent tx hashes are remembered for de-duplication (CometBFT default 10000). */
  readonly cacheSize: number;
}

export const DEFAULT_MEMPOOL_OPTIONS: MempoolOptions = {
  maxTxs: 5000,
  maxBytes: 256 * 1024 * 1024,
  maxTxBytes: 1024 * 1024,
  cacheSize: 10000,
};

export interface MempoolTx {
  readonly tx: Uint8Array;
  readonly hash: Uint8Array;
  /** Upper-hex hash, the map key. */
  readonly key: string;
  readonly gasWanted: bigint;
}

export class Mempool {
  readonly options: MempoolOptions;
  private readonly txs = new Map<string, MempoolTx>();
  private readonly cache = new Map<string, true>();
  private totalBytes = 0;
  // Admitted txs whose CheckTx has not finished: they count towards the limits, as in CometBFT,
  // where broadcast calls reach the full-mempool check one at a time. Here many can be admitted
  // in one event-loop turn (a JSON-RPC batch), before any of their CheckTx calls returns.
  private checkingTxs = 0;
  private checkingBytes = 0;

  constructor(options: Partial<MempoolOptions> = {}) {
    this.options = { ...DEFAULT_MEMPOOL_OPTIONS, ...options };
  }

  get size(): number {
    return this.txs.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /**
   * The pre-CheckTx admission checks, in CometBFT's order (size, fullness, cache). On success the
   * hash is in the cache; call `add` after a passing CheckTx or `forget` after a failing one.
   */
  admit(tx: Uint8Array): { hash: Uint8Array; key: string } {
    const o = this.options;
    if (tx.length > o.maxTxBytes) throw new TxTooLargeError(`tx too large. Max size is ${o.maxTxBytes}, but got ${tx.length}`);
    const count = this.txs.size + this.checkingTxs;
    const bytes = this.totalBytes + this.checkingBytes;
    if (count >= o.maxTxs || bytes + tx.length > o.maxBytes) {
      throw new MempoolFullError(`mempool is full: number of txs ${count} (max: ${o.maxTxs}), total txs bytes ${bytes} (max: ${o.maxBytes})`);
    }
    const hash = sha256(tx);
    const key = toHex(hash);
    if (this.cache.has(key)) throw new TxInCacheError();
    this.remember(key);
    this.checkingTxs++;
    this.checkingBytes += tx.length;
    return { hash, key };
  }

  /** After a passing CheckTx of an admitted tx. */
  add(entry: MempoolTx): void {
    this.checked(entry.tx.length);
    if (this.txs.has(entry.key)) return;
    this.txs.set(entry.key, entry);
    this.totalBytes += entry.tx.length;
  }

  /** After a failing (or throwing) CheckTx of an admitted tx: it may be resubmitted. */
  forget(key: string, txLength: number): void {
    this.checked(txLength);
    this.cache.delete(key);
  }

  private checked(txLength: number): void {
    this.checkingTxs--;
    this.checkingBytes -= txLength;
  }

  /** Txs in FIFO order, as many as fit in `maxBytes` and (if >= 0) `maxGas`. */
  reap(maxBytes: number, maxGas: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    let bytes = 0;
    let gas = 0n;
    for (const entry of this.txs.values()) {
      // protobuf overhead of a repeated bytes field: tag + length varint.
      const size = entry.tx.length + 1 + varintSize(entry.tx.length);
      if (bytes + size > maxBytes) break;
      if (maxGas >= 0 && gas + entry.gasWanted > BigInt(maxGas)) break;
      bytes += size;
      gas += entry.gasWanted;
      out.push(entry.tx);
    }
    return out;
  }

  /** Removes committed txs (they stay in the cache, so a replay of them is rejected). */
  removeCommitted(txs: readonly Uint8Array[]): void {
    for (const tx of txs) {
      const key = toHex(sha256(tx));
      this.remember(key);
      this.remove(key);
    }
  }

  /** Drops a tx that failed recheck; it also leaves the cache so it can be resubmitted. */
  evict(key: string): void {
    this.remove(key);
    this.cache.delete(key);
  }

  entries(): MempoolTx[] {
    return [...this.txs.values()];
  }

  private remove(key: string): void {
    const entry = this.txs.get(key);
    if (!entry) return;
    this.txs.delete(key);
    this.totalBytes -= entry.tx.length;
  }

  private remember(key: string): void {
    this.cache.delete(key);
    this.cache.set(key, true);
    if (this.cache.size > this.options.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}
