/**
 * Request/Response protobuf codec over cosmjs-types' `tendermint.abci` messages, plus the method
 * name of a decoded request (the oneof case), which the server dispatches on.
 */
import { Request, Response } from "cosmjs-types/tendermint/abci/types";
import { frame } from "./framing";

/** The oneof cases of tendermint.abci.Request that CometBFT v0.38 sends. */
export const REQUEST_METHODS = [
  "echo",
  "flush",
  "info",
  "initChain",
  "query",
  "checkTx",
  "commit",
  "listSnapshots",
  "offerSnapshot",
  "loadSnapshotChunk",
  "applySnapshotChunk",
  "prepareProposal",
  "processProposal",
  "extendVote",
  "verifyVoteExtension",
  "finalizeBlock",
] as const satisfies readonly (keyof Request)[];

export type RequestMethod = (typeof REQUEST_METHODS)[number];

/** A frame that is not a Request this server understands. */
export class CodecError extends Error {
  override readonly name = "CodecError";
}

export interface DecodedRequest {
  readonly method: RequestMethod;
  readonly request: Request;
}

export function decodeRequest(bytes: Uint8Array): DecodedRequest {
  let request: Request;
  try {
    request = Request.decode(bytes);
  } catch (error) {
    throw new CodecError(`malformed Request protobuf (${bytes.length} bytes): ${error instanceof Error ? error.message : String(error)}`);
  }
  const set = REQUEST_METHODS.filter((method) => request[method] !== undefined);
  // The decoder skips unknown field numbers, so a request from a newer protocol arrives empty.
  if (set.length === 0) throw new CodecError(`Request with no known method (${bytes.length} bytes; unknown oneof field?)`);
  // A oneof holds one case; several means the bytes are not a Request at all.
  if (set.length > 1) throw new CodecError(`Request sets several methods at once (${set.join(", ")})`);
  return { method: set[0], request };
}

export function encodeResponseFrame(response: Response): Buffer {
  return frame(Response.encode(response).finish());
}

export function encodeRequestFrame(request: Request): Buffer {
  return frame(Request.encode(request).finish());
}
