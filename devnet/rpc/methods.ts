/**
 * The CometBFT v0.38 RPC methods the devnet serves, each with its parameter list (used for both
 * JSON-RPC and URI forms) and a handler returning the `result` JSON.
 */
import type { Engine } from "../engine/engine";
import { COMETBFT_VERSION } from "../engine/engine";
import { BLOCK_PROTOCOL, P2P_PROTOCOL } from "../engine/block-builder";
import { toBase64, toHex } from "../engine/encoding";
import { EngineStoppedError, MempoolFullError, TxInCacheError, TxTooLargeError } from "../engine/errors";
import { PageOutOfRangeError, type BlockStore, type SearchPage } from "../store/block-store";
import { parseQuery, QuerySyntaxError } from "../store/query";
import { internalError, invalidParams, RpcError } from "./errors";
import {
  abciInfoJson,
  abciQueryJson,
  blockIdJson,
  blockJson,
  blockMetaJson,
  blockResponseJson,
  blockResultsJson,
  commitJson,
  execTxResultJson,
  headerJson,
  txJson,
} from "./json";
import type { ParamSpec, ParsedParams } from "./params";

export interface RpcContext {
  readonly engine: Engine;
  readonly store: BlockStore;
  readonly nodeId: string;
  readonly moniker: string;
  /** e.g. "tcp://127.0.0.1:26657" */
  readonly rpcAddress: string;
  /** How long broadcast_tx_commit waits for inclusion (CometBFT's timeout_broadcast_tx_commit, 10 s). */
  readonly broadcastCommitTimeoutMs: number;
}

export interface MethodDef {
  readonly params: readonly ParamSpec[];
  readonly handler: (ctx: RpcContext, p: ParsedParams) => Promise<unknown> | unknown;
}

const int = (name: string): ParamSpec => ({ name, type: "int" });

function resolveHeight(store: BlockStore, requested: unknown): number {
  const latest = store.height();
  if (requested === undefined) return latest;
  const h = requested as number;
  if (h <= 0) throw internalError(`height must be greater than 0, but got ${h}`);
  if (h > latest) throw internalError(`height ${h} must be less than or equal to the current blockchain height ${latest}`);
  const base = store.baseHeight();
  if (h < base) throw internalError(`height ${h} is not available, lowest height is ${base}`);
  return h;
}

function searchPage(p: ParsedParams): SearchPage {
  const perPageRaw = (p.per_page as number | undefined) ?? 30;
  const perPage = perPageRaw < 1 ? 30 : Math.min(perPageRaw, 100);
  const order = (p.order_by as string | undefined) ?? "";
  if (order !== "" && order !== "asc" && order !== "desc") {
    throw invalidParams(`order_by: expected order_by to be either 'asc' or 'desc' or empty`);
  }
  return { page: (p.page as number | undefined) ?? 1, perPage, orderBy: order === "desc" ? "desc" : "asc" };
}

function mapSearchError(error: unknown): never {
  if (error instanceof QuerySyntaxError) throw invalidParams(`query: ${error.message}`);
  if (error instanceof PageOutOfRangeError) throw internalError(error.message);
  throw error;
}

/** Mempool rejections become JSON-RPC errors with CometBFT's wording; anything else propagates. */
function mapSubmitError(error: unknown): never {
  if (error instanceof TxInCacheError || error instanceof MempoolFullError || error instanceof TxTooLargeError) {
    throw internalError(error.message);
  }
  if (error instanceof EngineStoppedError) throw internalError(error.message);
  throw error;
}

function submit(ctx: RpcContext, tx: Uint8Array) {
  try {
    return ctx.engine.submitTx(tx);
  } catch (error) {
    return mapSubmitError(error);
  }
}

function broadcastResultJson(hash: Uint8Array, r?: { code: number; data: Uint8Array; log: string; codespace: string }) {
  // ResultBroadcastTx.data is HexBytes in CometBFT, so hex here (not base64).
  return { code: r?.code ?? 0, data: r ? toHex(r.data) : "", log: r?.log ?? "", codespace: r?.codespace ?? "", hash: toHex(hash) };
}

function validatorInfo(ctx: RpcContext) {
  const v = ctx.engine.chain.validator;
  return {
    address: toHex(v.address),
    pub_key: { type: "tendermint/PubKeyEd25519", value: toBase64(v.pubKey) },
    voting_power: ctx.engine.chain.power.toString(),
  };
}

