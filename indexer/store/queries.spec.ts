import { IndexerQueries } from "./queries";
import { insertMany } from "./rows";
import type { OpenStore } from "./open";
import { openFreshStore, storeKinds } from "../testing/store-target";

const device = (id: string) => ({
  id, owner: "owner-1", network_type: "energy-meter", key_type: "1", location: "", cell_key: null, status: 1,
  registered_height: 1, updated_height: 1, proofs_accepted: 0, proofs_rejected: 0, units_total: "0", last_proof_height: 0,
});

describe.each(storeKinds())("IndexerQueries.device on %s", (kind) => {
  let store: OpenStore;
  let queries: IndexerQueries;
  beforeAll(async () => {
    store = await openFreshStore(kind, "queries");
    queries = new IndexerQueries(store.db);
    await insertMany(store.db, "devices", [device("with-history"), device("no-history")]);
    // 25 entries over 13 heights, two per height for most: the newest 20 come back newest first.
    const history = Array.from({ length: 25 }, (_, i) => ({ device_id: "with-history", height: 1 + Math.floor(i / 2), idx: i % 2, kind: i === 0 ? "registered" : "updated", owner: `owner-${i}`, location: "" }));
    await insertMany(store.db, "device_history", [...history, { device_id: "no-history-neighbour", height: 5, idx: 0, kind: "registered", owner: "x", location: "" }]);
  });
  afterAll(async () => {
    await store?.close();
  });

  it("returns the device and its 20 latest history entries, newest first", async () => {
    const found = await queries.device("with-history");
    expect(found?.device).toMatchObject({ id: "with-history", owner: "owner-1", network_type: "energy-meter", units_total: "0" });
    expect(Object.keys(found!.device).some((k) => k.startsWith("h_"))).toBe(false);
    expect(found!.history).toHaveLength(20);
    expect(found!.history.map((h) => h.owner)).toEqual(Array.from({ length: 20 }, (_, i) => `owner-${24 - i}`));
    expect(Number(found!.history[0].height)).toBe(13);
    expect(found!.history.every((h) => h.device_id === "with-history")).toBe(true);
  });

  it("a device without history comes back with an empty history; an unknown id with nothing", async () => {
    const found = await queries.device("no-history");
    expect(found?.device.id).toBe("no-history");
    expect(found!.history).toEqual([]);
    expect(await queries.device("missing")).toBeUndefined();
  });

  it("a lookup made while a write transaction is open never sees its uncommitted rows", async () => {
    let during: Promise<unknown> | undefined;
    await expect(
      store.db.transaction().execute(async (trx) => {
        await insertMany(trx, "devices", [device("rolled-back")]);
        during = queries.device("rolled-back");
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await during).toBeUndefined();
    expect(await queries.device("rolled-back")).toBeUndefined();
  });
});
