/**
 * Web Mercator on a plain canvas: world pixel coordinates at a zoom (the world is 256 * 2^zoom px
 * wide), the visible box, and the H3 resolution whose hexagons are a readable size at a zoom.
 * No tiles: the map is only the hexagons (and a graticule).
 */
import { getHexagonEdgeLengthAvg, UNITS } from "h3-js";

export interface View {
  lat: number;
  lng: number;
  /** World width = 256 * 2^zoom pixels. */
  zoom: number;
}

export interface Box {
  minLat: number;
  minLng: number;
  maxLat: number;
  maxLng: number;
}

const TILE = 256;
const MAX_LAT = 85.05112878;
export const MIN_ZOOM = 0;
export const MAX_ZOOM = 22;
/** Hexagons narrower than this on screen get a coarser resolution. */
const MIN_HEX_PX = 28;

export const clampLat = (lat: number) => Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));

export function worldPx(lat: number, lng: number, zoom: number): [number, number] {
  const size = TILE * 2 ** zoom;
  const s = Math.sin((clampLat(lat) * Math.PI) / 180);
  return [((lng + 180) / 360) * size, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size];
}

export function fromWorldPx(x: number, y: number, zoom: number): [number, number] {
  const size = TILE * 2 ** zoom;
  const lng = (x / size) * 360 - 180;
  const n = Math.PI - (2 * Math.PI * y) / size;
  return [(180 / Math.PI) * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n))), lng];
}

/** Screen position of lat/lng in a canvas of width w and height h showing `view`. */
export function toScreen(view: View, w: number, h: number, lat: number, lng: number): [number, number] {
  const [cx, cy] = worldPx(view.lat, view.lng, view.zoom);
  const [x, y] = worldPx(lat, lng, view.zoom);
  return [x - cx + w / 2, y - cy + h / 2];
}

export function fromScreen(view: View, w: number, h: number, sx: number, sy: number): [number, number] {
  const [cx, cy] = worldPx(view.lat, view.lng, view.zoom);
  return fromWorldPx(sx - w / 2 + cx, sy - h / 2 + cy, view.zoom);
}

export function visibleBox(view: View, w: number, h: number): Box {
  const [maxLat, minLng] = fromScreen(view, w, h, 0, 0);
  const [minLat, maxLng] = fromScreen(view, w, h, w, h);
  return { minLat: Math.max(-90, minLat), minLng: Math.max(-180, minLng), maxLat: Math.min(90, maxLat), maxLng: Math.min(180, maxLng) };
}

/** The finest H3 resolution whose average hexagon is at least MIN_HEX_PX wide at this view. */
export function resolutionFor(view: View, maxResolution = 15): number {
  const metersPerPx = (156543.03392 * Math.cos((clampLat(view.lat) * Math.PI) / 180)) / 2 ** view.zoom;
  let best = 0;
  for (let r = 0; r <= maxResolution; r++) {
    if ((2 * getHexagonEdgeLengthAvg(r, UNITS.m)) / metersPerPx >= MIN_HEX_PX) best = r;
  }
  return best;
}

/** A view that shows the box in a w x h canvas with a margin. */
export function fitBox(box: Box, w: number, h: number): View {
  const lat = (box.minLat + box.maxLat) / 2;
  const lng = (box.minLng + box.maxLng) / 2;
  for (let zoom = MAX_ZOOM - 4; zoom > MIN_ZOOM; zoom -= 0.25) {
    const [x0, y0] = worldPx(box.maxLat, box.minLng, zoom);
    const [x1, y1] = worldPx(box.minLat, box.maxLng, zoom);
    if (x1 - x0 <= w * 0.6 && y1 - y0 <= h * 0.6) return { lat, lng, zoom };
  }
  return { lat, lng, zoom: MIN_ZOOM };
}