export const METHODS: Readonly<Record<string, MethodDef>> = {
  health: { params: [], handler: () => ({}) },

  status: {
    params: [],
    handler: (ctx) => {
      const latest = ctx.store.getBlock(ctx.store.height());
      const earliest = ctx.store.getBlock(ctx.store.baseHeight());
      return {
        node_info: {
          protocol_version: { p2p: P2P_PROTOCOL.toString(), block: BLOCK_PROTOCOL.toString(), app: "0" },
          id: ctx.nodeId,
          listen_addr: "tcp://127.0.0.1:26656",
          network: ctx.engine.chain.chainId,
          version: COMETBFT_VERSION,
          channels: "40202122233038606100",
          moniker: ctx.moniker,
          other: { tx_index: "on", rpc_address: ctx.rpcAddress },
        },
        sync_info: {
          latest_block_hash: latest ? toHex(latest.blockId.hash) : "",
          latest_app_hash: latest ? toHex(latest.block.header.appHash) : "",
          latest_block_height: String(latest?.height ?? 0),
          latest_block_time: latest ? headerJson(latest.block.header).time : "1970-01-01T00:00:00Z",
          earliest_block_hash: earliest ? toHex(earliest.blockId.hash) : "",
          earliest_app_hash: earliest ? toHex(earliest.block.header.appHash) : "",
          earliest_block_height: String(earliest?.height ?? 0),
          earliest_block_time: earliest ? headerJson(earliest.block.header).time : "1970-01-01T00:00:00Z",
          catching_up: false,
        },
        validator_info: validatorInfo(ctx),
      };
    },
  },

  net_info: {
    params: [],
    handler: () => ({ listening: false, listeners: [], n_peers: "0", peers: [] }),
  },

  abci_info: { params: [], handler: async (ctx) => abciInfoJson(await ctx.engine.info()) },

  abci_query: {
    params: [{ name: "path", type: "string" }, { name: "data", type: "hexbytes" }, int("height"), { name: "prove", type: "bool" }],
    handler: async (ctx, p) =>
      abciQueryJson(
        await ctx.engine.query({
          path: (p.path as string | undefined) ?? "",
          data: (p.data as Uint8Array | undefined) ?? new Uint8Array(),
          height: BigInt((p.height as number | undefined) ?? 0),
          prove: (p.prove as boolean | undefined) ?? false,
        }),
      ),
  },

  check_tx: {
    params: [{ name: "tx", type: "bytes", required: true }],
    handler: async (ctx, p) => {
      // Unlike broadcast, check_tx never adds to the mempool.
      const { response } = await ctx.engine.checkTxOnly(p.tx as Uint8Array);
      return execTxResultJson(response);
    },
  },

  broadcast_tx_async: {
    params: [{ name: "tx", type: "bytes", required: true }],
    handler: (ctx, p) => {
      const { hash, checked } = submit(ctx, p.tx as Uint8Array);
      checked.catch(() => undefined);
      return broadcastResultJson(hash);
    },
  },

  broadcast_tx_sync: {
    params: [{ name: "tx", type: "bytes", required: true }],
    handler: async (ctx, p) => {
      const { hash, response } = await submit(ctx, p.tx as Uint8Array).checked;
      return broadcastResultJson(hash, response);
    },
  },

  broadcast_tx_commit: {
    params: [{ name: "tx", type: "bytes", required: true }],
    handler: async (ctx, p) => {
      const tx = p.tx as Uint8Array;
      let resolveIncluded!: (v: { height: number; index: number; result: unknown }) => void;
      const included = new Promise<{ height: number; index: number; result: unknown }>((r) => (resolveIncluded = r));
      let hashHex = "";
      // Listen before submitting, so a block committed right after CheckTx is not missed.
      const off = ctx.engine.onBlock(({ block, results }) => {
        const idx = block.block.data.txs.findIndex((t) => Buffer.from(t).equals(Buffer.from(tx)));
        if (idx >= 0) resolveIncluded({ height: block.height, index: idx, result: execTxResultJson(results.txResults[idx]) });
      });
      try {
        const { hash, checked } = submit(ctx, tx);
        hashHex = toHex(hash);
        const { response } = await checked;
        const checkJson = execTxResultJson(response);
        if (response.code !== 0) {
          return { check_tx: checkJson, tx_result: execTxResultJson(emptyExecResult()), hash: hashHex, height: "0" };
        }
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(internalError("timed out waiting for tx to be included in a block")),
            ctx.broadcastCommitTimeoutMs,
          );
        });
        try {
          const inc = await Promise.race([included, timeout]);
          return { check_tx: checkJson, tx_result: inc.result, hash: hashHex, height: String(inc.height) };
        } finally {
          clearTimeout(timer);
        }
      } finally {
        off();
      }
    },
  },

  block: {
    params: [int("height")],
    handler: (ctx, p) => {
      const stored = ctx.store.getBlock(resolveHeight(ctx.store, p.height));
      if (!stored) throw internalError("block not found");
      return blockResponseJson(stored);
    },
  },

  block_by_hash: {
    params: [{ name: "hash", type: "hash", required: true }],
    handler: (ctx, p) => {
      const stored = ctx.store.getBlockByHash(p.hash as Uint8Array);
      // CometBFT answers an unknown hash with an empty block response rather than an error.
      return stored ? blockResponseJson(stored) : { block_id: blockIdJson({ hash: new Uint8Array(), partSetHeader: { total: 0, hash: new Uint8Array() } }), block: null };
    },
  },

  block_results: {
    params: [int("height")],
    handler: (ctx, p) => {
      const height = resolveHeight(ctx.store, p.height);
      const results = ctx.store.getResults(height);
      if (!results) throw internalError(`could not find results for height #${height}`);
      return blockResultsJson(height, results);
    },
  },

  blockchain: {
    params: [int("minHeight"), int("maxHeight")],
    handler: (ctx, p) => {
      const latest = ctx.store.height();
      const base = ctx.store.baseHeight();
      let max = (p.maxHeight as number | undefined) ?? 0;
      let min = (p.minHeight as number | undefined) ?? 0;
      if (min < 0 || max < 0) throw internalError("heights must be non-negative");
      max = max === 0 ? latest : Math.min(latest, max);
      min = Math.max(base, min === 0 ? 1 : min, max - 20 + 1);
      if (min > max) throw internalError(`min height ${min} can't be greater than max height ${max}`);
      const metas = [];
      for (let h = max; h >= min; h--) {
        const stored = ctx.store.getBlock(h);
        if (stored) metas.push(blockMetaJson(stored));
      }
      return { last_height: String(latest), block_metas: metas };
    },
  },

  commit: {
    params: [int("height")],
    handler: (ctx, p) => {
      const height = resolveHeight(ctx.store, p.height);
      const stored = ctx.store.getBlock(height);
      const commit = ctx.store.getCommit(height);
      if (!stored || !commit) throw internalError(`commit for height ${height} not found`);
      return { signed_header: { header: headerJson(stored.block.header), commit: commitJson(commit) }, canonical: true };
    },
  },

  tx: {
    params: [{ name: "hash", type: "hash", required: true }, { name: "prove", type: "bool" }],
    handler: async (ctx, p) => {
      const hash = p.hash as Uint8Array;
      await ctx.store.indexCaughtUp();
      const stored = ctx.store.getTx(hash);
      if (!stored) throw internalError(`tx (${toHex(hash)}) not found`);
      return txJson(stored);
    },
  },

  tx_search: {
    params: [
      { name: "query", type: "string", required: true },
      { name: "prove", type: "bool" },
      int("page"),
      int("per_page"),
      { name: "order_by", type: "string" },
    ],
    handler: async (ctx, p) => {
      await ctx.store.indexCaughtUp();
      try {
        const result = ctx.store.searchTxs(parseQuery(p.query as string), searchPage(p));
        return { txs: result.items.map(txJson), total_count: String(result.totalCount) };
      } catch (error) {
        return mapSearchError(error);
      }
    },
  },

  block_search: {
    params: [{ name: "query", type: "string", required: true }, int("page"), int("per_page"), { name: "order_by", type: "string" }],
    handler: async (ctx, p) => {
      await ctx.store.indexCaughtUp();
      try {
        const result = ctx.store.searchBlocks(parseQuery(p.query as string), searchPage(p));
        return { blocks: result.items.map(blockResponseJson), total_count: String(result.totalCount) };
      } catch (error) {
        return mapSearchError(error);
      }
    },
  },

  validators: {
    params: [int("height"), int("page"), int("per_page")],
    handler: (ctx, p) => {
      const height = resolveHeight(ctx.store, p.height);
      const page = (p.page as number | undefined) ?? 1;
      if (page !== 1) throw internalError(`page should be within [1, 1] range, given ${page}`);
      return {
        block_height: String(height),
        validators: [{ ...validatorInfo(ctx), proposer_priority: "0" }],
        count: "1",
        total: "1",
      };
    },
  },

  consensus_params: {
    params: [int("height")],
    handler: (ctx, p) => {
      const height = resolveHeight(ctx.store, p.height);
      return { block_height: String(height), consensus_params: ctx.engine.genesis.consensus_params };
    },
  },

  genesis: { params: [], handler: (ctx) => ({ genesis: ctx.engine.genesis }) },

  num_unconfirmed_txs: {
    params: [],
    handler: (ctx) => ({
      n_txs: String(ctx.engine.mempool.size),
      total: String(ctx.engine.mempool.size),
      total_bytes: String(ctx.engine.mempool.bytes),
      txs: null,
    }),
  },

  unconfirmed_txs: {
    params: [int("limit")],
    handler: (ctx, p) => {
      const limit = Math.min(Math.max((p.limit as number | undefined) ?? 30, 1), 100);
      const entries = ctx.engine.mempool.entries().slice(0, limit);
      return {
        n_txs: String(entries.length),
        total: String(ctx.engine.mempool.size),
        total_bytes: String(ctx.engine.mempool.bytes),
        txs: entries.map((e) => toBase64(e.tx)),
      };
    },
  },
};

function emptyExecResult() {
  return { code: 0, data: new Uint8Array(), log: "", info: "", gasWanted: 0n, gasUsed: 0n, events: [], codespace: "" };
}

export { RpcError, blockJson, headerJson, blockIdJson };
