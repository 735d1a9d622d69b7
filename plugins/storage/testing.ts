/** Test helpers: a storage node's data, commitment and answers (tests and the benchmark only). */
import { sha256, toHex, utf8 } from "../../modules/plugin";
import { MerkleTree } from "./merkle";
import type { StorageMetadata, StorageParams, StoragePayload } from "./schema";

export const TEST_PARAMS: StorageParams = {
  challengeIntervalBlocks: 1,
  challengesPerRound: 5,
  responseDeadlineBlocks: 2,
  chunkSize: 64,
  chunksPerChallenge: 2,
  periodBlocks: 2,
  maxConsecutiveFaults: 3,
};

export class TestNode {
  readonly chunks: Uint8Array[];
  readonly tree: MerkleTree;

  constructor(label: string, chunkCount: number, chunkSize: number) {
    this.chunks = Array.from({ length: chunkCount }, (_, i) => {
      const out = new Uint8Array(chunkSize);
      for (let off = 0; off < chunkSize; off += 32) out.set(sha256(utf8(`${label}/${i}/${off}`)).subarray(0, Math.min(32, chunkSize - off)), off);
      return out;
    });
    this.tree = new MerkleTree(this.chunks);
  }

  get metadata(): StorageMetadata {
    return { dataRoot: toHex(this.tree.root), chunkCount: this.chunks.length };
  }

  /** The honest answer to a challenge; `tamper` lets tests cheat on one chunk. */
  answer(challengeId: number, indices: readonly number[], tamper?: (a: { index: number; data: Uint8Array; path: Uint8Array[] }) => void): StoragePayload {
    return {
      kind: "response",
      challengeId,
      chunks: indices.map((index) => {
        const a = { index, data: this.chunks[index]!, path: this.tree.path(index) };
        tamper?.(a);
        return { index: a.index, data: toHex(a.data), path: a.path.map(toHex) };
      }),
    };
  }
}
