import { chunkSizes, insertMany, upsertMany } from "./rows";
import type { OpenStore } from "./open";
import { openFreshStore, storeKinds } from "../testing/store-target";

describe("chunkSizes", () => {
  it("uses full chunks, then the remainder in powers of two", () => {
    expect(chunkSizes(600, 10)).toEqual([256, 256, 64, 16, 8]);
    expect(chunkSizes(1, 10)).toEqual([1]);
    expect(chunkSizes(0, 10)).toEqual([]);
    // Never more bound parameters than both dialects accept.
    for (const size of chunkSizes(5000, 200)) expect(size * 200).toBeLessThanOrEqual(30_000);
  });
});

const device = (i: number) => ({
  id: `dev-${String(i).padStart(4, "0")}`, owner: `owner-${i % 7}`, network_type: "energy-meter", key_type: "1", location: "",
  cell_key: null, status: 1, registered_height: i, updated_height: i, proofs_accepted: 0, proofs_rejected: 0, units_total: "0", last_proof_height: 0,
});

describe.each(storeKinds())("multi-row writes on %s", (kind) => {
  let store: OpenStore;

  beforeAll(async () => {
    store = await openFreshStore(kind, "rows");
  });
  afterAll(async () => {
    await store?.close();
  });

  it("inserts batches of any size through reused statement shapes", async () => {
    await insertMany(store.db, "devices", Array.from({ length: 600 }, (_, i) => device(i)));
    await insertMany(store.db, "devices", Array.from({ length: 37 }, (_, i) => device(600 + i)));
    const { n } = await store.db.selectFrom("devices").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(637);
  });

  it("an upsert naming its update columns leaves the other columns as stored", async () => {
    const changed = Array.from({ length: 300 }, (_, i) => ({ ...device(i), owner: "someone-else", proofs_accepted: 5, units_total: "1500", last_proof_height: 42 }));
    await upsertMany(store.db, "devices", ["id"], changed, ["proofs_accepted", "units_total", "last_proof_height"]);
    const row = await store.db.selectFrom("devices").selectAll().where("id", "=", "dev-0003").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ owner: "owner-3", units_total: "1500", registered_height: 3 });
    expect(Number(row.proofs_accepted)).toBe(5);
    expect(Number(row.last_proof_height)).toBe(42);
  });

  it("a full upsert replaces every column; rows with missing columns still go through the builder", async () => {
    await upsertMany(store.db, "devices", ["id"], [{ ...device(1), owner: "new-owner" }]);
    const rows = [device(700), { ...device(701), cell_key: undefined }];
    await insertMany(store.db, "devices", rows);
    const owners = await store.db.selectFrom("devices").select(["id", "owner", "cell_key"]).where("id", "in", ["dev-0001", "dev-0700", "dev-0701"]).orderBy("id").execute();
    expect(owners.map((r) => r.owner)).toEqual(["new-owner", "owner-0", "owner-1"]);
  });
});
