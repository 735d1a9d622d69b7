/**
 * The module seam, after the Cosmos SDK's AppModule: a module declares its Msgs (type URL →
 * handler), its queries (gRPC method path → handler), genesis import/export, block hooks, its
 * invariants. A module talks to another only through the small keeper interface it declares.
 */
import type { Context } from "./context";

export interface ProtoCodec<T> {
  decode(input: Uint8Array): T;
  encode(message: T): { finish(): Uint8Array };
}

export interface EncodedAny {
  readonly typeUrl: string;
  readonly value: Uint8Array;
}

export interface MsgRoute<T = any> {
  /** e.g. "/cosmos.bank.v1beta1.MsgSend" */
  readonly typeUrl: string;
  readonly codec: ProtoCodec<T>;
  /** Addresses whose signatures the tx must carry, in order. */
  signers(msg: T): string[];
  /** Stateless checks (addresses, amounts) before any state is touched. */
  validateBasic?(msg: T): void;
  /** Executes the Msg; returns its response as an Any (goes into TxMsgData.msg_responses). */
  handle(ctx: Context, msg: T): EncodedAny;
}

export interface QueryRoute {
  /** gRPC method path, e.g. "/cosmos.bank.v1beta1.Query/Balance" */
  readonly path: string;
  handle(ctx: Context, request: Uint8Array): Uint8Array;
}

export interface Invariant {
  readonly name: string;
  /** Returns a description of what is broken, or undefined when the invariant holds. */
  check(ctx: Context): string | undefined;
}

export interface AppModule {
  readonly name: string;
  readonly msgs?: readonly MsgRoute[];
  readonly queries?: readonly QueryRoute[];
  initGenesis?(ctx: Context, state: unknown): void;
  exportGenesis?(ctx: Context): unknown;
  beginBlock?(ctx: Context): void;
  endBlock?(ctx: Context): void;
  readonly invariants?: readonly Invariant[];
}

/** Builds a typed Msg route while keeping one handler per Msg easy to find from its proto name. */
export function msgRoute<T>(route: MsgRoute<T>): MsgRoute<T> {
  return route;
}

/** Builds a query route that decodes its request and encodes its response with the given codecs. */
export function queryRoute<Req, Res>(
  path: string,
  request: ProtoCodec<Req>,
  response: ProtoCodec<Res>,
  handle: (ctx: Context, req: Req) => Res,
): QueryRoute {
  return {
    path,
    handle: (ctx, bytes) => response.encode(handle(ctx, request.decode(bytes))).finish(),
  };
}
