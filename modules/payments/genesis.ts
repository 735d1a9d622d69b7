/** payments genesis: params, price feed, credit accounts, delegations, receipt state, usage records, totals. */
import type { Context } from "../app/context";
import { GenesisState } from "../../generated/depin/payments/v1/genesis";
import type { PaymentsKeeper } from "./keeper";
import { deviceUsageKey, typeUsageKey, userUsageKey } from "./keys";
import { DEFAULT_PAYMENTS_PARAMS, validatePaymentsParams } from "./params";

export function initPaymentsGenesis(keeper: PaymentsKeeper, ctx: Context, raw: unknown): void {
  const state = raw === undefined ? GenesisState.fromPartial({ params: DEFAULT_PAYMENTS_PARAMS }) : GenesisState.fromJSON(raw);
  keeper.setParams(ctx, validatePaymentsParams(state.params ?? DEFAULT_PAYMENTS_PARAMS));
  if (state.priceFeed) keeper.setPriceFeed(ctx, state.priceFeed);
  for (const account of state.accounts) keeper.setAccount(ctx, account);
  for (const delegation of state.delegations) keeper.setDelegation(ctx, delegation);
  for (const device of state.deviceStates) keeper.setDeviceState(ctx, device);
  for (const r of state.deviceUsage) keeper.setRecord(ctx, deviceUsageKey(r.subject, r.epoch), r);
  for (const r of state.userUsage) keeper.setRecord(ctx, userUsageKey(keeper.addresses.decode(r.subject), r.epoch), r);
  for (const r of state.networkTypeUsage) keeper.setRecord(ctx, typeUsageKey(r.epoch, r.subject), r);
  const t = state.totals;
  keeper.setTotals(ctx, { creditsBurned: BigInt(t?.creditsBurned || "0"), creditsMinted: BigInt(t?.creditsMinted || "0"), creditsSpent: BigInt(t?.creditsSpent || "0") });
}

export function exportPaymentsGenesis(keeper: PaymentsKeeper, ctx: Context): unknown {
  const t = keeper.getTotals(ctx);
  return GenesisState.toJSON({
    params: keeper.getParams(ctx),
    priceFeed: keeper.getPriceFeed(ctx),
    accounts: [...keeper.allAccounts(ctx)],
    delegations: [...keeper.allDelegations(ctx)],
    deviceStates: [...keeper.allDeviceStates(ctx)],
    deviceUsage: [...keeper.usageRecords(ctx, "device")],
    userUsage: [...keeper.usageRecords(ctx, "user")],
    networkTypeUsage: [...keeper.usageRecords(ctx, "type")],
    totals: { creditsBurned: t.creditsBurned.toString(), onboardingBurned: "", totalBurned: "", creditsMinted: t.creditsMinted.toString(), creditsSpent: t.creditsSpent.toString() },
  });
}
