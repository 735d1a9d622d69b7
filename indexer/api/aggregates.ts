/**
 * CellAggregates and ProofReasons: the explorer's map and chart data, aggregated in SQL
 * (store/aggregates.ts) so a client gets counts per cell or per reason, never every row.
 */
import { status as grpcStatus } from "@grpc/grpc-js";
import { cellToBoundary, cellToLatLng, getResolution, isValidCell, latLngToCell, polygonToCellsExperimental, POLYGON_TO_CELLS_FLAGS } from "h3-js";
import type { BoundingBox, CellAggregate, CellAggregatesRequest, CellAggregatesResponse, ProofReasonsRequest, ProofReasonsResponse } from "../../generated/depin/indexer/v1/aggregates";
import { AggregateQueries, type CellGroupRow } from "../store/aggregates";
import { cellRange } from "../store/h3-range";
import { ApiError, invalid } from "./errors";
import * as v from "./validate";

/** Most cells one answer carries. */
export const MAX_CELLS = 20_000;
/** Most (cell, type, status) groups read from SQL before giving up. */
const MAX_GROUPS = 200_000;
/** A box is narrowed in SQL to at most this many H3 ranges; a larger one scans every device. */
const MAX_PREFILTER_CELLS = 64;
const RES_SHIFT = 52n;
const RES_MASK = 0xfn << RES_SHIFT;

/** The cell at resolution `res` whose widened key prefix is `g`; a coarser cell for coarser devices. */
export function groupCell(g: bigint, res: number): string {
  const shift = BigInt(3 * (15 - res));
  let key = (g << shift) | ((1n << shift) - 1n);
  // A device located coarser than `res` has 7s (unused digits) from its own resolution on.
  let own = res;
  for (let r = 1; r <= res; r++) {
    if (((key >> BigInt(3 * (15 - r))) & 7n) === 7n) {
      own = r - 1;
      break;
    }
  }
  key = (key & ~RES_MASK) | (BigInt(own) << RES_SHIFT);
  return key.toString(16);
}

/** A box in degrees. */
export interface DegreeBox {
  readonly minLat: number;
  readonly minLng: number;
  readonly maxLat: number;
  readonly maxLng: number;
}

function checkBox(b: BoundingBox): DegreeBox {
  const fields: Array<[keyof BoundingBox, number]> = [["minLatE6", 90], ["maxLatE6", 90], ["minLngE6", 180], ["maxLngE6", 180]];
  for (const [f, limit] of fields) {
    const x = b[f];
    if (!Number.isInteger(x) || Math.abs(x) > limit * 1e6) throw invalid(`bbox.${f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`, `must be an integer in -${limit}e6..${limit}e6 (microdegrees)`);
  }
  if (b.minLatE6 > b.maxLatE6) throw invalid("bbox.max_lat_e6", "must be >= min_lat_e6");
  if (b.minLngE6 > b.maxLngE6) throw invalid("bbox.max_lng_e6", "must be >= min_lng_e6 (a box may not cross the antimeridian)");
  return { minLat: b.minLatE6 / 1e6, minLng: b.minLngE6 / 1e6, maxLat: b.maxLatE6 / 1e6, maxLng: b.maxLngE6 / 1e6 };
}

/** H3 ranges covering a small box, or undefined (scan everything) for a large one. */
function coveringRanges(b: DegreeBox, res: number): Array<{ low: bigint; high: bigint }> | undefined {
  if (b.maxLng - b.minLng > 90 || b.maxLat - b.minLat > 60) return undefined;
  const ring = [[b.minLat, b.minLng], [b.minLat, b.maxLng], [b.maxLat, b.maxLng], [b.maxLat, b.minLng], [b.minLat, b.minLng]];
  let best: string[] | undefined;
  for (let r = 0; r <= Math.min(res, 8); r++) {
    let cells: string[];
    try {
      cells = polygonToCellsExperimental([ring], r, POLYGON_TO_CELLS_FLAGS.containmentOverlapping);
    } catch {
      break;
    }
    if (cells.length > MAX_PREFILTER_CELLS || cells.length === 0) break;
    best = cells;
  }
  return best?.map(cellRange);
}

