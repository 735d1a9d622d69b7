/** Colours by network type (fixed for the shipped plugins, hashed for others) and status. */
const KNOWN: Readonly<Record<string, string>> = { "energy-meter": "#f59e0b", "env-sensor": "#14b8a6", hotspot: "#8b5cf6", storage: "#3b82f6" };
export const INACTIVE = "#9ca3af";

export function typeColor(networkType: string): string {
  const known = KNOWN[networkType];
  if (known) return known;
  let h = 0;
  for (const ch of networkType) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return `hsl(${h} 70% 50%)`;
}

const REASONS = ["#ef4444", "#f97316", "#eab308", "#ec4899", "#a855f7", "#6366f1", "#0ea5e9", "#84cc16"];
const reasonIndex = new Map<string, number>();

export function reasonColor(reason: string): string {
  let i = reasonIndex.get(reason);
  if (i === undefined) {
    i = reasonIndex.size;
    reasonIndex.set(reason, i);
  }
  return REASONS[i % REASONS.length];
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const short = (s: string, n = 10) => (s.length > n + 3 ? `${s.slice(0, n)}…` : s);
