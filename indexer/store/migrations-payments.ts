/**
 * The demand side (depin.payments.v1): usage receipts, credit purchases, per-account payment
 * totals, and the burn / net-emission figures of each closed epoch (new epochs columns; rows of
 * an index built before this migration read "0" until the index is rebuilt).
 */
import type { Kysely, Migration } from "kysely";

export const m003Payments: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("usage_receipts")
      .addColumn("height", "bigint", (c) => c.notNull())
      .addColumn("idx", "integer", (c) => c.notNull())
      .addColumn("device_id", "text", (c) => c.notNull())
      .addColumn("sequence", "text", (c) => c.notNull())
      .addColumn("network_type", "text", (c) => c.notNull())
      .addColumn("user_address", "text", (c) => c.notNull())
      .addColumn("payer", "text", (c) => c.notNull())
      .addColumn("accepted", "integer", (c) => c.notNull())
      .addColumn("units", "text", (c) => c.notNull())
      .addColumn("credits", "text", (c) => c.notNull())
      // -1 for a rejected receipt (it counts in no epoch).
      .addColumn("epoch", "bigint", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("detail", "text", (c) => c.notNull())
      .addColumn("time_ms", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("usage_receipts_pk", ["height", "idx"])
      .execute();
    for (const column of ["device_id", "user_address", "payer", "epoch"]) {
      await db.schema.createIndex(`usage_receipts_${column}`).on("usage_receipts").columns([column, "height", "idx"]).execute();
    }

    await db.schema
      .createTable("credit_purchases")
      .addColumn("height", "bigint", (c) => c.notNull())
      .addColumn("idx", "integer", (c) => c.notNull())
      .addColumn("buyer", "text", (c) => c.notNull())
      .addColumn("burned", "text", (c) => c.notNull())
      .addColumn("credits", "text", (c) => c.notNull())
      .addColumn("epoch", "bigint", (c) => c.notNull())
      .addColumn("time_ms", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("credit_purchases_pk", ["height", "idx"])
      .execute();
    await db.schema.createIndex("credit_purchases_buyer").on("credit_purchases").columns(["buyer", "height", "idx"]).execute();

    await db.schema
      .createTable("payment_accounts")
      .addColumn("address", "text", (c) => c.primaryKey())
      .addColumn("credits_purchased", "text", (c) => c.notNull())
      .addColumn("tokens_burned", "text", (c) => c.notNull())
      .addColumn("purchases", "bigint", (c) => c.notNull())
      .addColumn("credits_spent", "text", (c) => c.notNull())
      .addColumn("receipts_accepted", "bigint", (c) => c.notNull())
      .addColumn("receipts_rejected", "bigint", (c) => c.notNull())
      .addColumn("usage_units", "text", (c) => c.notNull())
      .execute();

    for (const column of ["burned", "net_emission", "total_burned", "supply_start", "supply_end"]) {
      await db.schema.alterTable("epochs").addColumn(column, "text", (c) => c.notNull().defaultTo("0")).execute();
    }
  },
};
