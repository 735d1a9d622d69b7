/**
 * CometBFT's start-up handshake with the app (its consensus/replay.go): ask the app where it is
 * (Info), run InitChain on an empty app, replay the blocks the block store holds beyond the app's
 * height (a crash between saving a block and the app's Commit leaves exactly that), and check every
 * app hash on the way. Returns the state the next block builds on.
 */
import type { AbciApplication } from "../../modules/app/abci";
import type { BlockStore } from "../store/block-store";
import { BLOCK_PROTOCOL, P2P_PROTOCOL, finalizeRequestFor, type ChainParams, type PreviousBlockState } from "./block-builder";
import { bytesEqual, fromHex, timestampToMillis, toHex } from "./encoding";
import { HandshakeError } from "./errors";
import { genesisInitialHeight, initChainRequest, type GenesisDoc } from "./genesis";

export const ABCI_VERSION = "2.0.0";
export const COMETBFT_VERSION = "0.38.17";

export interface HandshakeDeps {
  readonly app: AbciApplication;
  readonly store: BlockStore;
  readonly genesis: GenesisDoc;
  readonly chain: ChainParams;
}

export async function handshake(deps: HandshakeDeps): Promise<PreviousBlockState> {
  const { app, store, genesis, chain } = deps;
  const info = await app.info({
    version: COMETBFT_VERSION,
    blockVersion: BLOCK_PROTOCOL,
    p2pVersion: P2P_PROTOCOL,
    abciVersion: ABCI_VERSION,
  });
  const appHeight = Number(info.lastBlockHeight);
  const storeHeight = store.height();
  const initialHeight = genesisInitialHeight(genesis);
  if (appHeight > storeHeight) {
    throw new HandshakeError(
      `the app is at height ${appHeight} but the block store only at ${storeHeight}: ` +
        `the home directory is inconsistent (restart with --reset)`,
    );
  }
  let appHash: Uint8Array;
  if (appHeight === 0) {
    const res = await app.initChain(initChainRequest(genesis));
    appHash = res.appHash.length > 0 ? res.appHash : fromHex(genesis.app_hash);
    const first = store.getBlock(initialHeight);
    if (first && !bytesEqual(first.block.header.appHash, appHash)) {
      throw new HandshakeError(
        `InitChain returned app hash ${toHex(appHash)} but block ${initialHeight} was built on ${toHex(first.block.header.appHash)}`,
      );
    }
  } else {
    appHash = info.lastBlockAppHash;
    const stored = store.getResults(appHeight);
    if (!stored || !bytesEqual(stored.appHash, appHash)) {
      throw new HandshakeError(
        `the app reports app hash ${toHex(appHash)} at height ${appHeight}, ` +
          `the block store recorded ${stored ? toHex(stored.appHash) : "nothing"}`,
      );
    }
  }
  for (let h = appHeight === 0 ? initialHeight : appHeight + 1; h <= storeHeight; h++) {
    const stored = store.getBlock(h);
    const results = store.getResults(h);
    if (!stored || !results) throw new HandshakeError(`block store is missing block or results at height ${h}`);
    const res = await app.finalizeBlock(finalizeRequestFor(chain, stored.block, stored.blockId));
    if (!bytesEqual(res.appHash, results.appHash)) {
      throw new HandshakeError(
        `replaying block ${h}: the app computed app hash ${toHex(res.appHash)}, ` +
          `the block store recorded ${toHex(results.appHash)} (non-deterministic app?)`,
      );
    }
    await app.commit();
  }
  return loadPrevious(store, genesis, storeHeight, appHash);
}

function loadPrevious(store: BlockStore, genesis: GenesisDoc, height: number, genesisAppHash: Uint8Array): PreviousBlockState {
  if (height === 0) {
    // No block yet: the first one is the genesis's initial height.
    return {
      height: genesisInitialHeight(genesis) - 1,
      blockId: undefined,
      commit: undefined,
      appHash: genesisAppHash,
      txResults: [],
      timeMs: Date.parse(genesis.genesis_time) - 1,
    };
  }
  const block = store.getBlock(height);
  const results = store.getResults(height);
  const commit = store.getCommit(height);
  if (!block || !results || !commit) throw new HandshakeError(`block store is missing data at height ${height}`);
  return {
    height,
    blockId: block.blockId,
    commit,
    appHash: results.appHash,
    txResults: results.txResults,
    timeMs: timestampToMillis(block.block.header.time),
  };
}
