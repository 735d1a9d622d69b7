import { createHash } from "node:crypto";
import { Header } from "cosmjs-types/tendermint/types/types";
import { headerHash, merkleRoot, precommitSignBytes } from "./hashing";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const sha = (...parts: Uint8Array[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

describe("CometBFT hashing", () => {
  it("Merkle root follows RFC 6962 with CometBFT's split and empty rule", () => {
    expect(hex(merkleRoot([]))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const items = [1, 2, 3].map((i) => Uint8Array.of(i));
    const leaf = (x: Uint8Array) => sha(Uint8Array.of(0), x);
    const inner = (l: Uint8Array, r: Uint8Array) => sha(Uint8Array.of(1), l, r);
    // n=3 splits 2|1.
    expect(hex(merkleRoot(items))).toBe(hex(inner(inner(leaf(items[0]), leaf(items[1])), leaf(items[2]))));
  });

  it("header fields are encoded as gogoproto wrappers (field 1), as CometBFT's cdcEncode does", () => {
    const header = Header.fromPartial({ chainId: "c", height: 3n, version: { block: 11n } });
    const leaves: Uint8Array[] = [
      Uint8Array.of(0x08, 11), // Consensus{block: 11}
      Uint8Array.of(0x0a, 1, "c".charCodeAt(0)), // StringValue
      Uint8Array.of(0x08, 3), // Int64Value
      new Uint8Array(), // Timestamp zero
      Uint8Array.of(0x12, 0), // BlockID with an empty part set header (non-nullable field)
      ...Array.from({ length: 9 }, () => new Uint8Array()),
    ];
    expect(hex(headerHash(header))).toBe(hex(merkleRoot(leaves)));
  });

  it("precommit sign bytes are length-delimited", () => {
    const bytes = precommitSignBytes("c", 1n, 0n, { hash: new Uint8Array(32), partSetHeader: { total: 1, hash: new Uint8Array(32) } }, { seconds: 1n, nanos: 0 });
    expect(bytes[0]).toBe(bytes.length - 1);
  });
});
