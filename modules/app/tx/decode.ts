/**
 * Decoding a tx exactly as the Cosmos SDK encodes it (TxRaw → TxBody + AuthInfo → Msgs), strictly:
 * non-canonical or unknown-field encodings are refused so that one tx has one byte form.
 */
import { AuthInfo, TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import type { MsgRoute } from "../module";
import { ErrTxDecode } from "../sdk-errors";

export interface DecodedMsg {
  readonly route: MsgRoute;
  readonly msg: unknown;
}

export interface DecodedTx {
  readonly raw: TxRaw;
  readonly body: TxBody;
  readonly authInfo: AuthInfo;
  readonly msgs: readonly DecodedMsg[];
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function strictDecode<T>(
  codec: { decode(bytes: Uint8Array): T; encode(message: T): { finish(): Uint8Array } },
  bytes: Uint8Array,
  what: string,
  encodingChecked: boolean,
): T {
  let decoded: T;
  try {
    decoded = codec.decode(bytes);
  } catch (error) {
    throw ErrTxDecode.wrap(`${what}: ${(error as Error).message}`);
  }
  if (!encodingChecked && !sameBytes(codec.encode(decoded).finish(), bytes)) {
    throw ErrTxDecode.wrap(`${what} has unknown fields or a non-canonical encoding`);
  }
  return decoded;
}

/**
 * `encodingChecked`: these exact bytes already passed this function (the caller knows it by their
 * hash), so the canonical-encoding check, a pure function of the bytes, would pass again: it is
 * skipped (re-encoding is half the cost of decoding a MsgSend, and a tx is decoded in CheckTx, in
 * each recheck and in its block).
 */
export function decodeTx(bytes: Uint8Array, routes: ReadonlyMap<string, MsgRoute>, encodingChecked = false): DecodedTx {
  if (bytes.length === 0) throw ErrTxDecode.wrap("empty tx");
  const raw = strictDecode(TxRaw, bytes, "TxRaw", encodingChecked);
  const body = strictDecode(TxBody, raw.bodyBytes, "TxBody", encodingChecked);
  const authInfo = strictDecode(AuthInfo, raw.authInfoBytes, "AuthInfo", encodingChecked);
  const msgs = body.messages.map((any, index) => {
    const route = routes.get(any.typeUrl);
    if (!route) throw ErrTxDecode.wrap(`message ${index}: unable to resolve type URL ${any.typeUrl || "(empty)"}`);
    try {
      return { route, msg: route.codec.decode(any.value) };
    } catch (error) {
      throw ErrTxDecode.wrap(`message ${index} (${any.typeUrl}): ${(error as Error).message}`);
    }
  });
  return { raw, body, authInfo, msgs };
}
