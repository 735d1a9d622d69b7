/**
 * One tx, start to end: decode → ante (on a branch) → messages (on a branch of that) → results.
 * As in the SDK, a tx whose messages fail in a block still pays its fee and uses its sequence
 * (the ante branch is kept); in CheckTx and simulation nothing of a failed tx is kept.
 *
 * A recheck (the mempool's txs again after each Commit) runs the ante handler only, as the SDK's
 * does: it asks whether the tx can still pay and still has the next sequence. A new CheckTx also
 * runs the messages, so a send of funds the account lacks is refused at the door with no fee
 * taken; a tx admitted that way and then outrun by a block that spent those funds fails in its
 * own block instead, paying its fee, as it would on an SDK chain.
 */
import { hash } from "node:crypto";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import type { Event } from "cosmjs-types/tendermint/abci/types";
import type { BranchStore } from "../../store/types";
import { Context, type BlockHeader, type ExecMode } from "../context";
import { AppError, toAppError } from "../errors";
import { EventManager } from "../events";
import { GasMeter, INFINITE_GAS } from "../gas";
import type { MsgRoute } from "../module";
import { ErrTxTooLarge } from "../sdk-errors";
import { runAnte, type AnteDeps, type TxHashSet } from "./ante";
import { decodeTx, type DecodedTx } from "./decode";

export interface TxOutcome {
  readonly code: number;
  readonly codespace: string;
  readonly log: string;
  readonly data: Uint8Array;
  readonly gasWanted: bigint;
  readonly gasUsed: bigint;
  readonly events: Event[];
  /** Encoded Anys of the message responses (for simulation's result.msg_responses). */
  readonly msgResponses: Array<{ typeUrl: string; value: Uint8Array }>;
}

export interface TxRunner {
  readonly routes: ReadonlyMap<string, MsgRoute>;
  /**
   * Hashes of txs whose bytes decoded with a canonical encoding in CheckTx or a recheck: their
   * recheck and their block skip that check (decodeTx's `encodingChecked`). Only a cache: a tx
   * missing from it is checked in full, so a node that never saw the tx decides the same.
   */
  readonly canonicalTxs?: TxHashSet;
  /** Module name that owns each Msg type URL (for the `message.module` event attribute). */
  readonly moduleOf: ReadonlyMap<string, string>;
  readonly ante: AnteDeps;
  maxTxBytes(ctx: Context): number;
}

export function txHash(txBytes: Uint8Array): string {
  return hash("sha256", txBytes, "hex").toUpperCase();
}

function failure(error: unknown, gasWanted: bigint, gasUsed: number, events: Event[]): TxOutcome {
  const appError: AppError = toAppError(error);
  return {
    code: appError.code,
    codespace: appError.codespace,
    log: appError.message,
    data: new Uint8Array(),
    gasWanted,
    gasUsed: BigInt(gasUsed),
    events,
    msgResponses: [],
  };
}

/**
 * Whether these bytes' encoding was found canonical before. FinalizeBlock is the last decoder of a
 * tx (a block's txs leave the mempool whatever their result), so it takes the entry out.
 */
function encodingCheckedBefore(runner: TxRunner, mode: ExecMode, hash: string): boolean {
  if (runner.canonicalTxs === undefined) return false;
  if (mode === "finalize") return runner.canonicalTxs.delete(hash);
  return mode === "recheck" && runner.canonicalTxs.has(hash);
}

/**
 * Runs `txBytes` on top of `state`. Effects are written into `state` only when they should be
 * kept (see the module comment). `state` itself is never committed here.
 */
export function runTx(runner: TxRunner, header: BlockHeader, mode: ExecMode, state: BranchStore, txBytes: Uint8Array): TxOutcome {
  const simulate = mode === "simulate";
  const base = new Context(header, mode, state);
  let tx: DecodedTx;
  let hash: string;
  let encodingChecked = false;
  try {
    const maxBytes = runner.maxTxBytes(base);
    if (txBytes.length > maxBytes) throw ErrTxTooLarge.wrap(`tx is ${txBytes.length} bytes, limit is ${maxBytes}`);
    hash = txHash(txBytes);
    encodingChecked = encodingCheckedBefore(runner, mode, hash);
    tx = decodeTx(txBytes, runner.routes, encodingChecked);
  } catch (error) {
    return failure(error, 0n, 0, []);
  }
  if (!encodingChecked && (mode === "check" || mode === "recheck")) runner.canonicalTxs?.set(hash, true);

  const gasWanted = tx.authInfo.fee?.gasLimit ?? 0n;
  const limit = simulate ? INFINITE_GAS : Number(gasWanted > BigInt(INFINITE_GAS) ? BigInt(INFINITE_GAS) : gasWanted);
  const meter = new GasMeter(limit);
  const anteState = state.branch();
  const anteEvents = new EventManager();
  const anteCtx = base.with({ state: anteState, gasMeter: meter, events: anteEvents, txHash: hash });
  let signers: readonly string[];
  try {
    signers = runAnte(anteCtx, tx, txBytes, hash, runner.ante).signers;
  } catch (error) {
    return failure(error, gasWanted, meter.consumed, []);
  }

  if (mode === "recheck") {
    anteState.write();
    return { code: 0, codespace: "", log: "", data: new Uint8Array(), gasWanted, gasUsed: BigInt(meter.consumed), events: anteEvents.events, msgResponses: [] };
  }

  const msgState = anteState.branch();
  const msgEvents = new EventManager();
  const msgCtx = base.with({ state: msgState, gasMeter: meter, events: msgEvents, txHash: hash, msgIndex: 0 });
  const msgResponses: Array<{ typeUrl: string; value: Uint8Array }> = [];
  try {
    tx.msgs.forEach(({ route, msg }, index) => {
      msgEvents.emit("message", [
        ["action", route.typeUrl],
        ["sender", route.signers(msg)[0] ?? signers[0]],
        ["module", runner.moduleOf.get(route.typeUrl) ?? ""],
        ["msg_index", String(index)],
      ]);
      msgResponses.push(route.handle(index === 0 ? msgCtx : msgCtx.with({ msgIndex: index }), msg));
    });
  } catch (error) {
    // In a block the fee and sequence stay spent; elsewhere the whole tx is dropped.
    if (mode === "finalize") anteState.write();
    return failure(error, gasWanted, meter.consumed, mode === "finalize" ? anteEvents.events : []);
  }
  msgState.write();
  anteState.write();
  return {
    code: 0,
    codespace: "",
    log: "",
    data: TxMsgData.encode({ data: [], msgResponses }).finish(),
    gasWanted: simulate ? BigInt(meter.consumed) : gasWanted,
    gasUsed: BigInt(meter.consumed),
    events: [...anteEvents.events, ...msgEvents.events],
    msgResponses,
  };
}
