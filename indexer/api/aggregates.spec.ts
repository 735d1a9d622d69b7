/**
 * CellAggregates and ProofReasons on a real store (SQLite, and Postgres when DATABASE_URL is set):
 * rows written with the store's own schema, answers checked against counts computed here with h3-js.
 */
import { cellToParent, getResolution, latLngToCell } from "h3-js";
import type { Insertable } from "kysely";
import { status } from "@grpc/grpc-js";
import type { OpenStore } from "../store/open";
import { AggregateQueries } from "../store/aggregates";
import { cellKey } from "../store/h3-range";
import { insertMany } from "../store/rows";
import type { DevicesTable, ProofsTable } from "../store/schema";
import { CellAggregatesRequest } from "../../generated/depin/indexer/v1/aggregates";
import { AggregateHandlers, groupCell } from "./aggregates";
import { ApiError } from "./errors";
import { openFreshStore, storeKinds } from "../testing/store-target";

const hex = (n: number) => n.toString(16).padStart(40, "0");
const PLACES: Array<[number, number]> = [[52.52, 13.405], [48.137, 11.575], [-33.87, 151.21], [40.71, -74.0], [64.14, -21.94]];

function device(i: number, location: string, networkType: string, st: number): Insertable<DevicesTable> {
  return {
    id: hex(i), owner: "depin1owner", network_type: networkType, key_type: "1", location, cell_key: location ? cellKey(location) : null, status: st,
    registered_height: 1, updated_height: 1, proofs_accepted: 0, proofs_rejected: 0, units_total: "0", last_proof_height: 0,
  };
}

describe.each(storeKinds())("aggregates on %s", (kind) => {
  let store: OpenStore;
  let handlers: AggregateHandlers;
  const rows: Array<Insertable<DevicesTable>> = [];

  beforeAll(async () => {
    store = await openFreshStore(kind, "aggregates");
    for (let i = 0; i < 400; i++) {
      const [lat, lng] = PLACES[i % PLACES.length];
      // Spread around each place; one in 7 without a location, one in 5 inactive, a few located coarser (res 9).
      const loc = i % 7 === 6 ? "" : latLngToCell(lat + ((i * 37) % 100) * 0.002, lng + ((i * 53) % 100) * 0.002, i % 11 === 0 ? 9 : 12);
      rows.push(device(i, loc, i % 3 === 0 ? "env-sensor" : "energy-meter", i % 5 === 0 ? 2 : 1));
    }
    await insertMany(store.db, "devices", rows);
    const proofs: Array<Insertable<ProofsTable>> = [];
    for (let i = 0; i < 60; i++) {
      const accepted = i % 4 !== 0;
      proofs.push({ height: 10 + i, idx: 0, device_id: hex(i), sequence: "1", network_type: i % 2 ? "env-sensor" : "energy-meter", accepted: accepted ? 1 : 0, reason: accepted ? "" : i % 8 === 0 ? "OUT_OF_RANGE" : "INTERVAL_TOO_SHORT", detail: "", units: "1", quality: 100, epoch: Math.floor(i / 20), time_ms: 0, from_hook: 0 });
    }
    await insertMany(store.db, "proofs", proofs);
    handlers = new AggregateHandlers({ queries: new AggregateQueries(store.db), currentEpoch: () => 2 });
  });

  afterAll(async () => {
    await store?.close();
  });

  it.each([0, 3, 6, 9, 12, 14])("counts devices per cell at resolution %i like h3-js does", async (res) => {
    const expected = new Map<string, number>();
    for (const r of rows.filter((x) => x.location)) {
      const own = Math.min(res, getResolution(r.location));
      const cell = cellToParent(r.location, own);
      expected.set(cell, (expected.get(cell) ?? 0) + 1);
    }
    const out = await handlers.cellAggregates(CellAggregatesRequest.fromPartial({ resolution: res }));
    expect(new Map(out.cells.map((c) => [c.cell, Number(c.devices)]))).toEqual(expected);
    expect(Number(out.devices)).toBe(rows.filter((x) => x.location).length);
    expect(Number(out.unlocated)).toBe(rows.filter((x) => !x.location).length);
    for (const c of out.cells) expect(c.counts.reduce((a, k) => a + k.count, 0n)).toBe(c.devices);
  });

  it("filters by network type, status and bounding box", async () => {
    const env = await handlers.cellAggregates(CellAggregatesRequest.fromPartial({ resolution: 5, networkType: "env-sensor", status: 2 }));
    expect(Number(env.devices)).toBe(rows.filter((r) => r.location && r.network_type === "env-sensor" && r.status === 2).length);
    const berlin = await handlers.cellAggregates(CellAggregatesRequest.fromPartial({ resolution: 7, bbox: { minLatE6: 52e6, maxLatE6: 53.2e6, minLngE6: 13e6, maxLngE6: 14e6 } }));
    const inBerlin = rows.filter((r) => r.location && Number.parseInt(r.id, 16) % PLACES.length === 0);
    expect(Number(berlin.devices)).toBe(inBerlin.length);
  });

  it("rejects bad requests with INVALID_ARGUMENT naming the field", async () => {
    const bad = async (req: Partial<CellAggregatesRequest>) => {
      const e = await handlers.cellAggregates(CellAggregatesRequest.fromPartial(req)).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).code).toBe(status.INVALID_ARGUMENT);
      return (e as ApiError).message;
    };
    expect(await bad({ resolution: 16 })).toMatch(/^resolution: must be 0..15/);
    expect(await bad({ resolution: 3, bbox: { minLatE6: 10e6, maxLatE6: 5e6, minLngE6: 0, maxLngE6: 1e6 } })).toMatch(/^bbox.max_lat_e6: must be >= min_lat_e6/);
    expect(await bad({ resolution: 3, bbox: { minLatE6: 0, maxLatE6: 5e6, minLngE6: -200e6, maxLngE6: 1e6 } })).toMatch(/^bbox.min_lng_e6: must be an integer/);
    expect(await bad({ resolution: 3, networkType: "Bad Type" })).toMatch(/^network_type/);
  });

  it("counts proofs per epoch, type, outcome and reason (open epoch included)", async () => {
    const out = await handlers.proofReasons({ epochs: 2 });
    expect(out.currentEpoch).toBe(2n);
    expect(out.counts.every((c) => c.epoch >= 1n)).toBe(true);
    const rejected = out.counts.filter((c) => !c.accepted).reduce((a, c) => a + Number(c.count), 0);
    expect(rejected).toBe(Array.from({ length: 60 }, (_, i) => i).filter((i) => i >= 20 && i % 4 === 0).length);
    expect(out.counts.find((c) => c.reason === "OUT_OF_RANGE")).toBeDefined();
    await expect(handlers.proofReasons({ epochs: 101 })).rejects.toThrow(/epochs: must be at most 100/);
  });

  it("groupCell maps a widened key prefix back to the cell", () => {
    const leaf = latLngToCell(52.52, 13.405, 12);
    const g = cellKey(leaf) >> BigInt(3 * (15 - 7));
    expect(groupCell(g, 7)).toBe(cellToParent(leaf, 7));
  });
});
