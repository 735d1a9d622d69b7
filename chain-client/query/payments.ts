/** Payments queries (credits, price, delegations, usage, burns, net emission), in the style of cosmjs's `setupBankExtension`. */
import type { QueryClient } from "@cosmjs/stargate";
import { QueryClientImpl, type QueryPriceResponse } from "../../generated/depin/payments/v1/query";
import type { BurnTotals, CreditAccount, CreditDelegation, DeviceUsageState, NetEmission, Params, UsageRecord } from "../../generated/depin/payments/v1/types";
import { paginate, type PageOptions } from "../pagination";
import { FieldnetQueryError } from "../errors";
import { rpcFor } from "./base";

export interface PaymentsExtension {
  readonly payments: {
    params(): Promise<Params>;
    /** The account's credits (zeros when it never bought). */
    creditBalance(address: string): Promise<CreditAccount>;
    price(): Promise<QueryPriceResponse>;
    /** undefined when granter has no delegation to grantee. */
    delegation(granter: string, grantee: string): Promise<CreditDelegation | undefined>;
    allDelegationsByGranter(granter: string, options?: PageOptions): AsyncGenerator<CreditDelegation, void, undefined>;
    deviceUsageState(deviceId: string): Promise<DeviceUsageState>;
    /** Per-epoch usage records, epoch order. */
    allUsageByDevice(deviceId: string, options?: PageOptions): AsyncGenerator<UsageRecord, void, undefined>;
    allUsageByUser(user: string, options?: PageOptions): AsyncGenerator<UsageRecord, void, undefined>;
    /** Per-network-type usage of one epoch. */
    allUsageByEpoch(epoch: bigint | number, options?: PageOptions): AsyncGenerator<UsageRecord, void, undefined>;
    burnTotals(): Promise<BurnTotals>;
    /** minted - burned of an epoch (closed: exact; open: so far); undefined for a future epoch. */
    netEmission(epoch: bigint | number): Promise<NetEmission | undefined>;
    readonly raw: QueryClientImpl;
  };
}

async function orNotFound<T>(run: () => Promise<T>, codes: ReadonlyArray<readonly [string, number]>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof FieldnetQueryError && codes.some(([cs, c]) => error.codespace === cs && error.code === c)) return undefined;
    throw error;
  }
}

export function setupPaymentsExtension(base: QueryClient): PaymentsExtension {
  const raw = new QueryClientImpl(rpcFor(base));
  return {
    payments: {
      params: async () => (await raw.Params({})).params!,
      creditBalance: async (address) => (await raw.CreditBalance({ address })).account!,
      price: () => raw.Price({}),
      delegation: (granter, grantee) => orNotFound(async () => (await raw.Delegation({ granter, grantee })).delegation, [["payments", 10]]),
      allDelegationsByGranter: (granter, options) =>
        paginate(async (pagination) => {
          const r = await raw.DelegationsByGranter({ granter, pagination });
          return { items: r.delegations, pagination: r.pagination };
        }, options),
      deviceUsageState: async (deviceId) => (await raw.DeviceUsageState({ deviceId })).state!,
      allUsageByDevice: (deviceId, options) =>
        paginate(async (pagination) => {
          const r = await raw.UsageByDevice({ deviceId, pagination });
          return { items: r.usage, pagination: r.pagination };
        }, options),
      allUsageByUser: (user, options) =>
        paginate(async (pagination) => {
          const r = await raw.UsageByUser({ user, pagination });
          return { items: r.usage, pagination: r.pagination };
        }, options),
      allUsageByEpoch: (epoch, options) =>
        paginate(async (pagination) => {
          const r = await raw.UsageByEpoch({ epoch: BigInt(epoch), pagination });
          return { items: r.usage, pagination: r.pagination };
        }, options),
      burnTotals: async () => (await raw.BurnTotals({})).totals!,
      netEmission: (epoch) => orNotFound(async () => (await raw.NetEmission({ epoch: BigInt(epoch) })).netEmission, [["payments", 15]]),
      raw,
    },
  };
}
