/** Fresh stores for tests: a temp SQLite file, or (DATABASE_URL set) a new Postgres database. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { openStore, type OpenStore } from "../store/open";

export interface TestStore {
  readonly url: string;
  drop(): Promise<void>;
}

export async function freshStore(kind: "sqlite" | "postgres", label: string): Promise<TestStore> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), `fieldnet-idx-${label}-`));
    return { url: join(dir, "index.db"), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error("DATABASE_URL is not set");
  const name = `fieldnet_test_${label.replace(/\W/g, "_")}_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: base });
      await c.connect();
      try {
        await dropForce(c, name);
      } finally {
        await c.end();
      }
    },
  };
}

const INSUFFICIENT_PRIVILEGE = "42501";

/**
 * PostgreSQL refuses `DROP DATABASE ... WITH (FORCE)` (SQLSTATE 42501) when a process of a role the
 * caller is not a member of is connected to that database. Tests connect only as their own role, so
 * that process is the server's own: an autovacuum worker, which picks a freshly written database and
 * leaves within moments (seen once in CI, right after a checkpoint). So wait and try again.
 */
async function dropForce(client: Client, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== INSUFFICIENT_PRIVILEGE || attempt === 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** The store kinds a suite runs on: SQLite always, Postgres when DATABASE_URL is set. */
export function storeKinds(): Array<"sqlite" | "postgres"> {
  return process.env.DATABASE_URL ? ["sqlite", "postgres"] : ["sqlite"];
}

/** A fresh store, opened; its `close()` also drops the database (or removes the file). */
export async function openFreshStore(kind: "sqlite" | "postgres", label: string): Promise<OpenStore> {
  const target = await freshStore(kind, label);
  const store = await openStore(target.url);
  return {
    ...store,
    close: async () => {
      await store.close();
      await target.drop();
    },
  };
}
