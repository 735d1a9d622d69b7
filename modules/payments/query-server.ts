/** payments queries at /depin.payments.v1.Query/<Method> (Cosmos-style paths, PageRequest paging). */
import { queryRoute, type QueryRoute } from "../app/module";
import { ErrInvalidRequest } from "../app/sdk-errors";
import { paginate } from "../app/pagination";
import {
  QueryBurnTotalsRequest,
  QueryBurnTotalsResponse,
  QueryCreditBalanceRequest,
  QueryCreditBalanceResponse,
  QueryDelegationRequest,
  QueryDelegationResponse,
  QueryDelegationsByGranterRequest,
  QueryDelegationsByGranterResponse,
  QueryDeviceUsageStateRequest,
  QueryDeviceUsageStateResponse,
  QueryNetEmissionRequest,
  QueryNetEmissionResponse,
  QueryParamsRequest,
  QueryParamsResponse,
  QueryPriceRequest,
  QueryPriceResponse,
  QueryUsageByDeviceRequest,
  QueryUsageByDeviceResponse,
  QueryUsageByEpochRequest,
  QueryUsageByEpochResponse,
  QueryUsageByUserRequest,
  QueryUsageByUserResponse,
} from "../../generated/depin/payments/v1/query";
import { CreditDelegation, UsageRecord, type NetEmission } from "../../generated/depin/payments/v1/types";
import type { Context } from "../app/context";
import { ErrDelegationNotFound, ErrEpochNotFound } from "./errors";
import { emptyDeviceState, type PaymentsKeeper } from "./keeper";
import { delegationPrefix, deviceUsagePrefix, typeUsagePrefix, userUsagePrefix } from "./keys";
import { rateInForce } from "./params";

const PKG = "/depin.payments.v1.Query";

function deviceId(id: string): string {
  if (!/^[0-9a-f]{40}$/.test(id)) throw ErrInvalidRequest.wrap(`device_id "${id}" is not 40 lowercase hex characters`);
  return id;
}

/** An epoch's supply change: closed epochs from the rewards summary, the open one so far. */
export function netEmission(ctx: Context, keeper: PaymentsKeeper, epoch: bigint): NetEmission {
  const summary = keeper.rewards.getSummary(ctx, epoch);
  if (summary) {
    return { epoch, closed: true, minted: summary.emission, burned: summary.burned, net: summary.netEmission, supplyStart: summary.supplyStart, supplyEnd: summary.supplyEnd };
  }
  const state = keeper.rewards.getState(ctx);
  if (epoch !== state.currentEpoch) throw ErrEpochNotFound.wrap(`epoch ${epoch} is neither closed nor open (open: ${state.currentEpoch})`);
  const burned = keeper.rewards.totalBurned(ctx) - state.epochStartBurned;
  const supply = keeper.bank.getSupply(ctx, keeper.rewards.getParams(ctx).denom);
  return { epoch, closed: false, minted: "0", burned: burned.toString(), net: (-burned).toString(), supplyStart: state.epochStartSupply.toString(), supplyEnd: supply.toString() };
}

export function paymentsQueries(keeper: PaymentsKeeper): QueryRoute[] {
  const addr = (a: string, field: string) => keeper.addresses.decode(a, field);
  return [
    queryRoute(`${PKG}/Params`, QueryParamsRequest, QueryParamsResponse, (ctx) => ({ params: keeper.getParams(ctx) })),
    queryRoute(`${PKG}/CreditBalance`, QueryCreditBalanceRequest, QueryCreditBalanceResponse, (ctx, req) => {
      addr(req.address, "address");
      return { account: keeper.getAccount(ctx, req.address) };
    }),
    queryRoute(`${PKG}/Price`, QueryPriceRequest, QueryPriceResponse, (ctx) => {
      const params = keeper.getParams(ctx);
      const feed = keeper.getPriceFeed(ctx);
      const r = rateInForce(ctx, params, feed);
      return { pricingMode: params.pricingMode, rate: r.rate, priceFeed: feed, stale: r.stale || r.missing, usagePrices: params.usagePrices };
    }),
    queryRoute(`${PKG}/Delegation`, QueryDelegationRequest, QueryDelegationResponse, (ctx, req) => {
      addr(req.granter, "granter");
      addr(req.grantee, "grantee");
      const delegation = keeper.getDelegation(ctx, req.granter, req.grantee);
      if (!delegation) throw ErrDelegationNotFound.wrap(`${req.granter} -> ${req.grantee}`);
      return { delegation };
    }),
    queryRoute(`${PKG}/DelegationsByGranter`, QueryDelegationsByGranterRequest, QueryDelegationsByGranterResponse, (ctx, req) => {
      const page = paginate(keeper.readStore(ctx), delegationPrefix(addr(req.granter, "granter")), req.pagination, (_k, v) => CreditDelegation.decode(v));
      return { delegations: page.items, pagination: page.pagination };
    }),
    queryRoute(`${PKG}/DeviceUsageState`, QueryDeviceUsageStateRequest, QueryDeviceUsageStateResponse, (ctx, req) => ({
      state: keeper.getDeviceState(ctx, deviceId(req.deviceId)) ?? emptyDeviceState(req.deviceId),
    })),
    queryRoute(`${PKG}/UsageByDevice`, QueryUsageByDeviceRequest, QueryUsageByDeviceResponse, (ctx, req) => {
      const page = paginate(keeper.readStore(ctx), deviceUsagePrefix(deviceId(req.deviceId)), req.pagination, (_k, v) => UsageRecord.decode(v));
      return { usage: page.items, pagination: page.pagination };
    }),
    queryRoute(`${PKG}/UsageByUser`, QueryUsageByUserRequest, QueryUsageByUserResponse, (ctx, req) => {
      const page = paginate(keeper.readStore(ctx), userUsagePrefix(addr(req.user, "user")), req.pagination, (_k, v) => UsageRecord.decode(v));
      return { usage: page.items, pagination: page.pagination };
    }),
    queryRoute(`${PKG}/UsageByEpoch`, QueryUsageByEpochRequest, QueryUsageByEpochResponse, (ctx, req) => {
      const page = paginate(keeper.readStore(ctx), typeUsagePrefix(req.epoch), req.pagination, (_k, v) => UsageRecord.decode(v));
      return { usage: page.items, pagination: page.pagination };
    }),
    queryRoute(`${PKG}/BurnTotals`, QueryBurnTotalsRequest, QueryBurnTotalsResponse, (ctx) => {
      const t = keeper.getTotals(ctx);
      const onboarding = keeper.registry.getTotalBurned(ctx);
      return {
        totals: {
          creditsBurned: t.creditsBurned.toString(),
          onboardingBurned: onboarding.toString(),
          totalBurned: (t.creditsBurned + onboarding).toString(),
          creditsMinted: t.creditsMinted.toString(),
          creditsSpent: t.creditsSpent.toString(),
        },
      };
    }),
    queryRoute(`${PKG}/NetEmission`, QueryNetEmissionRequest, QueryNetEmissionResponse, (ctx, req) => ({ netEmission: netEmission(ctx, keeper, req.epoch) })),
  ];
}
