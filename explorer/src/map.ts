/**
 * The map: H3 cells from CellAggregates drawn as hexagons on a canvas (Web Mercator, no tiles),
 * filled by the cell's main network type (grey when none of its devices is active), labelled with
 * the device count. Drag to pan, wheel or +/- to zoom; the resolution follows the zoom and the
 * page asks the indexer for the cells in view again. Click a cell for its devices.
 */
import { cellToBoundary, cellToLatLng } from "h3-js";
import type { CellAggregate, CellAggregatesResponse } from "../../generated/depin/indexer/v1/aggregates";
import { DeviceStatus } from "../../generated/depin/indexer/v1/types";
import { INACTIVE, typeColor } from "./colors";
import { clampLat, fitBox, fromScreen, MAX_ZOOM, MIN_ZOOM, resolutionFor, toScreen, visibleBox, type Box, type View } from "./projection";

export interface MapCallbacks {
  /** The view moved: fetch the cells for this box at this resolution. */
  onView(box: Box, resolution: number): void;
  onCell(cell: CellAggregate): void;
}

interface Drawn {
  readonly cell: CellAggregate;
  readonly path: Path2D;
  readonly x: number;
  readonly y: number;
}

export function mainType(c: CellAggregate): { networkType: string; active: boolean } {
  const byType = new Map<string, number>();
  let active = false;
  for (const k of c.counts) {
    if (k.status === DeviceStatus.DEVICE_STATUS_ACTIVE) active = true;
    byType.set(k.networkType, (byType.get(k.networkType) ?? 0) + Number(k.count));
  }
  const [networkType] = [...byType.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? [""];
  return { networkType, active };
}

export class MapView {
  view: View = { lat: 20, lng: 0, zoom: 1.5 };
  private data: CellAggregatesResponse | undefined;
  private drawn: Drawn[] = [];
  private drag: { x: number; y: number; view: View; moved: boolean } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly ctx: CanvasRenderingContext2D;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly tooltip: HTMLElement, private readonly cb: MapCallbacks) {
    this.ctx = canvas.getContext("2d")!;
    new ResizeObserver(() => this.resize()).observe(canvas);
    canvas.addEventListener("pointerdown", (e) => {
      this.drag = { x: e.clientX, y: e.clientY, view: { ...this.view }, moved: false };
      canvas.setPointerCapture(e.pointerId);
    });
    canvas.addEventListener("pointermove", (e) => this.onMove(e));
    canvas.addEventListener("pointerup", (e) => {
      const d = this.drag;
      this.drag = undefined;
      if (d && !d.moved) this.click(e.offsetX, e.offsetY);
    });
    canvas.addEventListener("wheel", (e) => {
      e.preventDefault();
      this.zoomAt(e.deltaY < 0 ? 0.5 : -0.5, e.offsetX, e.offsetY);
    }, { passive: false });
    this.resize();
  }

  get width(): number {
    return this.canvas.clientWidth || 800;
  }

  get height(): number {
    return this.canvas.clientHeight || 500;
  }

  get resolution(): number {
    return resolutionFor(this.view);
  }

  zoomBy(delta: number): void {
    this.zoomAt(delta, this.width / 2, this.height / 2);
  }

  /** Zoom keeping the point under (sx, sy) fixed. */
  private zoomAt(delta: number, sx: number, sy: number): void {
    const zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, this.view.zoom + delta));
    const [lat, lng] = fromScreen(this.view, this.width, this.height, sx, sy);
    const next = { ...this.view, zoom };
    const [lat2, lng2] = fromScreen(next, this.width, this.height, sx, sy);
    this.setView({ lat: clampLat(next.lat + lat - lat2), lng: next.lng + lng - lng2, zoom });
  }

  private onMove(e: PointerEvent): void {
    const d = this.drag;
    if (d) {
      if (Math.abs(e.clientX - d.x) + Math.abs(e.clientY - d.y) > 4) d.moved = true;
      if (!d.moved) return;
      const [lat, lng] = fromScreen(d.view, this.width, this.height, this.width / 2 - (e.clientX - d.x), this.height / 2 - (e.clientY - d.y));
      this.setView({ lat: clampLat(lat), lng: Math.max(-180, Math.min(180, lng)), zoom: d.view.zoom });
      return;
    }
    const hit = this.hit(e.offsetX, e.offsetY);
    this.canvas.style.cursor = hit ? "pointer" : "grab";
    if (!hit) {
      this.tooltip.hidden = true;
      return;
    }
    this.tooltip.hidden = false;
    this.tooltip.style.left = `${e.offsetX + 14}px`;
    this.tooltip.style.top = `${e.offsetY + 14}px`;
    const lines = hit.cell.counts.map((k) => `${k.networkType} · ${k.status === DeviceStatus.DEVICE_STATUS_ACTIVE ? "active" : "inactive"}: ${k.count}`);
    this.tooltip.textContent = `${hit.cell.cell} (${hit.cell.devices} devices)\n${lines.join("\n")}`;
  }

  setView(view: View): void {
    this.view = view;
    this.draw();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.requestData(), 120);
  }

  requestData(): void {
    this.cb.onView(visibleBox(this.view, this.width, this.height), this.resolution);
  }

  /** Frame the given cells (first load). */
  fit(cells: readonly CellAggregate[]): void {
    if (cells.length === 0) return;
    const box: Box = { minLat: 90, minLng: 180, maxLat: -90, maxLng: -180 };
    for (const c of cells) {
      for (const [lat, lng] of cellToBoundary(c.cell)) {
        box.minLat = Math.min(box.minLat, lat);
        box.maxLat = Math.max(box.maxLat, lat);
        box.minLng = Math.min(box.minLng, lng);
        box.maxLng = Math.max(box.maxLng, lng);
      }
    }
    this.setView(fitBox(box, this.width, this.height));
  }

  setData(data: CellAggregatesResponse): void {
    this.data = data;
    this.draw();
  }

  /** Screen position of a drawn cell's centre (tests click there). */
  cellCenter(cell: string): { x: number; y: number } | undefined {
    const d = this.drawn.find((x) => x.cell.cell === cell);
    return d ? { x: d.x, y: d.y } : undefined;
  }

  private hit(x: number, y: number): Drawn | undefined {
    for (let i = this.drawn.length - 1; i >= 0; i--) if (this.ctx.isPointInPath(this.drawn[i].path, x * devicePixelRatio, y * devicePixelRatio)) return this.drawn[i];
    return undefined;
  }

  private click(x: number, y: number): void {
    const hit = this.hit(x, y);
    if (hit) this.cb.onCell(hit.cell);
  }

  private resize(): void {
    this.canvas.width = Math.round(this.width * devicePixelRatio);
    this.canvas.height = Math.round(this.height * devicePixelRatio);
    this.draw();
  }

  draw(): void {
    const { ctx, width: w, height: h } = this;
    ctx.setTransform(devicePixelRatio, 0, 0, devicePixelRatio, 0, 0);
    ctx.fillStyle = "#0b1220";
    ctx.fillRect(0, 0, w, h);
    this.graticule(w, h);
    const drawn: Drawn[] = [];
    const cells = this.data?.cells ?? [];
    const max = Math.max(1, ...cells.map((c) => Number(c.devices)));
    for (const c of cells) {
      const ring = cellToBoundary(c.cell);
      const path = new Path2D();
      const lng0 = ring[0][1];
      let sx = 0;
      let sy = 0;
      ring.forEach(([lat, lng], i) => {
        // A cell across the antimeridian: keep its vertices on one side.
        const l = lng - lng0 > 180 ? lng - 360 : lng0 - lng > 180 ? lng + 360 : lng;
        const [x, y] = toScreen(this.view, w, h, lat, l);
        if (i === 0) path.moveTo(x, y);
        else path.lineTo(x, y);
      });
      path.closePath();
      const [clat, clng] = cellToLatLng(c.cell);
      [sx, sy] = toScreen(this.view, w, h, clat, clng);
      const { networkType, active } = mainType(c);
      ctx.globalAlpha = 0.45 + 0.5 * (Math.log1p(Number(c.devices)) / Math.log1p(max));
      ctx.fillStyle = active ? typeColor(networkType) : INACTIVE;
      ctx.fill(path);
      ctx.globalAlpha = 1;
      ctx.strokeStyle = "rgba(255,255,255,0.7)";
      ctx.lineWidth = 1;
      ctx.stroke(path);
      drawn.push({ cell: c, path, x: sx, y: sy });
    }
    ctx.fillStyle = "#fff";
    ctx.font = "bold 12px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (const d of drawn) if (d.x > -20 && d.x < w + 20 && d.y > -20 && d.y < h + 20) ctx.fillText(String(d.cell.devices), d.x, d.y);
    this.drawn = drawn;
    this.canvas.dataset.cells = String(cells.length);
    this.canvas.dataset.devices = String(this.data?.devices ?? 0);
    this.canvas.dataset.resolution = String(this.data?.resolution ?? "");
    this.canvas.dataset.rendered = this.data ? "true" : "false";
  }

  private graticule(w: number, h: number): void {
    const ctx = this.ctx;
    const step = this.view.zoom < 3 ? 30 : this.view.zoom < 6 ? 10 : this.view.zoom < 9 ? 1 : this.view.zoom < 12 ? 0.1 : 0.01;
    const box = visibleBox(this.view, w, h);
    ctx.strokeStyle = "rgba(148,163,184,0.15)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let lng = Math.ceil(box.minLng / step) * step; lng <= box.maxLng; lng += step) {
      const [x] = toScreen(this.view, w, h, 0, lng);
      ctx.moveTo(x, 0);
      ctx.lineTo(x, h);
    }
    for (let lat = Math.ceil(box.minLat / step) * step; lat <= box.maxLat; lat += step) {
      const [, y] = toScreen(this.view, w, h, lat, 0);
      ctx.moveTo(0, y);
      ctx.lineTo(w, y);
    }
    ctx.stroke();
  }
}
