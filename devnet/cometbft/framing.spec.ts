import { encodeUvarint, frame, FrameReader, FramingError } from "./framing";

describe("ABCI framing", () => {
  it("writes unsigned varints (not zigzag as in v0.34)", () => {
    expect([...encodeUvarint(0)]).toEqual([0]);
    expect([...encodeUvarint(1)]).toEqual([1]); // zigzag would give 2
    expect([...encodeUvarint(300)]).toEqual([0xac, 0x02]);
  });

  it("reassembles frames split at every byte boundary and several per chunk", () => {
    const payloads = [Buffer.from("a"), Buffer.alloc(200, 7), Buffer.alloc(0), Buffer.from("xyz")];
    const stream = Buffer.concat(payloads.map(frame));
    const reader = new FrameReader(1024);
    const out: Buffer[] = [];
    for (const byte of stream) out.push(...reader.push(Buffer.from([byte])));
    expect(out.map((b) => b.toString("hex"))).toEqual(payloads.map((b) => b.toString("hex")));
    expect(new FrameReader(1024).push(stream)).toHaveLength(4);
    expect(reader.pending).toBe(0);
  });

  it("rejects a length over the limit and a varint that never ends", () => {
    expect(() => new FrameReader(100).push(frame(Buffer.alloc(101)))).toThrow(FramingError);
    expect(() => new FrameReader(Number.MAX_SAFE_INTEGER).push(Buffer.alloc(11, 0x80))).toThrow(/varint/);
  });
});
