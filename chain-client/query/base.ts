/**
 * A cosmjs QueryClient whose ABCI failures are typed (FieldnetQueryError with codespace/code/log)
 * instead of cosmjs's "Query failed with (38): ..." strings.
 */
import { QueryClient, createProtobufRpcClient, type ProtobufRpcClient } from "@cosmjs/stargate";
import type { CometClient } from "@cosmjs/tendermint-rpc";
import { FieldnetQueryError } from "../errors";

export class FieldnetBaseQueryClient extends QueryClient {
  constructor(private readonly comet: CometClient) {
    super(comet);
  }

  override async queryAbci(path: string, request: Uint8Array, desiredHeight?: number): Promise<{ value: Uint8Array; height: number }> {
    const response = await this.comet.abciQuery({ path, data: request, prove: false, height: desiredHeight });
    if (response.code) throw new FieldnetQueryError(response.codespace ?? "", response.code, response.log ?? "", path);
    return { value: response.value, height: response.height ?? 0 };
  }
}

export function rpcFor(base: QueryClient): ProtobufRpcClient {
  return createProtobufRpcClient(base);
}

/** Runs a lookup; a not-found answer (sdk/38) becomes `undefined`, anything else rethrows. */
export async function orUndefined<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof FieldnetQueryError && error.codespace === "sdk" && error.code === 38) return undefined;
    if (error instanceof FieldnetQueryError && error.codespace === "rewards" && error.code === 7) return undefined;
    throw error;
  }
}
