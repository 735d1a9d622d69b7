/**
 * The side panel: a cell's devices (ListDevices by cell), a device (GetDevice, ListProofs,
 * GetRewards, ListRewards, ListUsage), an account (ListDevices by owner, GetRewards,
 * GetAccountPayments). Routes live in the URL
 * hash (#/cell/<cell>, #/device/<id>, #/owner/<address>) so every view can be linked.
 */
import { cellToLatLng, getResolution } from "h3-js";
import { deviceStatusToJSON, rewardKindToJSON, type Device } from "../../generated/depin/indexer/v1/types";
import { call } from "./api";
import { escapeHtml as esc, short, typeColor } from "./colors";

const status = (s: number) => deviceStatusToJSON(s).replace("DEVICE_STATUS_", "").toLowerCase();

function deviceRows(devices: readonly Device[]): string {
  if (devices.length === 0) return `<p class="muted">No devices.</p>`;
  return `<table class="list" data-testid="device-list"><thead><tr><th>Device</th><th>Type</th><th>Status</th><th>Proofs ✓/✗</th></tr></thead><tbody>${devices
    .map(
      (d) => `<tr data-device="${esc(d.id)}"><td><a href="#/device/${esc(d.id)}">${esc(short(d.id, 12))}</a></td>` +
        `<td><span class="dot" style="background:${typeColor(d.networkType)}"></span>${esc(d.networkType)}</td>` +
        `<td class="st-${status(d.status)}">${status(d.status)}</td><td>${d.proofsAccepted} / ${d.proofsRejected}</td></tr>`,
    )
    .join("")}</tbody></table>`;
}

export async function renderCell(el: HTMLElement, cell: string): Promise<void> {
  const [lat, lng] = cellToLatLng(cell);
  const page = await call("listDevices", { cell, limit: 200 });
  el.innerHTML = `<h2>Cell <code>${esc(cell)}</code></h2>
    <p class="muted">Resolution ${getResolution(cell)} · centre ${lat.toFixed(4)}, ${lng.toFixed(4)} · <span data-testid="cell-count">${page.devices.length}${page.nextKey ? "+" : ""}</span> devices</p>
    ${deviceRows(page.devices)}${page.nextKey ? `<p class="muted">Showing the first 200.</p>` : ""}`;
}

export async function renderOwner(el: HTMLElement, owner: string): Promise<void> {
  const [page, rewards, payments] = await Promise.all([call("listDevices", { owner, limit: 200 }), call("getRewards", { owner }), call("getAccountPayments", { address: owner })]);
  const t = rewards.totals;
  const p = payments.payments;
  el.innerHTML = `<h2>Owner</h2><p><code class="wrap">${esc(owner)}</code></p>
    <dl class="kv"><dt>Devices</dt><dd>${rewards.devices}</dd><dt>Rewards settled</dt><dd>${esc(t?.settled ?? "0")}</dd>
    <dt>Claimed</dt><dd>${esc(t?.claimed ?? "0")}</dd><dt>Unclaimed</dt><dd>${esc(t?.unclaimed ?? "0")}</dd>
    <dt>Service credits</dt><dd data-testid="credits">${esc(p?.creditsBalance ?? "0")} left · ${esc(p?.creditsPurchased ?? "0")} bought for ${esc(p?.tokensBurned ?? "0")} burned · ${esc(p?.creditsSpent ?? "0")} spent</dd>
    <dt>Usage received</dt><dd>${esc(p?.usageUnits ?? "0")} units in ${p?.receiptsAccepted ?? 0} receipts (${p?.receiptsRejected ?? 0} rejected)</dd></dl>
    ${deviceRows(page.devices)}`;
}

