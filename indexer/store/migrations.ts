/**
 * Schema migrations, shared by both dialects (Kysely's schema builder emits each dialect's DDL).
 * Indexes follow the API's queries: every list query walks one index in key order with a limit.
 */
import { type Kysely, type Migration, type MigrationProvider } from "kysely";
import { m002Explorer } from "./migrations-explorer";
import { m003Payments } from "./migrations-payments";

const m001: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable("meta").addColumn("key", "text", (c) => c.primaryKey()).addColumn("value", "text", (c) => c.notNull()).execute();

    await db.schema
      .createTable("devices")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("owner", "text", (c) => c.notNull())
      .addColumn("network_type", "text", (c) => c.notNull())
      .addColumn("key_type", "text", (c) => c.notNull())
      .addColumn("location", "text", (c) => c.notNull())
      .addColumn("cell_key", "bigint")
      .addColumn("status", "integer", (c) => c.notNull())
      .addColumn("registered_height", "bigint", (c) => c.notNull())
      .addColumn("updated_height", "bigint", (c) => c.notNull())
      .addColumn("proofs_accepted", "bigint", (c) => c.notNull())
      .addColumn("proofs_rejected", "bigint", (c) => c.notNull())
      .addColumn("units_total", "text", (c) => c.notNull())
      .addColumn("last_proof_height", "bigint", (c) => c.notNull())
      .execute();
    // (filter, sort key, id): keyset pagination for each filter x sort walks one index.
    for (const filter of ["network_type", "owner", "status"]) {
      await db.schema.createIndex(`devices_${filter}_id`).on("devices").columns([filter, "id"]).execute();
      await db.schema.createIndex(`devices_${filter}_reg`).on("devices").columns([filter, "registered_height", "id"]).execute();
    }
    await db.schema.createIndex("devices_cell").on("devices").columns(["cell_key", "id"]).execute();
    await db.schema.createIndex("devices_reg").on("devices").columns(["registered_height", "id"]).execute();
    await db.schema.createIndex("devices_upd").on("devices").columns(["updated_height", "id"]).execute();

    await db.schema
      .createTable("device_history")
      .addColumn("device_id", "text", (c) => c.notNull())
      .addColumn("height", "bigint", (c) => c.notNull())
      .addColumn("idx", "integer", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("owner", "text", (c) => c.notNull())
      .addColumn("location", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("device_history_pk", ["device_id", "height", "idx"])
      .execute();

    await db.schema
      .createTable("device_counts")
      .addColumn("network_type", "text", (c) => c.notNull())
      .addColumn("status", "integer", (c) => c.notNull())
      .addColumn("count", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("device_counts_pk", ["network_type", "status"])
      .execute();

    await db.schema
      .createTable("proofs")
      .addColumn("height", "bigint", (c) => c.notNull())
      .addColumn("idx", "integer", (c) => c.notNull())
      .addColumn("device_id", "text", (c) => c.notNull())
      .addColumn("sequence", "text", (c) => c.notNull())
      .addColumn("network_type", "text", (c) => c.notNull())
      .addColumn("accepted", "integer", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("detail", "text", (c) => c.notNull())
      .addColumn("units", "text", (c) => c.notNull())
      .addColumn("quality", "integer", (c) => c.notNull())
      .addColumn("epoch", "bigint", (c) => c.notNull())
      .addColumn("time_ms", "bigint", (c) => c.notNull())
      .addColumn("from_hook", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("proofs_pk", ["height", "idx"])
      .execute();
    await db.schema.createIndex("proofs_device").on("proofs").columns(["device_id", "height", "idx"]).execute();
    await db.schema.createIndex("proofs_time").on("proofs").columns(["time_ms", "height", "idx"]).execute();

    await db.schema
      .createTable("epochs")
      .addColumn("epoch", "bigint", (c) => c.primaryKey())
      .addColumn("start_height", "bigint", (c) => c.notNull())
      .addColumn("end_height", "bigint", (c) => c.notNull())
      .addColumn("emission", "text", (c) => c.notNull())
      .addColumn("carried_in", "text", (c) => c.notNull())
      .addColumn("distributed", "text", (c) => c.notNull())
      .addColumn("remainder_carried", "text", (c) => c.notNull())
      .addColumn("total_emitted", "text", (c) => c.notNull())
      .addColumn("pools_json", "text", (c) => c.notNull())
      .addColumn("closed_height", "bigint", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("epoch_type_stats")
      .addColumn("epoch", "bigint", (c) => c.notNull())
      .addColumn("network_type", "text", (c) => c.notNull())
      .addColumn("proofs_accepted", "bigint", (c) => c.notNull())
      .addColumn("proofs_rejected", "bigint", (c) => c.notNull())
      .addColumn("units", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("epoch_type_stats_pk", ["epoch", "network_type"])
      .execute();

    await db.schema
      .createTable("rewards")
      .addColumn("height", "bigint", (c) => c.notNull())
      .addColumn("idx", "integer", (c) => c.notNull())
      .addColumn("kind", "integer", (c) => c.notNull())
      .addColumn("device_id", "text", (c) => c.notNull())
      .addColumn("owner", "text", (c) => c.notNull())
      .addColumn("epoch", "bigint", (c) => c.notNull())
      .addColumn("network_type", "text", (c) => c.notNull())
      .addColumn("units", "text", (c) => c.notNull())
      .addColumn("amount", "text", (c) => c.notNull())
      // A claim pays several devices from one event: one row per device, same (height, idx).
      .addPrimaryKeyConstraint("rewards_pk", ["height", "idx", "device_id"])
      .execute();
    await db.schema.createIndex("rewards_owner").on("rewards").columns(["owner", "height", "idx", "device_id"]).execute();
    await db.schema.createIndex("rewards_device").on("rewards").columns(["device_id", "height", "idx"]).execute();

    await db.schema
      .createTable("reward_balances")
      .addColumn("subject", "text", (c) => c.primaryKey())
      .addColumn("settled", "text", (c) => c.notNull())
      .addColumn("claimed", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("accounts")
      .addColumn("address", "text", (c) => c.primaryKey())
      .addColumn("first_height", "bigint", (c) => c.notNull())
      .addColumn("last_height", "bigint", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("events")
      .addColumn("height", "bigint", (c) => c.notNull())
      .addColumn("idx", "integer", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("tx_index", "integer", (c) => c.notNull())
      .addColumn("tx_hash", "text", (c) => c.notNull())
      .addColumn("network_type", "text", (c) => c.notNull())
      .addColumn("owner", "text", (c) => c.notNull())
      .addColumn("device_id", "text", (c) => c.notNull())
      .addColumn("attributes_json", "text", (c) => c.notNull())
      .addColumn("time_ms", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("events_pk", ["height", "idx"])
      .execute();

    await db.schema
      .createTable("unknown_events")
      .addColumn("height", "bigint", (c) => c.notNull())
      .addColumn("idx", "integer", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("tx_index", "integer", (c) => c.notNull())
      .addColumn("attributes_json", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("unknown_events_pk", ["height", "idx"])
      .execute();
  },
};

export const MIGRATIONS: Readonly<Record<string, Migration>> = { "001_initial": m001, "002_explorer": m002Explorer, "003_payments": m003Payments };

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return { ...MIGRATIONS };
  },
};
