/**
 * Maps one decoded ABCI request to the app object's method and wraps the answer in the Response
 * oneof. Snapshot calls get empty/REJECT answers: this app offers no state sync (issue 6 scope).
 */
import {
  ResponseApplySnapshotChunk_Result,
  ResponseOfferSnapshot_Result,
  type Request,
  type Response,
} from "cosmjs-types/tendermint/abci/types";
import type { AbciApplication } from "../../modules/app/abci";
import type { RequestMethod } from "./codec";

/** A request field that the decoder promised was set turned out missing: a bug, not bad input. */
function need<T>(value: T | undefined, method: RequestMethod): T {
  if (value === undefined) throw new Error(`internal: ${method} request without a body`);
  return value;
}

export async function dispatch(app: AbciApplication, method: RequestMethod, request: Request): Promise<Response> {
  switch (method) {
    case "echo":
      return { echo: { message: need(request.echo, method).message } };
    case "flush":
      return { flush: {} };
    case "info":
      return { info: await app.info(need(request.info, method)) };
    case "query":
      return { query: await app.query(need(request.query, method)) };
    case "checkTx":
      return { checkTx: await app.checkTx(need(request.checkTx, method)) };
    case "initChain":
      return { initChain: await app.initChain(need(request.initChain, method)) };
    case "prepareProposal":
      return { prepareProposal: await app.prepareProposal(need(request.prepareProposal, method)) };
    case "processProposal":
      return { processProposal: await app.processProposal(need(request.processProposal, method)) };
    case "finalizeBlock":
      return { finalizeBlock: await app.finalizeBlock(need(request.finalizeBlock, method)) };
    case "extendVote":
      return { extendVote: await app.extendVote(need(request.extendVote, method)) };
    case "verifyVoteExtension":
      return { verifyVoteExtension: await app.verifyVoteExtension(need(request.verifyVoteExtension, method)) };
    case "commit":
      return { commit: await app.commit() };
    case "listSnapshots":
      return { listSnapshots: { snapshots: [] } };
    case "offerSnapshot":
      return { offerSnapshot: { result: ResponseOfferSnapshot_Result.REJECT } };
    case "loadSnapshotChunk":
      return { loadSnapshotChunk: { chunk: new Uint8Array() } };
    case "applySnapshotChunk":
      return { applySnapshotChunk: { result: ResponseApplySnapshotChunk_Result.REJECT_SNAPSHOT, refetchChunks: [], rejectSenders: [] } };
  }
}
