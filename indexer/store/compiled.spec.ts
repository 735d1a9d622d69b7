import { compiledOnce } from "./compiled";
import { insertMany } from "./rows";
import type { OpenStore } from "./open";
import type { Kysely } from "kysely";
import type { IndexerDatabase } from "./schema";
import { openFreshStore, storeKinds } from "../testing/store-target";

describe.each(storeKinds())("compiledOnce on %s", (kind) => {
  let store: OpenStore;
  beforeAll(async () => {
    store = await openFreshStore(kind, "compiled");
    const row = (id: string, height: number) => ({ device_id: id, height, idx: 0, kind: "registered", owner: "o", location: "" });
    await insertMany(store.db, "device_history", [row("a", 1), row("a", 2), row("a", 3), row("b", 1)]);
  });
  afterAll(async () => {
    await store?.close();
  });

  it("returns what the builder returns, for each new value, keeping the query's other parameters", async () => {
    const build = (db: Kysely<IndexerDatabase>, id: string) => db.selectFrom("device_history").select(["device_id", "height"]).where("device_id", "=", id).orderBy("height", "desc").limit(2);
    const lookup = compiledOnce(build);
    for (const id of ["a", "b", "missing", "a"]) {
      const rows = await lookup(store.db, id);
      expect(rows.map((r) => [r.device_id, Number(r.height)])).toEqual((await build(store.db, id).execute()).map((r) => [r.device_id, Number(r.height)]));
    }
    expect((await lookup(store.db, "a")).map((r) => Number(r.height))).toEqual([3, 2]);
  });

  it("refuses a query that ignores its parameter", async () => {
    const lookup = compiledOnce((db: Kysely<IndexerDatabase>) => db.selectFrom("device_history").selectAll());
    await expect(lookup(store.db, "a")).rejects.toThrow("does not use its parameter");
  });
});
