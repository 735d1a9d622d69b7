/** The read side of the demand-side tables (migrations-payments.ts): bounded, keyset-paged, newest first. */
import type { Kysely, Selectable } from "kysely";
import type { CreditPurchasesTable, IndexerDatabase, PaymentAccountsTable, UsageReceiptsTable } from "./schema";
import { heightIdxPage as page, type Page } from "./queries";

export type UsageRow = Selectable<UsageReceiptsTable>;
export type PurchaseRow = Selectable<CreditPurchasesTable>;
export type PaymentAccountRow = Selectable<PaymentAccountsTable>;
export type HeightIdx = { height: number; idx: number };

/** `meta` keys of the network-wide receipt counters (ingest/apply-payments.ts keeps them). */
export const USAGE_ACCEPTED_KEY = "usage_receipts_accepted";
export const USAGE_REJECTED_KEY = "usage_receipts_rejected";

export async function readUsageTotals(db: Kysely<IndexerDatabase>): Promise<{ accepted: number; rejected: number }> {
  const rows = await db.selectFrom("meta").selectAll().where("key", "in", [USAGE_ACCEPTED_KEY, USAGE_REJECTED_KEY]).execute();
  const value = (key: string) => Number(rows.find((r) => r.key === key)?.value ?? 0);
  return { accepted: value(USAGE_ACCEPTED_KEY), rejected: value(USAGE_REJECTED_KEY) };
}

export interface UsageFilter {
  readonly deviceId?: string;
  readonly user?: string;
  readonly payer?: string;
  readonly fromEpoch?: number;
  readonly toEpoch?: number;
  readonly accepted?: boolean;
}

export class PaymentQueries {
  constructor(private readonly db: Kysely<IndexerDatabase>) {}

  async listUsage(f: UsageFilter, limit: number, after?: HeightIdx): Promise<Page<UsageRow, HeightIdx>> {
    let q = this.db.selectFrom("usage_receipts").selectAll();
    if (f.deviceId) q = q.where("device_id", "=", f.deviceId);
    if (f.user) q = q.where("user_address", "=", f.user);
    if (f.payer) q = q.where("payer", "=", f.payer);
    // An epoch bound selects accepted receipts only: rejected ones carry epoch -1.
    if (f.fromEpoch !== undefined || f.toEpoch !== undefined) q = q.where("epoch", ">=", f.fromEpoch ?? 0);
    if (f.toEpoch !== undefined) q = q.where("epoch", "<=", f.toEpoch);
    if (f.accepted !== undefined) q = q.where("accepted", "=", f.accepted ? 1 : 0);
    if (after) q = q.where((eb) => eb.or([eb("height", "<", after.height), eb.and([eb("height", "=", after.height), eb("idx", "<", after.idx)])]));
    return page(await q.orderBy("height", "desc").orderBy("idx", "desc").limit(limit + 1).execute(), limit);
  }

  async listPurchases(buyer: string | undefined, limit: number, after?: HeightIdx): Promise<Page<PurchaseRow, HeightIdx>> {
    let q = this.db.selectFrom("credit_purchases").selectAll();
    if (buyer) q = q.where("buyer", "=", buyer);
    if (after) q = q.where((eb) => eb.or([eb("height", "<", after.height), eb.and([eb("height", "=", after.height), eb("idx", "<", after.idx)])]));
    return page(await q.orderBy("height", "desc").orderBy("idx", "desc").limit(limit + 1).execute(), limit);
  }

  async account(address: string): Promise<PaymentAccountRow | undefined> {
    return this.db.selectFrom("payment_accounts").selectAll().where("address", "=", address).executeTakeFirst();
  }

  async usageTotals(): Promise<{ accepted: number; rejected: number }> {
    return readUsageTotals(this.db);
  }
}
