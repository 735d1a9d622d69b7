import { sql, type Kysely, type Migration, type MigrationProvider } from "kysely";
import { freshStore, storeKinds, type TestStore } from "../testing/store-target";
import { migrationProvider } from "./migrations";
import { openStore, StoreError } from "./open";

/** The indexer's migrations plus one more whose first version stops between two DDL statements. */
function withExtraMigration(stopsHalfway: boolean): MigrationProvider {
  const extra: Migration = {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createTable("extra_first").addColumn("id", "text", (c) => c.primaryKey()).execute();
      // Stands in for a process killed here: nothing after this statement runs.
      if (stopsHalfway) throw new Error("stopped between two statements of a migration");
      await db.schema.createTable("extra_second").addColumn("id", "text", (c) => c.primaryKey()).execute();
    },
  };
  return { getMigrations: async () => ({ ...(await migrationProvider.getMigrations()), "999_extra": extra }) };
}

describe.each(storeKinds())("store migrations (%s)", (kind) => {
  let target: TestStore;

  beforeEach(async () => {
    target = await freshStore(kind, "migrations");
  });

  afterEach(async () => {
    await target.drop();
  });

  it("applies a migration whole or not at all, so the next start can finish it", async () => {
    await expect(openStore(target.url, { migrations: withExtraMigration(true) })).rejects.toThrow(StoreError);
    await expect(openStore(target.url, { migrations: withExtraMigration(true) })).rejects.toThrow(/migration 999_extra failed: Error: stopped between two statements/);

    const store = await openStore(target.url, { migrations: withExtraMigration(false) });
    try {
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
      expect(applied.rows.map((r) => r.name)).toEqual([...Object.keys(await migrationProvider.getMigrations()).sort(), "999_extra"]);
      await sql`insert into extra_first (id) values ('a')`.execute(store.db);
      await sql`insert into extra_second (id) values ('a')`.execute(store.db);
    } finally {
      await store.close();
    }
  });
});
