/** The demand-side IndexerService methods: ListUsage, ListCreditPurchases, GetAccountPayments. */
import type * as p from "../../generated/depin/indexer/v1/payments";
import { UsageOutcomeFilter } from "../../generated/depin/indexer/v1/payments";
import type { PaymentAccountRow, PaymentQueries, PurchaseRow, UsageRow } from "../store/payments";
import { invalid } from "./errors";
import * as v from "./validate";

const { isHeightIdx } = v;

export function toUsageRecord(r: UsageRow): p.UsageReceiptRecord {
  const accepted = Number(r.accepted) === 1;
  return {
    height: BigInt(r.height), index: Number(r.idx), deviceId: r.device_id, sequence: BigInt(r.sequence), networkType: r.network_type, user: r.user_address, payer: r.payer,
    accepted, units: r.units, credits: r.credits, epoch: accepted ? BigInt(r.epoch) : 0n, reason: r.reason, detail: r.detail, timeMs: BigInt(r.time_ms),
  };
}

export function toPurchase(r: PurchaseRow): p.CreditPurchase {
  return { height: BigInt(r.height), index: Number(r.idx), buyer: r.buyer, burned: r.burned, credits: r.credits, epoch: BigInt(r.epoch), timeMs: BigInt(r.time_ms) };
}

export function toAccountPayments(address: string, r: PaymentAccountRow | undefined): p.AccountPayments {
  const purchased = BigInt(r?.credits_purchased ?? "0");
  const spent = BigInt(r?.credits_spent ?? "0");
  return {
    address, creditsPurchased: purchased.toString(), tokensBurned: r?.tokens_burned ?? "0", purchases: BigInt(r?.purchases ?? 0), creditsSpent: spent.toString(),
    creditsBalance: (purchased - spent).toString(), receiptsAccepted: BigInt(r?.receipts_accepted ?? 0), receiptsRejected: BigInt(r?.receipts_rejected ?? 0), usageUnits: r?.usage_units ?? "0",
  };
}

export class PaymentHandlers {
  constructor(private readonly queries: PaymentQueries) {}

  async listUsage(req: p.ListUsageRequest): Promise<p.ListUsageResponse> {
    const limit = v.limitOf(req.limit);
    const { fromEpoch, toEpoch } = v.epochRange(req.fromEpoch, req.toEpoch);
    if (![0, 1, 2].includes(req.outcome)) throw invalid("outcome", `unknown value ${req.outcome}`);
    const accepted = req.outcome === UsageOutcomeFilter.USAGE_OUTCOME_FILTER_ACCEPTED ? true : req.outcome === UsageOutcomeFilter.USAGE_OUTCOME_FILTER_REJECTED ? false : undefined;
    const after = v.decodePageKey(req.pageKey, "usage", isHeightIdx);
    const filter = {
      deviceId: v.deviceId(req.deviceId, "device_id", false), user: v.address(req.user, "user"), payer: v.address(req.payer, "payer"),
      fromEpoch, toEpoch, accepted,
    };
    const page = await this.queries.listUsage(filter, limit, after);
    return { receipts: page.rows.map(toUsageRecord), nextKey: page.next ? v.encodePageKey("usage", page.next) : "" };
  }

  async listCreditPurchases(req: p.ListCreditPurchasesRequest): Promise<p.ListCreditPurchasesResponse> {
    const limit = v.limitOf(req.limit);
    const after = v.decodePageKey(req.pageKey, "purchases", isHeightIdx);
    const page = await this.queries.listPurchases(v.address(req.buyer, "buyer"), limit, after);
    return { purchases: page.rows.map(toPurchase), nextKey: page.next ? v.encodePageKey("purchases", page.next) : "" };
  }

  async getAccountPayments(req: p.GetAccountPaymentsRequest): Promise<p.GetAccountPaymentsResponse> {
    const address = v.address(req.address, "address");
    if (!address) throw invalid("address", "required");
    return { payments: toAccountPayments(address, await this.queries.account(address)) };
  }
}
