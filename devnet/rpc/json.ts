/**
 * Renders stored protobuf values as CometBFT v0.38 JSON: int64 as strings, bytes as base64,
 * hashes and addresses as upper hex, times as RFC3339 with nanoseconds, empty Go slices as null
 * where CometBFT emits null.
 */
import type { Block } from "cosmjs-types/tendermint/types/block";
import type { BlockID, Commit, Header } from "cosmjs-types/tendermint/types/types";
import type {
  Event,
  ExecTxResult,
  ResponseCheckTx,
  ResponseFinalizeBlock,
  ResponseQuery,
  ResponseInfo,
} from "cosmjs-types/tendermint/abci/types";
import { toBase64, toHex, toRfc3339Nano } from "../engine/encoding";
import type { StoredBlock, StoredTx } from "../store/block-store";

type Json = Record<string, unknown>;

const b64OrNull = (b: Uint8Array): string | null => (b.length > 0 ? toBase64(b) : null);

export function blockIdJson(id: BlockID): Json {
  return { hash: toHex(id.hash), parts: { total: id.partSetHeader.total, hash: toHex(id.partSetHeader.hash) } };
}

export function headerJson(h: Header): Json {
  return {
    version: { block: h.version.block.toString(), app: h.version.app.toString() },
    chain_id: h.chainId,
    height: h.height.toString(),
    time: toRfc3339Nano(h.time),
    last_block_id: blockIdJson(h.lastBlockId),
    last_commit_hash: toHex(h.lastCommitHash),
    data_hash: toHex(h.dataHash),
    validators_hash: toHex(h.validatorsHash),
    next_validators_hash: toHex(h.nextValidatorsHash),
    consensus_hash: toHex(h.consensusHash),
    app_hash: toHex(h.appHash),
    last_results_hash: toHex(h.lastResultsHash),
    evidence_hash: toHex(h.evidenceHash),
    proposer_address: toHex(h.proposerAddress),
  };
}

export function commitJson(c: Commit): Json {
  return {
    height: c.height.toString(),
    round: c.round,
    block_id: blockIdJson(c.blockId),
    signatures: c.signatures.map((s) => ({
      block_id_flag: s.blockIdFlag,
      validator_address: toHex(s.validatorAddress),
      timestamp: toRfc3339Nano(s.timestamp),
      signature: b64OrNull(s.signature),
    })),
  };
}

export function blockJson(b: Block): Json {
  return {
    header: headerJson(b.header),
    data: { txs: b.data.txs.map(toBase64) },
    evidence: { evidence: [] },
    last_commit: commitJson(
      b.lastCommit ?? { height: 0n, round: 0, blockId: { hash: new Uint8Array(), partSetHeader: { total: 0, hash: new Uint8Array() } }, signatures: [] },
    ),
  };
}

export function blockResponseJson(stored: StoredBlock): Json {
  return { block_id: blockIdJson(stored.blockId), block: blockJson(stored.block) };
}

export function blockMetaJson(stored: StoredBlock): Json {
  return {
    block_id: blockIdJson(stored.blockId),
    block_size: String(stored.size),
    header: headerJson(stored.block.header),
    num_txs: String(stored.block.data.txs.length),
  };
}

export function eventJson(e: Event): Json {
  return { type: e.type, attributes: e.attributes.map((a) => ({ key: a.key, value: a.value, index: a.index })) };
}

export function execTxResultJson(r: ExecTxResult | ResponseCheckTx): Json {
  return {
    code: r.code,
    data: b64OrNull(r.data),
    log: r.log,
    info: r.info,
    gas_wanted: r.gasWanted.toString(),
    gas_used: r.gasUsed.toString(),
    events: r.events.map(eventJson),
    codespace: r.codespace,
  };
}

export function blockResultsJson(height: number, r: ResponseFinalizeBlock): Json {
  return {
    height: String(height),
    txs_results: r.txResults.length > 0 ? r.txResults.map(execTxResultJson) : null,
    finalize_block_events: r.events.map(eventJson),
    validator_updates: null,
    consensus_param_updates: null,
    app_hash: toBase64(r.appHash),
  };
}

export function txJson(t: StoredTx): Json {
  return {
    hash: toHex(t.hash),
    height: String(t.height),
    index: t.index,
    tx_result: execTxResultJson(t.result),
    tx: toBase64(t.tx),
  };
}

export function abciQueryJson(r: ResponseQuery): Json {
  return {
    response: {
      code: r.code,
      log: r.log,
      info: r.info,
      index: r.index.toString(),
      key: b64OrNull(r.key),
      value: b64OrNull(r.value),
      proofOps: r.proofOps ? { ops: r.proofOps.ops.map((o) => ({ type: o.type, key: toBase64(o.key), data: toBase64(o.data) })) } : null,
      height: r.height.toString(),
      codespace: r.codespace,
    },
  };
}

export function abciInfoJson(r: ResponseInfo): Json {
  return {
    response: {
      data: r.data,
      version: r.version,
      app_version: r.appVersion.toString(),
      last_block_height: r.lastBlockHeight.toString(),
      last_block_app_hash: toBase64(r.lastBlockAppHash),
    },
  };
}

/** The `events` map CometBFT attaches to a pubsub message: composite key -> values. */
export function eventsMap(events: readonly Event[], extra: Record<string, string[]>): Record<string, string[]> {
  const map: Record<string, string[]> = { ...extra };
  for (const e of events) {
    for (const a of e.attributes) {
      const key = `${e.type}.${a.key}`;
      (map[key] ??= []).push(a.value);
    }
  }
  return map;
}
