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
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
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
