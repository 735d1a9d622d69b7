/** Payments params: defaults, validation, and the purchase rate in force (fixed or USD peg). */
import type { Context } from "../app/context";
import { type Params, type PriceFeed, PricingMode, type Rate } from "../../generated/depin/payments/v1/types";
import { ErrInvalidParams, ErrNoPriceFeed, ErrPriceStale } from "./errors";

export const DEFAULT_PAYMENTS_PARAMS: Params = {
  denom: "ufield",
  pricingMode: PricingMode.PRICING_MODE_FIXED,
  fixedRate: { credits: "1", baseUnits: "1" },
  // Helium's Data Credit price: $0.00001.
  creditPriceNanoUsd: "10000",
  maxPriceAgeBlocks: 600n,
  usagePrices: [],
  maxReceiptsPerMsg: 500,
  gasPerReceipt: 20_000n,
  maxReceiptAgeMs: 86_400_000n,
  maxReceiptFutureMs: 60_000n,
};

/** Hard limit whatever the params say (bounds validateBasic's work). */
export const MAX_RECEIPTS_LIMIT = 10_000;
export const MAX_USAGE_PAYLOAD_BYTES = 4096;

const POSITIVE_INT = /^[1-9][0-9]{0,38}$/;

export function isPositiveInt(s: string): boolean {
  return POSITIVE_INT.test(s);
}

function positive(name: string, v: string | undefined): void {
  if (v === undefined || !isPositiveInt(v)) throw ErrInvalidParams.wrap(`${name} must be a positive integer string, got "${v ?? ""}"`);
}

export function validatePaymentsParams(params: Params | undefined): Params {
  if (!params) throw ErrInvalidParams.wrap("params are missing");
  if (!/^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/.test(params.denom)) throw ErrInvalidParams.wrap(`denom "${params.denom}" is invalid`);
  if (params.pricingMode === PricingMode.PRICING_MODE_FIXED) {
    positive("fixed_rate.credits", params.fixedRate?.credits);
    positive("fixed_rate.base_units", params.fixedRate?.baseUnits);
  } else if (params.pricingMode === PricingMode.PRICING_MODE_USD_PEG) {
    positive("credit_price_nano_usd", params.creditPriceNanoUsd);
  } else {
    throw ErrInvalidParams.wrap("pricing_mode must be FIXED or USD_PEG");
  }
  let previous = "";
  for (const price of params.usagePrices) {
    if (price.networkType <= previous) throw ErrInvalidParams.wrap("usage_prices must be sorted by network_type and unique");
    previous = price.networkType;
    positive(`usage_prices[${price.networkType}].credits_per_unit`, price.creditsPerUnit);
  }
  if (params.maxReceiptsPerMsg < 1 || params.maxReceiptsPerMsg > MAX_RECEIPTS_LIMIT) throw ErrInvalidParams.wrap(`max_receipts_per_msg must be in 1..${MAX_RECEIPTS_LIMIT}`);
  if (params.maxReceiptAgeMs < 0n || params.maxReceiptFutureMs < 0n) throw ErrInvalidParams.wrap("receipt windows must be >= 0");
  return params;
}

export function usagePriceOf(params: Params, networkType: string): bigint | undefined {
  const price = params.usagePrices.find((p) => p.networkType === networkType);
  return price ? BigInt(price.creditsPerUnit) : undefined;
}

export interface RateInForce {
  readonly rate: Rate | undefined;
  readonly stale: boolean;
  readonly missing: boolean;
}

/**
 * The purchase rate now. Fixed: params.fixed_rate. USD peg: the feed says base_units are worth
 * nano_usd, a credit costs credit_price_nano_usd, so base_units * credit_price buy nano_usd credits.
 */
export function rateInForce(ctx: Context, params: Params, feed: PriceFeed | undefined): RateInForce {
  if (params.pricingMode === PricingMode.PRICING_MODE_FIXED) return { rate: params.fixedRate, stale: false, missing: false };
  if (!feed) return { rate: undefined, stale: false, missing: true };
  const stale = params.maxPriceAgeBlocks > 0n && ctx.header.height - feed.height > params.maxPriceAgeBlocks;
  if (stale) return { rate: undefined, stale: true, missing: false };
  return { rate: { credits: feed.nanoUsd, baseUnits: (BigInt(feed.baseUnits) * BigInt(params.creditPriceNanoUsd)).toString() }, stale: false, missing: false };
}

export function requireRate(ctx: Context, params: Params, feed: PriceFeed | undefined): Rate {
  const r = rateInForce(ctx, params, feed);
  if (r.missing) throw ErrNoPriceFeed.wrap("the authority has not posted a price feed (pricing_mode USD_PEG)");
  if (r.stale) throw ErrPriceStale.wrap(`feed posted at height ${feed?.height}, older than ${params.maxPriceAgeBlocks} blocks`);
  return r.rate!;
}

/** floor(amount * credits / base_units). */
export function creditsFor(amount: bigint, rate: Rate): bigint {
  return (amount * BigInt(rate.credits)) / BigInt(rate.baseUnits);
}
