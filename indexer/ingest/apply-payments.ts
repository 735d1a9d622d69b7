/**
 * The payments part of a batch (see apply.ts): usage receipts and credit purchases become rows,
 * per-account totals are kept as deltas and added to the stored values when the batch is written,
 * in the same database transaction as the rest of the block.
 */
import type { Insertable, Transaction } from "kysely";
import type { CreditPurchasesTable, IndexerDatabase, PaymentAccountsTable, UsageReceiptsTable } from "../store/schema";
import { insertMany, selectIn, upsertMany } from "../store/rows";
import type { PaymentsEvent } from "./decode";
import { readUsageTotals, USAGE_ACCEPTED_KEY, USAGE_REJECTED_KEY } from "../store/payments";

interface AccountDelta {
  creditsPurchased: bigint;
  tokensBurned: bigint;
  purchases: number;
  creditsSpent: bigint;
  receiptsAccepted: number;
  receiptsRejected: number;
  usageUnits: bigint;
}

const zero = (): AccountDelta => ({ creditsPurchased: 0n, tokensBurned: 0n, purchases: 0, creditsSpent: 0n, receiptsAccepted: 0, receiptsRejected: 0, usageUnits: 0n });

/** Tags of the event log row (what StreamEvents filters on). */
export interface EventTags {
  readonly network_type: string;
  readonly owner: string;
  readonly device_id: string;
}

export class PaymentsBatch {
  readonly receipts: Array<Insertable<UsageReceiptsTable>> = [];
  readonly purchases: Array<Insertable<CreditPurchasesTable>> = [];
  private readonly accounts = new Map<string, AccountDelta>();
  private receiptsAccepted = 0;
  private receiptsRejected = 0;

  private account(address: string): AccountDelta {
    let a = this.accounts.get(address);
    if (!a) {
      a = zero();
      this.accounts.set(address, a);
    }
    return a;
  }

  apply(ev: PaymentsEvent, height: number, idx: number, timeMs: number): EventTags {
    switch (ev.kind) {
      case "depin.payments.v1.EventCreditsPurchased": {
        const v = ev.value;
        const burned = v.burned?.amount ?? "0";
        this.purchases.push({ height, idx, buyer: v.buyer, burned, credits: v.credits, epoch: Number(v.epoch), time_ms: timeMs });
        const a = this.account(v.buyer);
        a.creditsPurchased += BigInt(v.credits || "0");
        a.tokensBurned += BigInt(burned || "0");
        a.purchases++;
        return { network_type: "", owner: v.buyer, device_id: "" };
      }
      case "depin.payments.v1.EventUsageAccepted": {
        const v = ev.value;
        this.receipts.push({
          height, idx, device_id: v.deviceId, sequence: v.sequence.toString(), network_type: v.networkType, user_address: v.user, payer: v.payer,
          accepted: 1, units: v.units || "0", credits: v.credits || "0", epoch: Number(v.epoch), reason: "", detail: "", time_ms: timeMs,
        });
        this.receiptsAccepted++;
        this.account(v.payer).creditsSpent += BigInt(v.credits || "0");
        const user = this.account(v.user);
        user.receiptsAccepted++;
        user.usageUnits += BigInt(v.units || "0");
        return { network_type: v.networkType, owner: v.user, device_id: v.deviceId };
      }
      case "depin.payments.v1.EventUsageRejected": {
        const v = ev.value;
        this.receipts.push({
          height, idx, device_id: v.deviceId, sequence: v.sequence.toString(), network_type: v.networkType, user_address: v.user, payer: "",
          accepted: 0, units: "0", credits: "0", epoch: -1, reason: v.reason, detail: v.detail, time_ms: timeMs,
        });
        this.receiptsRejected++;
        if (v.user) this.account(v.user).receiptsRejected++;
        return { network_type: v.networkType, owner: v.user, device_id: v.deviceId };
      }
    }
  }

  async write(trx: Transaction<IndexerDatabase>): Promise<void> {
    await insertMany(trx, "usage_receipts", this.receipts);
    await insertMany(trx, "credit_purchases", this.purchases);
    if (this.receiptsAccepted + this.receiptsRejected > 0) {
      // Network-wide counters (NetworkStats) kept as they change, so reading them costs one lookup.
      const totals = await readUsageTotals(trx);
      await upsertMany(trx, "meta", ["key"], [
        { key: USAGE_ACCEPTED_KEY, value: String(totals.accepted + this.receiptsAccepted) },
        { key: USAGE_REJECTED_KEY, value: String(totals.rejected + this.receiptsRejected) },
      ]);
    }
    if (this.accounts.size === 0) return;
    const stored = new Map((await selectIn(trx, "payment_accounts", "address", [...this.accounts.keys()])).map((r) => [r.address, r]));
    const rows: Array<Insertable<PaymentAccountsTable>> = [...this.accounts].map(([address, d]) => {
      const s = stored.get(address);
      return {
        address,
        credits_purchased: (BigInt(s?.credits_purchased ?? "0") + d.creditsPurchased).toString(),
        tokens_burned: (BigInt(s?.tokens_burned ?? "0") + d.tokensBurned).toString(),
        purchases: Number(s?.purchases ?? 0) + d.purchases,
        credits_spent: (BigInt(s?.credits_spent ?? "0") + d.creditsSpent).toString(),
        receipts_accepted: Number(s?.receipts_accepted ?? 0) + d.receiptsAccepted,
        receipts_rejected: Number(s?.receipts_rejected ?? 0) + d.receiptsRejected,
        usage_units: (BigInt(s?.usage_units ?? "0") + d.usageUnits).toString(),
      };
    });
    await upsertMany(trx, "payment_accounts", ["address"], rows);
  }
}
