/**
 * Per-epoch charts as inline SVG: proofs accepted vs rejected by reason (ProofReasons, the open
 * epoch included), units and rewards per network type and emission vs burn (NetworkStats' closed epochs).
 */
import type { ProofReasonsResponse } from "../../generated/depin/indexer/v1/aggregates";
import type { NetworkStatsResponse } from "../../generated/depin/indexer/v1/query";
import type { Epoch } from "../../generated/depin/indexer/v1/types";
import { escapeHtml as esc, reasonColor, typeColor } from "./colors";

interface Segment {
  readonly key: string;
  readonly value: number;
  readonly color: string;
}

interface Bar {
  readonly label: string;
  readonly segments: readonly Segment[];
}

const fmt = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(1)}G` : n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(0)}k` : String(Math.round(n)));

/** Stacked (default) or grouped bars with a legend. */
export function barChart(title: string, bars: readonly Bar[], grouped = false): string {
  const W = 360;
  const H = 150;
  const pad = { l: 36, b: 18, t: 6 };
  const totals = bars.map((b) => (grouped ? Math.max(0, ...b.segments.map((s) => s.value)) : b.segments.reduce((a, s) => a + s.value, 0)));
  const max = Math.max(1, ...totals);
  const slot = (W - pad.l) / Math.max(1, bars.length);
  const bw = Math.min(36, slot * 0.7);
  const y = (v: number) => H - pad.b - (v / max) * (H - pad.b - pad.t);
  let body = `<line x1="${pad.l}" y1="${H - pad.b}" x2="${W}" y2="${H - pad.b}" stroke="#475569"/>`;
  body += `<text x="${pad.l - 4}" y="${pad.t + 8}" text-anchor="end" class="axis">${fmt(max)}</text><text x="${pad.l - 4}" y="${H - pad.b}" text-anchor="end" class="axis">0</text>`;
  bars.forEach((b, i) => {
    const x0 = pad.l + i * slot + (slot - bw) / 2;
    let acc = 0;
    b.segments.forEach((s, j) => {
      if (s.value <= 0) return;
      const w = grouped ? bw / b.segments.length : bw;
      const x = grouped ? x0 + j * w : x0;
      const top = grouped ? y(s.value) : y(acc + s.value);
      const bottom = grouped ? y(0) : y(acc);
      acc += s.value;
      body += `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${w.toFixed(1)}" height="${Math.max(0.5, bottom - top).toFixed(1)}" fill="${s.color}"><title>${esc(`${b.label} · ${s.key}: ${s.value}`)}</title></rect>`;
    });
    body += `<text x="${(x0 + bw / 2).toFixed(1)}" y="${H - 4}" text-anchor="middle" class="axis">${esc(b.label)}</text>`;
  });
  const keys = new Map<string, string>();
  for (const b of bars) for (const s of b.segments) keys.set(s.key, s.color);
  const legend = [...keys].map(([k, c]) => `<span class="legend-item"><span class="dot" style="background:${c}"></span>${esc(k)}</span>`).join("");
  const empty = bars.length === 0 ? `<p class="muted">No data yet.</p>` : "";
  return `<figure class="chart" data-chart="${esc(title)}"><figcaption>${esc(title)}</figcaption>${empty}<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">${body}</svg><div class="legend">${legend}</div></figure>`;
}

export function proofsChart(reasons: ProofReasonsResponse): string {
  const epochs = [...new Set(reasons.counts.map((c) => Number(c.epoch)))].sort((a, b) => a - b);
  const bars = epochs.map((e): Bar => {
    const rows = reasons.counts.filter((c) => Number(c.epoch) === e);
    const accepted = rows.filter((r) => r.accepted).reduce((a, r) => a + Number(r.count), 0);
    const byReason = new Map<string, number>();
    for (const r of rows.filter((x) => !x.accepted)) byReason.set(r.reason || "UNKNOWN", (byReason.get(r.reason || "UNKNOWN") ?? 0) + Number(r.count));
    return {
      label: e === Number(reasons.currentEpoch) ? `${e}*` : String(e),
      segments: [{ key: "accepted", value: accepted, color: "#22c55e" }, ...[...byReason].sort().map(([k, v]) => ({ key: `rejected: ${k}`, value: v, color: reasonColor(k) }))],
    };
  });
  return barChart("Proofs per epoch: accepted vs rejected by reason (* = open epoch)", bars);
}

function perType(epochs: readonly Epoch[], value: (p: Epoch["pools"][number]) => number): Bar[] {
  return [...epochs].reverse().map((e) => ({ label: String(e.epoch), segments: e.pools.map((p) => ({ key: p.networkType, value: value(p), color: typeColor(p.networkType) })) }));
}

export function renderCharts(el: HTMLElement, stats: NetworkStatsResponse, reasons: ProofReasonsResponse): void {
  const epochs = stats.epochs;
  // Burn = tokens burned for service credits and onboarding fees (payments): minted above burned
  // means the network still pays more than its users do.
  const emission = [...epochs].reverse().map((e): Bar => ({
    label: String(e.epoch),
    segments: [
      { key: "emission", value: Number(e.emission), color: "#38bdf8" },
      { key: "burn", value: Number(e.burned || "0"), color: "#f43f5e" },
    ],
  }));
  const latest = epochs[0];
  const net = latest ? ` · epoch ${latest.epoch} net ${latest.netEmission || "0"}, burned to date ${stats.totalBurned || "0"}` : "";
  el.innerHTML =
    proofsChart(reasons) +
    barChart("Units per network type (closed epochs)", perType(epochs, (p) => Number(p.units))) +
    barChart("Rewards per network type (closed epochs; proof + usage share)", perType(epochs, (p) => Number(p.pool) + Number(p.usagePool || "0"))) +
    barChart(`Emission vs burn${net}`, emission, true);
}
