/** payments Msg handlers: one per Msg of depin.payments.v1. */
import { msgRoute, type MsgRoute } from "../app/module";
import {
  MsgBuyCredits,
  MsgBuyCreditsResponse,
  MsgDelegateCredits,
  MsgDelegateCreditsResponse,
  MsgRevokeCreditDelegation,
  MsgRevokeCreditDelegationResponse,
  MsgSubmitUsage,
  MsgSubmitUsageResponse,
  MsgUpdateParams,
  MsgUpdateParamsResponse,
  MsgUpdatePriceFeed,
  MsgUpdatePriceFeedResponse,
} from "../../generated/depin/payments/v1/tx";
import {
  ErrBatchTooLarge,
  ErrBelowMinCredits,
  ErrDelegationNotFound,
  ErrEmptyBatch,
  ErrInvalidAmount,
  ErrInvalidDelegation,
  ErrInvalidPriceFeed,
  ErrMalformedReceipt,
  ErrPurchaseTooSmall,
  ErrWrongDenom,
} from "./errors";
import { paymentsEvents } from "./events";
import type { PaymentsKeeper } from "./keeper";
import { creditsFor, isPositiveInt, MAX_RECEIPTS_LIMIT, MAX_USAGE_PAYLOAD_BYTES, requireRate, validatePaymentsParams } from "./params";
import { precheckReceipts, processReceipts } from "./receipts";
import type { AddressCodecLike } from "./expected-keepers";

const PKG = "/depin.payments.v1";

function response<T>(name: string, codec: { encode(m: T): { finish(): Uint8Array } }, value: T) {
  return { typeUrl: `${PKG}.${name}`, value: codec.encode(value).finish() };
}

