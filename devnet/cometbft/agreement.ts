/** Checks that nodes agree block by block: same block hash and app hash at every height. */
import { blockHashes } from "./rpc-client";

export interface Disagreement {
  readonly height: number;
  readonly byNode: readonly { readonly url: string; readonly blockHash: string; readonly appHash: string }[];
}

/** Returns the first height where the nodes differ, or undefined if they agree on [from, to]. */
export async function findDisagreement(urls: readonly string[], from: number, to: number): Promise<Disagreement | undefined> {
  for (let height = from; height <= to; height++) {
    const byNode = await Promise.all(urls.map(async (url) => ({ url, ...(await blockHashes(url, height)) })));
    const first = byNode[0];
    if (byNode.some((b) => b.blockHash !== first.blockHash || b.appHash !== first.appHash)) return { height, byNode };
  }
  return undefined;
}
