/** JSON-RPC errors with CometBFT's codes and messages ("data" carries the detail). */

export const RPC_PARSE_ERROR = -32700;
export const RPC_INVALID_REQUEST = -32600;
export const RPC_METHOD_NOT_FOUND = -32601;
export const RPC_INVALID_PARAMS = -32602;
export const RPC_INTERNAL_ERROR = -32603;

const MESSAGES: Record<number, string> = {
  [RPC_PARSE_ERROR]: "Parse error",
  [RPC_INVALID_REQUEST]: "Invalid Request",
  [RPC_METHOD_NOT_FOUND]: "Method not found",
  [RPC_INVALID_PARAMS]: "Invalid params",
  [RPC_INTERNAL_ERROR]: "Internal error",
};

export interface JsonRpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data: string;
}

export class RpcError extends Error {
  readonly code: number;
  readonly data: string;

  constructor(code: number, data: string) {
    super(`${MESSAGES[code] ?? "Error"}: ${data}`);
    this.name = "RpcError";
    this.code = code;
    this.data = data;
  }

  toJson(): JsonRpcErrorObject {
    return { code: this.code, message: MESSAGES[this.code] ?? "Error", data: this.data };
  }
}

export function invalidParams(detail: string): RpcError {
  return new RpcError(RPC_INVALID_PARAMS, `error converting json params to arguments: ${detail}`);
}

export function internalError(detail: string): RpcError {
  return new RpcError(RPC_INTERNAL_ERROR, detail);
}
