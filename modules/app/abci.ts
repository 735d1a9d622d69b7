/**
 * The ABCI 2.0 application seam (CometBFT v0.38). The embedded devnet engine and the CometBFT
 * socket server are two drivers of one object implementing this interface; nothing in modules/
 * knows which one is driving. Wire types come from cosmjs-types so both drivers share them.
 */
import type {
  RequestCheckTx,
  RequestFinalizeBlock,
  RequestInfo,
  RequestInitChain,
  RequestPrepareProposal,
  RequestProcessProposal,
  RequestQuery,
  RequestExtendVote,
  RequestVerifyVoteExtension,
  ResponseCheckTx,
  ResponseCommit,
  ResponseFinalizeBlock,
  ResponseInfo,
  ResponseInitChain,
  ResponsePrepareProposal,
  ResponseProcessProposal,
  ResponseQuery,
  ResponseExtendVote,
  ResponseVerifyVoteExtension,
} from "cosmjs-types/tendermint/abci/types";

export interface AbciApplication {
  info(request: RequestInfo): Promise<ResponseInfo>;
  initChain(request: RequestInitChain): Promise<ResponseInitChain>;
  checkTx(request: RequestCheckTx): Promise<ResponseCheckTx>;
  /**
   * Not an ABCI call: an embedded driver's way to start a tx's signature checks (on the app's
   * worker) as the tx arrives, before its CheckTx(NEW) can run. A driver that calls it still sends
   * CheckTx, in arrival order, once the returned promise has resolved; meanwhile a block can commit
   * and recheck without waiting for these checks, which is what keeps the worker busy through a
   * commit. Resolves when the checks are done, whatever their verdict; never rejects. Optional:
   * CometBFT's socket connection only sends CheckTx, and CheckTx alone starts the checks itself.
   */
  preverifyTx?(tx: Uint8Array): Promise<void>;
  prepareProposal(request: RequestPrepareProposal): Promise<ResponsePrepareProposal>;
  processProposal(request: RequestProcessProposal): Promise<ResponseProcessProposal>;
  finalizeBlock(request: RequestFinalizeBlock): Promise<ResponseFinalizeBlock>;
  commit(): Promise<ResponseCommit>;
  query(request: RequestQuery): Promise<ResponseQuery>;
  extendVote(request: RequestExtendVote): Promise<ResponseExtendVote>;
  verifyVoteExtension(request: RequestVerifyVoteExtension): Promise<ResponseVerifyVoteExtension>;
  /**
   * Not an ABCI call: the app state at the last commit as a genesis app_state (each module's
   * exportGenesis), as the SDK's `export` command gives it. Optional: only apps that can export.
   */
  exportGenesis?(): Record<string, unknown>;
  /** Release the store; the object is unusable afterwards. */
  close(): Promise<void>;
}