function inBox(b: DegreeBox, lat: number, lng: number): boolean {
  return lat >= b.minLat && lat <= b.maxLat && lng >= b.minLng && lng <= b.maxLng;
}

/** The cell overlaps the box: its centre or a vertex inside, or the box's centre inside it. */
function cellInBox(cell: string, b: DegreeBox): boolean {
  const [lat, lng] = cellToLatLng(cell);
  if (inBox(b, lat, lng)) return true;
  if (cellToBoundary(cell).some(([la, ln]) => inBox(b, la, ln))) return true;
  return latLngToCell((b.minLat + b.maxLat) / 2, (b.minLng + b.maxLng) / 2, getResolution(cell)) === cell;
}

export class AggregateHandlers {
  private readonly queries: AggregateQueries;

  /** `currentEpoch`: the open epoch as of the last indexed block (the ingester's checkpoint). */
  constructor(private readonly ctx: { readonly queries: AggregateQueries; readonly currentEpoch: () => number }) {
    this.queries = ctx.queries;
  }

  async cellAggregates(req: CellAggregatesRequest): Promise<CellAggregatesResponse> {
    if (!Number.isInteger(req.resolution) || req.resolution < 0 || req.resolution > 15) throw invalid("resolution", `must be 0..15 (got ${req.resolution})`);
    if (![0, 1, 2].includes(req.status)) throw invalid("status", `unknown value ${req.status}`);
    const res = req.resolution;
    const bbox = req.bbox ? checkBox(req.bbox) : undefined;
    const filter = { networkType: v.networkType(req.networkType), status: req.status || undefined };
    const ranges = bbox ? coveringRanges(bbox, res) : undefined;
    const [rows, unlocated] = await Promise.all([this.queries.cellGroups(3 * (15 - res), { ...filter, ranges }, MAX_GROUPS + 1), this.queries.unlocatedCount(filter)]);
    if (rows.length > MAX_GROUPS) throw tooMany(res);
    const cells = new Map<string, CellAggregate>();
    for (const row of rows) addRow(cells, row, res);
    let out = [...cells.values()];
    if (bbox) out = out.filter((c) => cellInBox(c.cell, bbox));
    if (out.length > MAX_CELLS) throw tooMany(res);
    out.sort((a, b) => (a.cell < b.cell ? -1 : a.cell > b.cell ? 1 : 0));
    return { resolution: res, cells: out, devices: out.reduce((s, c) => s + c.devices, 0n), unlocated: BigInt(unlocated) };
  }

  async proofReasons(req: ProofReasonsRequest): Promise<ProofReasonsResponse> {
    if (req.epochs > 100) throw invalid("epochs", "must be at most 100");
    const current = this.ctx.currentEpoch();
    const from = Math.max(0, current - ((req.epochs || 10) - 1));
    const rows = await this.queries.proofReasons(from, 10_000);
    return {
      counts: rows.map((r) => ({ epoch: BigInt(r.epoch), networkType: r.network_type, accepted: r.accepted === 1, reason: r.reason, count: BigInt(r.n) })),
      currentEpoch: BigInt(current),
    };
  }
}

function tooMany(res: number): ApiError {
  return new ApiError(grpcStatus.RESOURCE_EXHAUSTED, `resolution: more than ${MAX_CELLS} cells at resolution ${res}; ask for a coarser resolution or a smaller bbox`);
}

function addRow(cells: Map<string, CellAggregate>, row: CellGroupRow, res: number): void {
  const cell = groupCell(BigInt(row.g), res);
  if (!isValidCell(cell)) return;
  let agg = cells.get(cell);
  if (!agg) {
    agg = { cell, devices: 0n, counts: [] };
    cells.set(cell, agg);
  }
  agg.devices += BigInt(row.n);
  const same = agg.counts.find((c) => c.networkType === row.network_type && c.status === row.status);
  if (same) same.count += BigInt(row.n);
  else agg.counts.push({ networkType: row.network_type, status: row.status, count: BigInt(row.n) });
}
