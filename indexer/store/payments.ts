/** The read side of the demand-side tables (migrations-payments.ts): bounded, keyset-paged, newest first. */
import type { Kysely, Selectable } from "kysely";
import type { CreditPurchasesTable, IndexerDatabase, PaymentAccountsTable, UsageReceiptsTable } from "./schema";
import { heightIdxPage as page, type Page } from "./queries";

export type UsageRow = Selectable<UsageReceiptsTable>;
export type PurchaseRow = Selectable<CreditPurchasesTable>;
export type PaymentAccountRow = Selectable<PaymentAccountsTable>;
export type HeightIdx = { height: number; idx: number };

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
    if (f.fromEpoch !== undefined || f.toEpoch) q = q.where("epoch", ">=", f.fromEpoch ?? 0);
    if (f.toEpoch) q = q.where("epoch", "<=", f.toEpoch);
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
    const row = await this.db
      .selectFrom("payment_accounts")
      .select((eb) => [eb.fn.sum<number>("receipts_accepted").as("a"), eb.fn.sum<number>("receipts_rejected").as("r")])
      .executeTakeFirst();
    return { accepted: Number(row?.a ?? 0), rejected: Number(row?.r ?? 0) };
  }
}
