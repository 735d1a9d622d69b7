/**
 * Pure construction of blocks, block ids, commits and the ABCI requests derived from a block.
 * Production and handshake replay both build FinalizeBlock requests with `finalizeRequestFor`,
 * so a replayed block reaches the app byte-for-byte as it did the first time.
 */
import type { Timestamp } from "cosmjs-types/google/protobuf/timestamp";
import type { CommitInfo, RequestFinalizeBlock, ExecTxResult } from "cosmjs-types/tendermint/abci/types";
import { Block } from "cosmjs-types/tendermint/types/block";
import type { BlockID, Commit, Header } from "cosmjs-types/tendermint/types/types";
import { BlockIDFlag } from "cosmjs-types/tendermint/types/validator";
import {
  commitHash,
  consensusParamsHash,
  dataHash,
  headerHash,
  merkleRoot,
  precommitSignBytes,
  resultsHash,
  sha256,
  validatorsHash,
} from "./hashing";
import type { Ed25519Key } from "./validator-key";

/** CometBFT v0.38 block protocol version. */
export const BLOCK_PROTOCOL = 11n;
export const P2P_PROTOCOL = 8n;
/** Block parts are 64 KiB, as in CometBFT. */
export const BLOCK_PART_SIZE = 65536;

export interface ChainParams {
  readonly chainId: string;
  readonly validator: Ed25519Key;
  readonly power: bigint;
  readonly maxBlockBytes: number;
  readonly maxBlockGas: number;
}

/** What the next header needs from the previous height. */
export interface PreviousBlockState {
  readonly height: number;
  readonly blockId: BlockID | undefined;
  readonly commit: Commit | undefined;
  /** App hash after the previous block (or the genesis app hash). */
  readonly appHash: Uint8Array;
  readonly txResults: readonly ExecTxResult[];
  readonly timeMs: number;
}

export function emptyBlockId(): BlockID {
  return { hash: new Uint8Array(), partSetHeader: { total: 0, hash: new Uint8Array() } };
}

export function validatorSetHash(params: ChainParams): Uint8Array {
  return validatorsHash([{ pubKey: params.validator.pubKey, power: params.power }]);
}

export function buildBlock(
  params: ChainParams,
  prev: PreviousBlockState,
  txs: Uint8Array[],
  time: Timestamp,
): { block: Block; blockId: BlockID; size: number } {
  const valHash = validatorSetHash(params);
  const header: Header = {
    version: { block: BLOCK_PROTOCOL, app: 0n },
    chainId: params.chainId,
    height: BigInt(prev.height + 1),
    time,
    lastBlockId: prev.blockId ?? emptyBlockId(),
    lastCommitHash: commitHash(prev.commit),
    dataHash: dataHash(txs),
    validatorsHash: valHash,
    nextValidatorsHash: valHash,
    consensusHash: consensusParamsHash(BigInt(params.maxBlockBytes), BigInt(params.maxBlockGas)),
    appHash: prev.appHash,
    lastResultsHash: resultsHash(prev.txResults),
    evidenceHash: merkleRoot([]),
    proposerAddress: params.validator.address,
  };
  const block: Block = {
    header,
    data: { txs },
    evidence: { evidence: [] },
    lastCommit: prev.commit ?? { height: 0n, round: 0, blockId: emptyBlockId(), signatures: [] },
  };
  const encoded = Block.encode(block).finish();
  const parts: Uint8Array[] = [];
  for (let i = 0; i < encoded.length; i += BLOCK_PART_SIZE) parts.push(encoded.subarray(i, i + BLOCK_PART_SIZE));
  const blockId: BlockID = {
    hash: headerHash(header),
    partSetHeader: { total: parts.length, hash: merkleRoot(parts) },
  };
  return { block, blockId, size: encoded.length };
}

export function signCommit(params: ChainParams, height: number, blockId: BlockID, timestamp: Timestamp): Commit {
  const signature = params.validator.sign(precommitSignBytes(params.chainId, BigInt(height), 0n, blockId, timestamp));
  return {
    height: BigInt(height),
    round: 0,
    blockId,
    signatures: [
      { blockIdFlag: BlockIDFlag.BLOCK_ID_FLAG_COMMIT, validatorAddress: params.validator.address, timestamp, signature },
    ],
  };
}

/** ABCI CommitInfo for a block's last_commit (empty at the initial height). */
export function commitInfoFor(params: ChainParams, lastCommit: Commit | undefined): CommitInfo {
  const sigs = lastCommit?.signatures ?? [];
  return {
    round: lastCommit?.round ?? 0,
    votes: sigs.map((s) => ({
      validator: { address: s.validatorAddress, power: params.power },
      blockIdFlag: s.blockIdFlag,
    })),
  };
}

export function finalizeRequestFor(params: ChainParams, block: Block, blockId: BlockID): RequestFinalizeBlock {
  const lastCommit = block.lastCommit && block.lastCommit.signatures.length > 0 ? block.lastCommit : undefined;
  return {
    txs: block.data.txs,
    decidedLastCommit: commitInfoFor(params, lastCommit),
    misbehavior: [],
    hash: blockId.hash,
    height: block.header.height,
    time: block.header.time,
    nextValidatorsHash: block.header.nextValidatorsHash,
    proposerAddress: block.header.proposerAddress,
  };
}

export function txHash(tx: Uint8Array): Uint8Array {
  return sha256(tx);
}
