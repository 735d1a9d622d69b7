/**
 * CometBFT's hashing rules, reproduced so that block ids, data/results/validator hashes and
 * commit signatures are the values a CometBFT node would compute for the same block. Light
 * clients and cosmjs' own `hashBlock` can therefore verify our headers.
 *
 * - Merkle root: RFC 6962 style (leaf = sha256(0x00 || item), inner = sha256(0x01 || l || r),
 *   split at the largest power of two below n); the root of an empty list is sha256("").
 * - Header hash: Merkle root of the 14 header fields, each encoded as CometBFT's `cdcEncode`
 *   does (protobuf message for version/time/last_block_id, gogo wrapper types for the scalars).
 */
import { hash } from "node:crypto";
import { BinaryWriter } from "cosmjs-types/binary";
import { ExecTxResult } from "cosmjs-types/tendermint/abci/types";
import { Timestamp } from "cosmjs-types/google/protobuf/timestamp";
import { BlockID, CommitSig, Header, Commit } from "cosmjs-types/tendermint/types/types";
import { SimpleValidator } from "cosmjs-types/tendermint/types/validator";
import { HashedParams } from "cosmjs-types/tendermint/types/params";
import { Consensus } from "cosmjs-types/tendermint/version/types";
import { concatBytes, copyLatin1Into } from "../../modules/store/bytes";

// One-shot digests (no Hash object per call): the engine hashes every tx several times per block.
// Taken as a latin1 string ("binary" is Node's name for latin1) and copied into a plain 32-byte
// array, which V8 keeps on its heap: a Buffer digest would own an ArrayBuffer backing store (a
// malloc, a sweep and a free per hash).
export function sha256(data: Uint8Array): Uint8Array {
  const digest = hash("sha256", data, "binary");
  const out = new Uint8Array(digest.length);
  copyLatin1Into(out, 0, digest);
  return out;
}

function leafHash(item: Uint8Array): Uint8Array {
  return sha256(concatBytes(Uint8Array.of(0), item));
}

function innerHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(concatBytes(Uint8Array.of(1), left, right));
}

function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function merkleRoot(items: readonly Uint8Array[]): Uint8Array {
  if (items.length === 0) return sha256(new Uint8Array());
  if (items.length === 1) return leafHash(items[0]);
  const k = splitPoint(items.length);
  return innerHash(merkleRoot(items.slice(0, k)), merkleRoot(items.slice(k)));
}

/** gogoproto wrapper types (StringValue/BytesValue/Int64Value): field 1, omitted when default. */
function wrapBytes(value: Uint8Array): Uint8Array {
  if (value.length === 0) return new Uint8Array();
  return new BinaryWriter().uint32(10).bytes(value).finish();
}

function wrapString(value: string): Uint8Array {
  if (value === "") return new Uint8Array();
  return new BinaryWriter().uint32(10).string(value).finish();
}

function wrapInt64(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array();
  return new BinaryWriter().uint32(8).int64(value).finish();
}

export function headerHash(header: Header): Uint8Array {
  return merkleRoot([
    Consensus.encode(header.version).finish(),
    wrapString(header.chainId),
    wrapInt64(header.height),
    Timestamp.encode(header.time).finish(),
    BlockID.encode(header.lastBlockId).finish(),
    wrapBytes(header.lastCommitHash),
    wrapBytes(header.dataHash),
    wrapBytes(header.validatorsHash),
    wrapBytes(header.nextValidatorsHash),
    wrapBytes(header.consensusHash),
    wrapBytes(header.appHash),
    wrapBytes(header.lastResultsHash),
    wrapBytes(header.evidenceHash),
    wrapBytes(header.proposerAddress),
  ]);
}

/** Data hash: Merkle root over the sha256 of each tx (CometBFT `Txs.Hash`). */
export function dataHash(txs: readonly Uint8Array[]): Uint8Array {
  return merkleRoot(txs.map(sha256));
}

/** Only code, data, gas_wanted and gas_used are consensus-relevant (CometBFT `deterministicExecTxResult`). */
export function resultsHash(results: readonly ExecTxResult[]): Uint8Array {
  return merkleRoot(
    results.map((r) =>
      ExecTxResult.encode(
        ExecTxResult.fromPartial({ code: r.code, data: r.data, gasWanted: r.gasWanted, gasUsed: r.gasUsed }),
      ).finish(),
    ),
  );
}

export function commitHash(commit: Commit | undefined): Uint8Array {
  const sigs = commit?.signatures ?? [];
  return merkleRoot(sigs.map((s) => CommitSig.encode(s).finish()));
}

export function validatorsHash(validators: readonly { pubKey: Uint8Array; power: bigint }[]): Uint8Array {
  return merkleRoot(
    validators.map((v) =>
      SimpleValidator.encode({ pubKey: { ed25519: v.pubKey }, votingPower: v.power }).finish(),
    ),
  );
}

export function consensusParamsHash(maxBytes: bigint, maxGas: bigint): Uint8Array {
  return sha256(HashedParams.encode({ blockMaxBytes: maxBytes, blockMaxGas: maxGas }).finish());
}

/**
 * The bytes a validator signs for a precommit: length-delimited CanonicalVote
 * {type=2 (precommit), height sfixed64, round sfixed64, block_id CanonicalBlockID, timestamp, chain_id}.
 * cosmjs-types lacks canonical.proto, so it is written by hand here.
 */
export function precommitSignBytes(
  chainId: string,
  height: bigint,
  round: bigint,
  blockId: BlockID,
  timestamp: Timestamp,
): Uint8Array {
  const w = new BinaryWriter();
  w.uint32(8).int32(2);
  if (height !== 0n) w.uint32(17).sfixed64(height);
  if (round !== 0n) w.uint32(25).sfixed64(round);
  const partSet = new BinaryWriter();
  if (blockId.partSetHeader.total !== 0) partSet.uint32(8).uint32(blockId.partSetHeader.total);
  if (blockId.partSetHeader.hash.length > 0) partSet.uint32(18).bytes(blockId.partSetHeader.hash);
  const bid = new BinaryWriter();
  if (blockId.hash.length > 0) bid.uint32(10).bytes(blockId.hash);
  bid.uint32(18).bytes(partSet.finish());
  w.uint32(34).bytes(bid.finish());
  w.uint32(42).bytes(Timestamp.encode(timestamp).finish());
  if (chainId !== "") w.uint32(50).string(chainId);
  const body = w.finish();
  return new BinaryWriter().bytes(body).finish();
}
