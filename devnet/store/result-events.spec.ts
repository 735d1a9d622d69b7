import { Block } from "cosmjs-types/tendermint/types/block";
import { type Event, ExecTxResult, ResponseFinalizeBlock } from "cosmjs-types/tendermint/abci/types";

// The tx index thread's reader (plain CommonJS, loaded as that thread loads it).
const { blockTxs, splitFinalizeBlockResults, txResultEvents } = require("./result-events.cjs") as {
  blockTxs(buf: Buffer): Buffer[];
  splitFinalizeBlockResults(buf: Buffer): { events: ReaderEvent[]; txResults: Buffer[] };
  txResultEvents(buf: Buffer): ReaderEvent[];
};
type ReaderEvent = { type: string; attributes: Array<{ key: string; value: string }> };

const plain = (events: readonly Event[]): ReaderEvent[] =>
  events.map((event) => ({ type: event.type, attributes: event.attributes.map(({ key, value }) => ({ key, value })) }));

/** Deterministic pseudo-random integers (xorshift32), so a failure reproduces. */
function generator(seed: number) {
  let state = seed;
  return (limit: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % limit;
  };
}

const WORDS = ["", "transfer", "message.sender", "depin1qy3…", "ünïcødé ✓", "𝔉ieldnet", "a".repeat(300), "1000udepin"];

function randomEvents(next: (limit: number) => number): Event[] {
  return Array.from({ length: next(6) }, () => ({
    type: WORDS[next(WORDS.length)],
    attributes: Array.from({ length: next(5) }, () => ({ key: WORDS[next(WORDS.length)], value: WORDS[next(WORDS.length)], index: next(2) === 1 })),
  }));
}

describe("result-events.cjs (the tx index thread's protobuf reader)", () => {
  it("reads what cosmjs-types encodes: block events, each tx result's bytes and its events", () => {
    const next = generator(7);
    for (let round = 0; round < 50; round++) {
      const txResults = Array.from({ length: next(4) }, () =>
        ExecTxResult.fromPartial({
          code: next(3),
          data: new Uint8Array([1, 2, 3]),
          log: "log",
          info: "info",
          gasWanted: BigInt(next(1_000_000)),
          gasUsed: 2n ** 40n + BigInt(next(1000)),
          events: randomEvents(next),
          codespace: next(2) === 1 ? "sdk" : "",
        }),
      );
      const response = ResponseFinalizeBlock.fromPartial({
        events: randomEvents(next),
        txResults,
        appHash: new Uint8Array(32).fill(9),
        validatorUpdates: [{ power: 10n }],
      });
      const bytes = Buffer.from(ResponseFinalizeBlock.encode(response).finish());

      const split = splitFinalizeBlockResults(bytes);
      expect(split.events).toEqual(plain(response.events));
      expect(split.txResults.map((b) => b.toString("hex"))).toEqual(txResults.map((r) => Buffer.from(ExecTxResult.encode(r).finish()).toString("hex")));
      split.txResults.forEach((resultBytes, i) => expect(txResultEvents(resultBytes)).toEqual(plain(txResults[i].events)));
    }
  });

  it("reads a block's txs, skipping header, evidence and last commit", () => {
    const txs = [new Uint8Array([]), new Uint8Array([0xff, 0, 1]), new Uint8Array(1000).fill(7)];
    const block = Block.fromPartial({
      header: { chainId: "fieldnet-devnet", height: 12n, time: { seconds: 1_700_000_000n, nanos: 5 } },
      data: { txs },
      lastCommit: { height: 11n, round: 0, signatures: [{ blockIdFlag: 2, signature: new Uint8Array(64) }] },
    });
    const read = blockTxs(Buffer.from(Block.encode(block).finish()));
    expect(read.map((tx) => tx.toString("hex"))).toEqual(txs.map((tx) => Buffer.from(tx).toString("hex")));
    expect(blockTxs(Buffer.from(Block.encode(Block.fromPartial({})).finish()))).toEqual([]);
  });

  it("refuses truncated bytes instead of reading past them", () => {
    const bytes = Buffer.from(
      ExecTxResult.encode(ExecTxResult.fromPartial({ events: [{ type: "transfer", attributes: [{ key: "amount", value: "5udepin" }] }] })).finish(),
    );
    expect(() => txResultEvents(bytes.subarray(0, bytes.length - 3))).toThrow(/truncated/);
  });
});
