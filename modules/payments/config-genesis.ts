/** The payments genesis section from a network config (`depin.payments` + per-type `usage`). Proto JSON. */
import { GenesisState } from "../../generated/depin/payments/v1/genesis";
import { PricingMode } from "../../generated/depin/payments/v1/types";
import type { NetworkConfig } from "../app/network-config";
import { DEFAULT_PAYMENTS_PARAMS, validatePaymentsParams } from "./params";

export function buildPaymentsGenesis(config: NetworkConfig): unknown {
  const p = config.depin?.payments ?? {};
  const d = DEFAULT_PAYMENTS_PARAMS;
  const plugins = config.plugins ?? [];
  const usagePrices = (config.depin?.networkTypes ?? [])
    .filter((nt) => nt.usage?.creditsPerUnit !== undefined)
    .map((nt) => ({ networkType: nt.name ?? plugins.find((pl) => pl.type === nt.plugin)?.type ?? nt.plugin, creditsPerUnit: nt.usage!.creditsPerUnit! }))
    .sort((a, b) => (a.networkType < b.networkType ? -1 : a.networkType > b.networkType ? 1 : 0));
  const params = validatePaymentsParams({
    denom: config.denom,
    pricingMode: p.pricingMode === "usd_peg" ? PricingMode.PRICING_MODE_USD_PEG : PricingMode.PRICING_MODE_FIXED,
    fixedRate: p.fixedRate ?? d.fixedRate,
    creditPriceNanoUsd: p.creditPriceNanoUsd ?? d.creditPriceNanoUsd,
    maxPriceAgeBlocks: BigInt(p.maxPriceAgeBlocks ?? d.maxPriceAgeBlocks),
    usagePrices,
    maxReceiptsPerMsg: p.maxReceiptsPerMsg ?? d.maxReceiptsPerMsg,
    gasPerReceipt: BigInt(p.gasPerReceipt ?? d.gasPerReceipt),
    maxReceiptAgeMs: BigInt(p.maxReceiptAgeMs ?? d.maxReceiptAgeMs),
    maxReceiptFutureMs: BigInt(p.maxReceiptFutureMs ?? d.maxReceiptFutureMs),
  });
  return GenesisState.toJSON({
    params,
    priceFeed: undefined,
    accounts: [],
    delegations: [],
    deviceStates: [],
    deviceUsage: [],
    userUsage: [],
    networkTypeUsage: [],
    totals: { creditsBurned: "0", onboardingBurned: "", totalBurned: "", creditsMinted: "0", creditsSpent: "0" },
  });
}
