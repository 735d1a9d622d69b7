/** proofs Msg handlers: one per Msg of depin.proofs.v1. */
import { msgRoute, type MsgRoute } from "../app/module";
import { MsgSubmitProofs, MsgSubmitProofsResponse, MsgUpdateParams, MsgUpdateParamsResponse } from "../../generated/depin/proofs/v1/tx";
import { MAX_BATCH_SIZE_LIMIT, validateProofsParams } from "./params";
import { ErrBatchTooLarge, ErrEmptyBatch, ErrMalformedProof } from "./errors";
import { proofsEvents } from "./events";
import type { ProofsKeeper } from "./keeper";
import { precheckBatch, processBatch } from "./process";

const PKG = "/depin.proofs.v1";

export interface AddressDecoder {
  decode(address: string, field?: string): Uint8Array;
}

export function proofsMsgs(keeper: ProofsKeeper, addresses: AddressDecoder): MsgRoute[] {
  return [
    msgRoute<MsgSubmitProofs>({
      typeUrl: `${PKG}.MsgSubmitProofs`,
      codec: MsgSubmitProofs,
      signers: (msg) => [msg.submitter],
      // Malformed input fails the whole tx (and costs the submitter its fee in a block).
      validateBasic: (msg) => {
        addresses.decode(msg.submitter, "submitter");
        if (msg.proofs.length === 0) throw ErrEmptyBatch.error();
        if (msg.proofs.length > MAX_BATCH_SIZE_LIMIT) throw ErrBatchTooLarge.wrap(`${msg.proofs.length} proofs, hard limit ${MAX_BATCH_SIZE_LIMIT}`);
        msg.proofs.forEach((proof, i) => {
          if (!/^[0-9a-f]{40}$/.test(proof.deviceId)) throw ErrMalformedProof.wrap(`proofs[${i}].device_id "${proof.deviceId}" is not 40 lowercase hex characters`);
          if (proof.sequence === 0n) throw ErrMalformedProof.wrap(`proofs[${i}].sequence must be >= 1`);
          if (proof.signature.length !== 64) throw ErrMalformedProof.wrap(`proofs[${i}].signature must be 64 bytes, got ${proof.signature.length}`);
          if (proof.payload.length === 0) throw ErrMalformedProof.wrap(`proofs[${i}].payload is empty`);
        });
      },
      handle: (ctx, msg) => {
        const params = keeper.getParams(ctx);
        if (msg.proofs.length > params.maxBatchSize) throw ErrBatchTooLarge.wrap(`${msg.proofs.length} proofs, max_batch_size is ${params.maxBatchSize}`);
        if (ctx.mode === "check") {
          ctx.gasMeter.consume(Number(params.gasPerProof) * msg.proofs.length, "proofs");
          precheckBatch(ctx, keeper, msg.proofs);
          return { typeUrl: `${PKG}.MsgSubmitProofsResponse`, value: MsgSubmitProofsResponse.encode({ outcomes: [] }).finish() };
        }
        const outcomes = processBatch(ctx, keeper, params, msg.proofs);
        return { typeUrl: `${PKG}.MsgSubmitProofsResponse`, value: MsgSubmitProofsResponse.encode({ outcomes }).finish() };
      },
    }),
    msgRoute<MsgUpdateParams>({
      typeUrl: `${PKG}.MsgUpdateParams`,
      codec: MsgUpdateParams,
      signers: (msg) => [msg.authority],
      validateBasic: (msg) => {
        addresses.decode(msg.authority, "authority");
        validateProofsParams(msg.params);
      },
      handle: (ctx, msg) => {
        keeper.registry.requireAuthority(ctx, msg.authority);
        const params = validateProofsParams(msg.params);
        keeper.setParams(ctx, params);
        proofsEvents.paramsUpdated(ctx.events, { params });
        return { typeUrl: `${PKG}.MsgUpdateParamsResponse`, value: MsgUpdateParamsResponse.encode({}).finish() };
      },
    }),
  ];
}
