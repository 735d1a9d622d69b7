/**
 * ABCI Query → module query handlers by gRPC method path, at the latest or an earlier height.
 * Errors become (codespace, code, log); the height in the answer is never zero (cosmjs needs it).
 */
import { SimulateRequest, SimulateResponse } from "cosmjs-types/cosmos/tx/v1beta1/service";
import { AuthInfo, TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import type { RequestQuery, ResponseQuery } from "cosmjs-types/tendermint/abci/types";
import { branchStore } from "../store/branch-store";
import type { CommitStore, KeyRange, KVEntry, ReadonlyKVStore } from "../store/types";
import { Context, type BlockHeader } from "./context";
import { AppError, toAppError } from "./errors";
import type { ModuleManager } from "./module-manager";
import { ErrInvalidHeight, ErrInvalidRequest, ErrNotSupported, ErrUnknownRequest } from "./sdk-errors";
import { answerStoreQuery, isStoreQueryPath } from "./store-query";
import type { TxOutcome } from "./tx/run-tx";

export const SIMULATE_PATH = "/cosmos.tx.v1beta1.Service/Simulate";

/** A read-only view of an earlier height: point reads only (historical iteration is not kept). */
class HistoricalView implements ReadonlyKVStore {
  constructor(
    private readonly store: CommitStore,
    private readonly height: number,
  ) {}
  get(key: Uint8Array): Uint8Array | undefined {
    return this.store.getAt(this.height, key);
  }
  has(key: Uint8Array): boolean {
    return this.get(key) !== undefined;
  }
  iterate(_range?: KeyRange): IterableIterator<KVEntry> {
    throw ErrNotSupported.wrap(`queries that list entries are answered at the latest height only, not at height ${this.height}`);
  }
}

export class QueryRouter {
  constructor(
    private readonly modules: ModuleManager,
    private readonly store: CommitStore,
    private readonly header: () => BlockHeader,
    private readonly simulate: (txBytes: Uint8Array) => TxOutcome,
  ) {}

  handle(request: RequestQuery, chainId: string): ResponseQuery {
    const latest = this.store.lastCommit.height;
    const height = request.height === 0n ? latest : Number(request.height);
    const base = { index: 0n, key: request.data, value: new Uint8Array(), proofOps: undefined, height: BigInt(height), codespace: "", info: "", log: "", code: 0 };
    try {
      if (height > latest || height < 1) {
        throw ErrInvalidHeight.wrap(`cannot query at height ${request.height}: latest committed height is ${latest}`);
      }
      if (height < latest && height < this.store.oldestHeight) {
        throw ErrInvalidHeight.wrap(`cannot query at height ${height}: this node's state starts at height ${this.store.oldestHeight} (the chain's initial height or the oldest one kept)`);
      }
      if (isStoreQueryPath(request.path)) {
        return { ...base, ...answerStoreQuery(this.store, request.path, request.data, height, request.prove) };
      }
      if (request.prove) throw ErrNotSupported.wrap(`proofs are served for "/store/<module>/key" paths only, not for "${request.path}": query the key's store path with prove=true`);
      const value = request.path === SIMULATE_PATH ? this.runSimulation(request.data) : this.runQuery(request, height, latest, chainId);
      return { ...base, value };
    } catch (error) {
      const appError = toAppError(error);
      return { ...base, code: appError.code, codespace: appError.codespace, log: appError.message };
    }
  }

  private runQuery(request: RequestQuery, height: number, latest: number, chainId: string): Uint8Array {
    const route = this.modules.queryRoutes.get(request.path);
    if (!route) throw ErrUnknownRequest.wrap(`no query handler for path "${request.path}"`);
    const view: ReadonlyKVStore = height === latest ? this.store.latest : new HistoricalView(this.store, height);
    const header = { ...this.header(), chainId, height: BigInt(height) };
    const ctx = new Context(header, "query", branchStore(view));
    return route.handle(ctx, request.data);
  }

  private runSimulation(data: Uint8Array): Uint8Array {
    const request = SimulateRequest.decode(data);
    let txBytes = request.txBytes;
    if (txBytes.length === 0 && request.tx) {
      // The deprecated `tx` field: re-encode it the way a client would have.
      const { body, authInfo, signatures } = request.tx;
      txBytes = TxRaw.encode({
        bodyBytes: body ? TxBody.encode(body).finish() : new Uint8Array(),
        authInfoBytes: authInfo ? AuthInfo.encode(authInfo).finish() : new Uint8Array(),
        signatures,
      }).finish();
    }
    if (txBytes.length === 0) throw ErrInvalidRequest.wrap("simulate needs tx_bytes");
    const outcome = this.simulate(txBytes);
    if (outcome.code !== 0) throw new AppError(outcome.codespace, outcome.code, outcome.log);
    return SimulateResponse.encode({
      gasInfo: { gasWanted: outcome.gasWanted, gasUsed: outcome.gasUsed },
      result: { data: new Uint8Array(), log: "", events: outcome.events, msgResponses: outcome.msgResponses },
    }).finish();
  }
}