export async function renderDevice(el: HTMLElement, id: string): Promise<void> {
  const [dev, proofs, rewards, entries, usage, meta] = await Promise.all([
    call("getDevice", { deviceId: id }),
    call("listProofs", { deviceId: id, limit: 20 }),
    call("getRewards", { deviceId: id }),
    call("listRewards", { deviceId: id, limit: 10 }),
    call("listUsage", { deviceId: id, limit: 10 }),
    // Metadata is read through from the chain by the indexer: show the reason if that fails.
    call("deviceMetadata", { deviceId: id }).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))),
  ]);
  const d = dev.device!;
  const t = rewards.totals;
  el.innerHTML = `<h2><span class="dot" style="background:${typeColor(d.networkType)}"></span>Device</h2>
    <p><code class="wrap" data-testid="device-id">${esc(d.id)}</code></p>
    <dl class="kv">
      <dt>Owner</dt><dd><a href="#/owner/${esc(d.owner)}"><code>${esc(short(d.owner, 20))}</code></a></dd>
      <dt>Network type</dt><dd data-testid="device-type">${esc(d.networkType)}</dd>
      <dt>Status</dt><dd class="st-${status(d.status)}">${status(d.status)}</dd>
      <dt>Key type</dt><dd>${esc(d.keyType)}</dd>
      <dt>Location</dt><dd>${d.location ? `<a href="#/cell/${esc(d.location)}"><code>${esc(d.location)}</code></a>` : "none"}</dd>
      <dt>Registered</dt><dd>height ${d.registeredHeight}</dd>
      <dt>Proofs</dt><dd>${d.proofsAccepted} accepted, ${d.proofsRejected} rejected</dd>
      <dt>Units</dt><dd>${esc(d.unitsTotal)}</dd>
      <dt>Rewards</dt><dd data-testid="device-rewards">${esc(t?.settled ?? "0")} settled · ${esc(t?.claimed ?? "0")} claimed · ${esc(t?.unclaimed ?? "0")} unclaimed</dd>
      <dt>Metadata</dt><dd data-testid="device-metadata">${meta instanceof Error ? `<span class="muted">${esc(meta.message)}</span>` : meta.metadataJson ? `<code class="wrap">${esc(meta.metadataJson)}</code>` : `<span class="muted">none</span>`}</dd>
    </dl>
    <h3>Last proofs</h3>
    ${proofs.proofs.length === 0 ? `<p class="muted">No proofs yet.</p>` : `<table class="list" data-testid="proofs"><thead><tr><th>Height</th><th>Seq</th><th>Verdict</th><th>Reason</th><th>Units</th></tr></thead><tbody>${proofs.proofs
      .map((p) => `<tr class="${p.accepted ? "ok" : "bad"}"><td>${p.height}</td><td>${p.sequence}</td><td>${p.accepted ? "accepted" : "rejected"}</td>` +
        `<td title="${esc(p.detail)}">${esc(p.reason || "—")}${p.detail && !p.accepted ? `<div class="muted small">${esc(p.detail)}</div>` : ""}</td><td>${esc(p.units)}</td></tr>`)
      .join("")}</tbody></table>`}
    <h3>Usage receipts</h3>
    ${usage.receipts.length === 0 ? `<p class="muted">No usage receipts.</p>` : `<table class="list" data-testid="usage"><thead><tr><th>Height</th><th>User</th><th>Verdict</th><th>Units</th><th>Credits</th></tr></thead><tbody>${usage.receipts
      .map((u) => `<tr class="${u.accepted ? "ok" : "bad"}"><td>${u.height}</td><td><a href="#/owner/${esc(u.user)}"><code>${esc(short(u.user, 16))}</code></a></td>` +
        `<td>${u.accepted ? "accepted" : `rejected: ${esc(u.reason)}`}</td><td>${esc(u.units)}</td><td>${esc(u.credits)}</td></tr>`)
      .join("")}</tbody></table>`}
    <h3>Rewards</h3>
    ${entries.entries.length === 0 ? `<p class="muted">No settlements or claims yet.</p>` : `<table class="list"><thead><tr><th>Height</th><th>Kind</th><th>Epoch</th><th>Amount</th></tr></thead><tbody>${entries.entries
      .map((r) => `<tr><td>${r.height}</td><td>${rewardKindToJSON(r.kind).replace("REWARD_KIND_", "").toLowerCase()}</td><td>${r.epoch}</td><td>${esc(r.amount)}</td></tr>`)
      .join("")}</tbody></table>`}
    <h3>History</h3>
    <ul class="history">${dev.history.map((c) => `<li>height ${c.height}: ${esc(c.kind)}${c.kind === "transferred" ? ` to ${esc(short(c.owner, 16))}` : ""}</li>`).join("")}</ul>`;
}

/** A search box entry -> a route, or an error message. */
export function routeForQuery(text: string): string | { error: string } {
  const q = text.trim();
  if (/^[0-9a-fA-F]{40}$/.test(q)) return `#/device/${q.toLowerCase()}`;
  if (/^[a-z][a-z0-9]*1[02-9ac-hj-np-z]{38,}$/.test(q)) return `#/owner/${q}`;
  if (/^[0-9a-f]{15,16}$/.test(q)) return `#/cell/${q}`;
  return { error: "Enter a device id (40 hex characters), an owner address (depin1…) or an H3 cell." };
}
