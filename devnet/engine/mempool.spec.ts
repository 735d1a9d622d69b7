import { MempoolFullError, TxInCacheError } from "./errors";
import { Mempool } from "./mempool";

const tx = (n: number) => new Uint8Array([n, 1, 2, 3]);

describe("Mempool admission", () => {
  it("counts txs still in CheckTx towards the limit, so a burst admitted in one turn cannot overfill it", () => {
    const mempool = new Mempool({ maxTxs: 2 });
    const a = mempool.admit(tx(1));
    mempool.admit(tx(2));
    expect(() => mempool.admit(tx(3))).toThrow(MempoolFullError);
    // One fails CheckTx: its room is free again, and it may be resubmitted.
    mempool.forget(a.key, tx(1).length);
    const again = mempool.admit(tx(1));
    mempool.add({ tx: tx(1), hash: again.hash, key: again.key, gasWanted: 0n });
    expect(mempool.size).toBe(1);
    expect(() => mempool.admit(tx(4))).toThrow(/number of txs 2 \(max: 2\)/);
  });

  it("counts bytes of txs in CheckTx too", () => {
    const mempool = new Mempool({ maxBytes: 10 });
    mempool.admit(tx(1));
    mempool.admit(tx(2));
    expect(() => mempool.admit(tx(3))).toThrow(/total txs bytes 8 \(max: 10\)/);
  });

  it("refuses a tx already seen", () => {
    const mempool = new Mempool();
    const first = mempool.admit(tx(1));
    mempool.add({ tx: tx(1), hash: first.hash, key: first.key, gasWanted: 0n });
    expect(() => mempool.admit(tx(1))).toThrow(TxInCacheError);
  });
});
