/**
 * The live feed: StreamEvents (SSE, DePIN events only) from now on, seeded with the latest proofs
 * (ListProofs) so a quiet chain does not show an empty list. Newest on top, at most 100 entries;
 * a burst (a backfilling indexer sends thousands) is rendered once per animation frame.
 * Clicking an entry's device opens it.
 */
import type { IndexedEvent, Proof } from "../../generated/depin/indexer/v1/types";
import { call, streamEvents } from "./api";
import { escapeHtml as esc, short, typeColor } from "./colors";

const MAX_ITEMS = 100;

interface Item {
  readonly key: string;
  readonly kind: string;
  readonly height: string;
  readonly deviceId: string;
  readonly networkType: string;
  readonly title: string;
  readonly detail: string;
  readonly cls: string;
}

function fromEvent(e: IndexedEvent): Item {
  const name = e.kind.split(".").pop() ?? e.kind;
  let attrs: Record<string, unknown> = {};
  try {
    attrs = JSON.parse(e.attributesJson) as Record<string, unknown>;
  } catch {
    // The log stores valid JSON; show the event without attributes otherwise.
  }
  const str = (k: string) => (typeof attrs[k] === "string" || typeof attrs[k] === "number" ? String(attrs[k]) : "");
  const base = { key: `${e.cursor?.height}:${e.cursor?.index}`, kind: e.kind, height: String(e.cursor?.height ?? ""), deviceId: e.deviceId, networkType: e.networkType };
  switch (name) {
    case "EventProofAccepted":
      return { ...base, title: "proof accepted", detail: `units ${str("units")}${str("reason") ? ` · ${str("reason")}` : ""}`, cls: "ok" };
    case "EventProofRejected":
      return { ...base, title: "proof rejected", detail: str("reason"), cls: "bad" };
    case "EventPluginVerdict":
      return { ...base, title: "plugin verdict", detail: str("reason"), cls: "" };
    case "EventEpochClosed": {
      const summary = (attrs.summary ?? {}) as Record<string, unknown>;
      return { ...base, title: `epoch ${String(summary.epoch ?? "0")} closed`, detail: `emission ${String(summary.emission ?? "0")}`, cls: "epoch" };
    }
    default:
      return { ...base, title: name.replace(/^Event/, "").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase(), detail: "", cls: "" };
  }
}

function fromProof(p: Proof): Item {
  return {
    key: `${p.height}:${p.index}`, kind: p.accepted ? "depin.proofs.v1.EventProofAccepted" : "depin.proofs.v1.EventProofRejected", height: String(p.height), deviceId: p.deviceId, networkType: p.networkType,
    title: p.accepted ? "proof accepted" : "proof rejected", detail: p.accepted ? `units ${p.units}${p.reason ? ` · ${p.reason}` : ""}` : p.reason, cls: p.accepted ? "ok" : "bad",
  };
}

function render(i: Item): HTMLLIElement {
  const li = document.createElement("li");
  li.className = `feed-item ${i.cls}`;
  li.dataset.kind = i.kind;
  li.dataset.device = i.deviceId;
  li.dataset.height = i.height;
  li.innerHTML = `<span class="h">#${esc(i.height)}</span> <b>${esc(i.title)}</b>` +
    (i.networkType ? ` <span class="dot" style="background:${typeColor(i.networkType)}"></span>${esc(i.networkType)}` : "") +
    (i.deviceId ? ` <a href="#/device/${esc(i.deviceId)}"><code>${esc(short(i.deviceId, 8))}</code></a>` : "") +
    (i.detail ? ` <span class="muted">${esc(i.detail)}</span>` : "");
  return li;
}

export function startFeed(list: HTMLElement, state: HTMLElement, onEvent: (e: IndexedEvent) => void): () => void {
  const seen = new Set<string>();
  let pending: Item[] = [];
  let frame = 0;
  const flush = () => {
    frame = 0;
    const items = pending.slice(-MAX_ITEMS);
    pending = [];
    const fragment = document.createDocumentFragment();
    for (const i of items.reverse()) fragment.appendChild(render(i));
    list.prepend(fragment);
    while (list.children.length > MAX_ITEMS) list.lastElementChild?.remove();
  };
  const add = (i: Item) => {
    if (seen.has(i.key)) return;
    seen.add(i.key);
    if (seen.size > 10_000) seen.clear();
    pending.push(i);
    if (!frame) frame = requestAnimationFrame(flush);
  };
  state.textContent = "connecting…";
  const stop = streamEvents(
    // DePIN events only: the SDK's fee transfers and mint events would drown them.
    { fromNow: true, kinds: ["depin.*"] },
    (msg) => {
      if (!msg.event) return;
      add(fromEvent(msg.event));
      onEvent(msg.event);
    },
    (message) => (state.textContent = message),
    () => (state.textContent = "live"),
  );
  // Seed: the latest proofs, oldest first so the newest ends on top.
  void call("listProofs", { limit: 15 }).then((page) => {
    for (const p of [...page.proofs].reverse()) add(fromProof(p));
  }, () => undefined);
  return stop;
}
