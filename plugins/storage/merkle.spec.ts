import { sha256, utf8 } from "../../modules/plugin";
import { MerkleTree, leafHash, nodeHash, rootFromPath } from "./merkle";

const chunks = (n: number) => Array.from({ length: n }, (_, i) => sha256(utf8(`chunk ${i}`)));

describe("storage Merkle tree", () => {
  it("every leaf's path leads to the root, for every tree size 1..17", () => {
    for (let n = 1; n <= 17; n++) {
      const tree = new MerkleTree(chunks(n));
      for (let i = 0; i < n; i++) expect(rootFromPath(leafHash(chunks(n)[i]!), BigInt(i), BigInt(n), tree.path(i))).toEqual(tree.root);
    }
  });

  it("odd levels promote the last node; leaves and nodes are domain-separated", () => {
    const c = chunks(3);
    expect(new MerkleTree(c).root).toEqual(nodeHash(nodeHash(leafHash(c[0]!), leafHash(c[1]!)), leafHash(c[2]!)));
    expect(new MerkleTree([c[0]!]).root).toEqual(leafHash(c[0]!));
    expect(leafHash(c[0]!)).not.toEqual(sha256(c[0]!));
  });

  it("rejects wrong leaves, siblings, lengths and indices", () => {
    const c = chunks(8);
    const tree = new MerkleTree(c);
    const path = tree.path(5);
    const leaf = leafHash(c[5]!);
    expect(rootFromPath(leafHash(c[4]!), 5n, 8n, path)).not.toEqual(tree.root);
    expect(rootFromPath(leaf, 4n, 8n, path)).not.toEqual(tree.root);
    expect(rootFromPath(leaf, 5n, 8n, path.slice(0, 2))).toBeUndefined();
    expect(rootFromPath(leaf, 5n, 8n, [...path, path[0]!])).toBeUndefined();
    expect(rootFromPath(leaf, 8n, 8n, path)).toBeUndefined();
    expect(rootFromPath(leaf, 5n, 8n, [path[0]!.subarray(1), path[1]!, path[2]!])).toBeUndefined();
  });
});