export function paymentsMsgs(keeper: PaymentsKeeper, addresses: AddressCodecLike): MsgRoute[] {
  return [
    msgRoute<MsgBuyCredits>({
      typeUrl: `${PKG}.MsgBuyCredits`,
      codec: MsgBuyCredits,
      signers: (msg) => [msg.buyer],
      validateBasic: (msg) => {
        addresses.decode(msg.buyer, "buyer");
        if (!msg.amount || !isPositiveInt(msg.amount.amount)) throw ErrInvalidAmount.wrap("amount must be a positive integer coin");
        if (msg.minCredits !== "" && msg.minCredits !== "0" && !isPositiveInt(msg.minCredits)) throw ErrInvalidAmount.wrap("min_credits must be an integer string");
      },
      handle: (ctx, msg) => {
        const params = keeper.getParams(ctx);
        const coin = msg.amount!;
        if (coin.denom !== params.denom) throw ErrWrongDenom.wrap(`got ${coin.denom}, credits are bought with ${params.denom}`);
        const rate = requireRate(ctx, params, keeper.getPriceFeed(ctx));
        const amount = BigInt(coin.amount);
        const credits = creditsFor(amount, rate);
        if (credits === 0n) throw ErrPurchaseTooSmall.wrap(`${amount}${coin.denom} at ${rate.credits} credits per ${rate.baseUnits}`);
        if (credits < BigInt(msg.minCredits || "0")) throw ErrBelowMinCredits.wrap(`${credits} < ${msg.minCredits}`);
        keeper.purchase(ctx, msg.buyer, coin.denom, amount, credits);
        const epoch = keeper.rewards.currentEpoch(ctx);
        paymentsEvents.creditsPurchased(ctx.events, { buyer: msg.buyer, burned: coin, credits: credits.toString(), pricingMode: params.pricingMode, rate, epoch });
        return response("MsgBuyCreditsResponse", MsgBuyCreditsResponse, { credits: credits.toString() });
      },
    }),
    msgRoute<MsgDelegateCredits>({
      typeUrl: `${PKG}.MsgDelegateCredits`,
      codec: MsgDelegateCredits,
      signers: (msg) => [msg.granter],
      validateBasic: (msg) => {
        addresses.decode(msg.granter, "granter");
        addresses.decode(msg.grantee, "grantee");
        if (msg.granter === msg.grantee) throw ErrInvalidDelegation.wrap("granter and grantee are the same account");
        if (!isPositiveInt(msg.allowance)) throw ErrInvalidDelegation.wrap("allowance must be a positive integer string");
        if (msg.expiresMs < 0n) throw ErrInvalidDelegation.wrap("expires_ms must be >= 0");
      },
      handle: (ctx, msg) => {
        if (msg.expiresMs > 0n && msg.expiresMs <= ctx.header.timeMs) throw ErrInvalidDelegation.wrap(`expires_ms ${msg.expiresMs} is not after block time ${ctx.header.timeMs}`);
        // Creates or replaces: remaining = allowance, spent restarts at 0.
        keeper.setDelegation(ctx, { granter: msg.granter, grantee: msg.grantee, remaining: msg.allowance, spent: "0", expiresMs: msg.expiresMs });
        paymentsEvents.creditsDelegated(ctx.events, { granter: msg.granter, grantee: msg.grantee, allowance: msg.allowance, expiresMs: msg.expiresMs });
        return response("MsgDelegateCreditsResponse", MsgDelegateCreditsResponse, {});
      },
    }),
    msgRoute<MsgRevokeCreditDelegation>({
      typeUrl: `${PKG}.MsgRevokeCreditDelegation`,
      codec: MsgRevokeCreditDelegation,
      signers: (msg) => [msg.granter],
      validateBasic: (msg) => {
        addresses.decode(msg.granter, "granter");
        addresses.decode(msg.grantee, "grantee");
      },
      handle: (ctx, msg) => {
        if (!keeper.getDelegation(ctx, msg.granter, msg.grantee)) throw ErrDelegationNotFound.wrap(`${msg.granter} -> ${msg.grantee}`);
        keeper.deleteDelegation(ctx, msg.granter, msg.grantee);
        paymentsEvents.delegationRevoked(ctx.events, { granter: msg.granter, grantee: msg.grantee });
        return response("MsgRevokeCreditDelegationResponse", MsgRevokeCreditDelegationResponse, {});
      },
    }),
    msgRoute<MsgSubmitUsage>({
      typeUrl: `${PKG}.MsgSubmitUsage`,
      codec: MsgSubmitUsage,
      signers: (msg) => [msg.submitter],
      // Malformed input fails the whole tx; a missing or wrong user signature is a per-receipt reason.
      validateBasic: (msg) => {
        addresses.decode(msg.submitter, "submitter");
        if (msg.receipts.length === 0) throw ErrEmptyBatch.error();
        if (msg.receipts.length > MAX_RECEIPTS_LIMIT) throw ErrBatchTooLarge.wrap(`${msg.receipts.length} receipts, hard limit ${MAX_RECEIPTS_LIMIT}`);
        msg.receipts.forEach((r, i) => {
          const bad = (detail: string) => ErrMalformedReceipt.wrap(`receipts[${i}]: ${detail}`);
          if (!/^[0-9a-f]{40}$/.test(r.deviceId)) throw bad(`device_id "${r.deviceId}" is not 40 lowercase hex characters`);
          if (r.sequence === 0n) throw bad("sequence must be >= 1");
          addresses.decode(r.user, `receipts[${i}].user`);
          if (r.payer !== "") addresses.decode(r.payer, `receipts[${i}].payer`);
          if (r.periodStartMs < 0n || r.periodStartMs >= r.periodEndMs) throw bad("period_start_ms must be >= 0 and < period_end_ms");
          if (r.deviceSignature.length !== 64) throw bad(`device_signature must be 64 bytes, got ${r.deviceSignature.length}`);
          if (r.payload.length === 0 || r.payload.length > MAX_USAGE_PAYLOAD_BYTES) throw bad(`payload must be 1..${MAX_USAGE_PAYLOAD_BYTES} bytes`);
        });
      },
      handle: (ctx, msg) => {
        const params = keeper.getParams(ctx);
        if (msg.receipts.length > params.maxReceiptsPerMsg) throw ErrBatchTooLarge.wrap(`${msg.receipts.length} receipts, max_receipts_per_msg is ${params.maxReceiptsPerMsg}`);
        if (ctx.mode === "check") {
          ctx.gasMeter.consume(Number(params.gasPerReceipt) * msg.receipts.length, "usage receipts");
          precheckReceipts(ctx, keeper, msg.receipts);
          return response("MsgSubmitUsageResponse", MsgSubmitUsageResponse, { outcomes: [] });
        }
        return response("MsgSubmitUsageResponse", MsgSubmitUsageResponse, { outcomes: processReceipts(ctx, keeper, params, msg.receipts) });
      },
    }),
    msgRoute<MsgUpdatePriceFeed>({
      typeUrl: `${PKG}.MsgUpdatePriceFeed`,
      codec: MsgUpdatePriceFeed,
      signers: (msg) => [msg.authority],
      validateBasic: (msg) => {
        addresses.decode(msg.authority, "authority");
        if (!isPositiveInt(msg.nanoUsd) || !isPositiveInt(msg.baseUnits)) throw ErrInvalidPriceFeed.wrap("nano_usd and base_units must be positive integer strings");
        if (Buffer.byteLength(msg.source, "utf8") > 64) throw ErrInvalidPriceFeed.wrap("source is longer than 64 bytes");
      },
      handle: (ctx, msg) => {
        keeper.registry.requireAuthority(ctx, msg.authority);
        const feed = { nanoUsd: msg.nanoUsd, baseUnits: msg.baseUnits, height: ctx.header.height, timeMs: ctx.header.timeMs, source: msg.source };
        keeper.setPriceFeed(ctx, feed);
        paymentsEvents.priceFeedUpdated(ctx.events, { feed });
        return response("MsgUpdatePriceFeedResponse", MsgUpdatePriceFeedResponse, {});
      },
    }),
    msgRoute<MsgUpdateParams>({
      typeUrl: `${PKG}.MsgUpdateParams`,
      codec: MsgUpdateParams,
      signers: (msg) => [msg.authority],
      validateBasic: (msg) => {
        addresses.decode(msg.authority, "authority");
        validatePaymentsParams(msg.params);
      },
      handle: (ctx, msg) => {
        keeper.registry.requireAuthority(ctx, msg.authority);
        const params = validatePaymentsParams(msg.params);
        keeper.setParams(ctx, params);
        paymentsEvents.paramsUpdated(ctx.events, { params });
        return response("MsgUpdateParamsResponse", MsgUpdateParamsResponse, {});
      },
    }),
  ];
}
