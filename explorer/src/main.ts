/** The explorer page: header status, search, map + side panel, charts, live feed. */
import "./style.css";
import type { CellAggregatesResponse } from "../../generated/depin/indexer/v1/aggregates";
import { ApiCallError, call, stats } from "./api";
import { renderCharts } from "./charts";
import { escapeHtml as esc, INACTIVE, typeColor } from "./colors";
import { startFeed } from "./feed";
import { MapView } from "./map";
import { renderCell, renderDevice, renderOwner, routeForQuery } from "./panels";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const panel = $("panel");
let mapRequest = 0;
let firstRenderMs: number | undefined;

const map = new MapView($<HTMLCanvasElement>("map"), $("tooltip"), {
  onView: (box, resolution) => void loadCells(resolution, box),
  onCell: (cell) => (location.hash = `#/cell/${cell.cell}`),
});

function showError(el: HTMLElement, error: unknown): void {
  const text = error instanceof ApiCallError ? `${error.message} (${error.code})` : error instanceof Error ? error.message : String(error);
  el.innerHTML = `<p class="error" role="alert">${esc(text)}</p>`;
}

async function loadCells(resolution: number, box?: { minLat: number; minLng: number; maxLat: number; maxLng: number }): Promise<CellAggregatesResponse | undefined> {
  const n = ++mapRequest;
  try {
    const bbox = box && { minLatE6: Math.floor(box.minLat * 1e6), minLngE6: Math.floor(box.minLng * 1e6), maxLatE6: Math.ceil(box.maxLat * 1e6), maxLngE6: Math.ceil(box.maxLng * 1e6) };
    const networkType = $<HTMLSelectElement>("filter-type").value;
    const status = Number($<HTMLSelectElement>("filter-status").value);
    const data = await call("cellAggregates", { resolution, bbox, networkType, status });
    if (n !== mapRequest) return undefined;
    map.setData(data);
    if (firstRenderMs === undefined) firstRenderMs = performance.now();
    $("map-summary").textContent = `${data.cells.length} cells · ${data.devices} devices in view · resolution ${data.resolution}${data.unlocated > 0n ? ` · ${data.unlocated} without location` : ""}`;
    renderLegend(data);
    return data;
  } catch (error) {
    showError($("map-error"), error);
    return undefined;
  }
}

function renderLegend(data: CellAggregatesResponse): void {
  const types = [...new Set(data.cells.flatMap((c) => c.counts.map((k) => k.networkType)))].sort();
  $("legend").innerHTML = types.map((t) => `<span class="legend-item"><span class="dot" style="background:${typeColor(t)}"></span>${esc(t)}</span>`).join("") +
    `<span class="legend-item"><span class="dot" style="background:${INACTIVE}"></span>inactive only</span>`;
}

async function route(): Promise<void> {
  const [, kind, arg] = /^#\/(cell|device|owner)\/(.+)$/.exec(location.hash) ?? [];
  if (!kind) {
    panel.innerHTML = `<h2>Network</h2><p class="muted">Click a cell on the map, or search for a device id or an owner address.</p><div id="totals"></div>`;
    void loadTotals();
    return;
  }
  panel.innerHTML = `<p class="muted">Loading…</p>`;
  try {
    if (kind === "cell") await renderCell(panel, decodeURIComponent(arg));
    else if (kind === "device") await renderDevice(panel, decodeURIComponent(arg));
    else await renderOwner(panel, decodeURIComponent(arg));
  } catch (error) {
    showError(panel, error);
  }
}

/** Network types known to the indexer, as map filter options. */
function fillTypeFilter(types: readonly string[]): void {
  const select = $<HTMLSelectElement>("filter-type");
  for (const t of [...new Set(types)].sort()) {
    if ([...select.options].some((o) => o.value === t)) continue;
    select.add(new Option(t, t));
  }
}

async function loadTotals(): Promise<void> {
  const s = await call("networkStats", { epochs: 1 });
  fillTypeFilter(s.devices.map((d) => d.networkType));
  const el = document.getElementById("totals");
  if (!el) return;
  el.innerHTML = `<dl class="kv">${s.devices.map((d) => `<dt><span class="dot" style="background:${typeColor(d.networkType)}"></span>${esc(d.networkType)} (${d.status === 1 ? "active" : "inactive"})</dt><dd>${d.count}</dd>`).join("")}
    <dt>Proofs accepted</dt><dd>${s.proofsAccepted}</dd><dt>Proofs rejected</dt><dd>${s.proofsRejected}</dd><dt>Total emitted</dt><dd>${esc(s.totalEmitted)}</dd></dl>`;
}

let chartsTimer: ReturnType<typeof setTimeout> | undefined;
function refreshCharts(delayMs = 0): void {
  clearTimeout(chartsTimer);
  chartsTimer = setTimeout(async () => {
    try {
      const [s, r] = await Promise.all([call("networkStats", { epochs: 12 }), call("proofReasons", { epochs: 12 })]);
      fillTypeFilter(s.devices.map((d) => d.networkType));
      renderCharts($("charts"), s, r);
    } catch (error) {
      showError($("charts"), error);
    }
  }, delayMs);
}

async function refreshStatus(): Promise<number> {
  try {
    const s = await call("getStatus", {});
    $("status").textContent = `${s.chainId} · indexed ${s.indexedHeight} / ${s.chainHeight}${s.catchingUp ? " (catching up)" : ""}`;
    return Number(s.indexedHeight);
  } catch (error) {
    $("status").textContent = error instanceof Error ? error.message : String(error);
    return 0;
  }
}

$<HTMLFormElement>("search").addEventListener("submit", (e) => {
  e.preventDefault();
  const r = routeForQuery($<HTMLInputElement>("q").value);
  if (typeof r === "string") location.hash = r;
  else panel.innerHTML = `<p class="error" role="alert">${esc(r.error)}</p>`;
});
$("filter-type").addEventListener("change", () => map.requestData());
$("filter-status").addEventListener("change", () => map.requestData());
$("zoom-in").addEventListener("click", () => map.zoomBy(1));
$("zoom-out").addEventListener("click", () => map.zoomBy(-1));
$("fit").addEventListener("click", () => void loadCells(0).then((d) => d && map.fit(d.cells)));
window.addEventListener("hashchange", () => void route());

/** For tests and the bench: where a cell is drawn, and when/how much the first map render took. */
(window as unknown as { fieldnetExplorer: unknown }).fieldnetExplorer = {
  cellCenter: (cell: string) => map.cellCenter(cell),
  viewResolution: () => map.resolution,
  firstRenderMs: () => firstRenderMs,
  mapBytes: () => stats.lastBytes.get("CellAggregates"),
};

async function start(): Promise<void> {
  void route();
  refreshCharts();
  void refreshStatus();
  setInterval(() => void refreshStatus(), 3000);
  let mapTimer: ReturnType<typeof setTimeout> | undefined;
  startFeed($("feed"), $("feed-state"), (e) => {
    if (e.kind === "depin.rewards.v1.EventEpochClosed" || e.kind.startsWith("depin.proofs.v1.")) refreshCharts(500);
    if (e.kind.startsWith("depin.registry.v1.")) {
      clearTimeout(mapTimer);
      mapTimer = setTimeout(() => map.requestData(), 500);
    }
  });
  // First paint: everything at resolution 0, framed; then the view's own resolution and box.
  const world = await loadCells(0);
  if (world && world.cells.length > 0) map.fit(world.cells);
}

void start();
