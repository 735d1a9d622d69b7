/**
 * Headless Chromium for the explorer's tests and bench: Debian's `chromium` package driven by
 * playwright-core through executablePath (never a browser download). scripts/test.sh installs the
 * package when missing; CHROMIUM_PATH overrides the lookup.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";

export class BrowserMissingError extends Error {
  override readonly name = "BrowserMissingError";
}

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"];

export function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, ...CANDIDATES].find((p): p is string => !!p && existsSync(p));
  if (!found) throw new BrowserMissingError("no Chromium found: apt-get install -y chromium (or set CHROMIUM_PATH)");
  return found;
}

export async function launchChromium(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
}

/** Screenshots for reviewers, under artifacts/explorer/ (git-ignored). */
export const ARTIFACTS = join(__dirname, "..", "..", "artifacts", "explorer");

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Waits (up to `timeoutMs`, then fails naming what it saw) until `check` holds for the locator. */
export async function until<T>(what: string, read: () => Promise<T>, check: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read().catch(() => undefined as T);
    if (last !== undefined && check(last)) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const matches = (text: string, expected: string | RegExp, exact: boolean) => (typeof expected === "string" ? (exact ? text.trim() === expected : text.includes(expected)) : expected.test(text));

/** Playwright-test-style waits for plain playwright-core (no @playwright/test runner here). */
export const expectEventually = {
  text: (l: Locator, expected: string | RegExp, timeoutMs = 20_000) => until(`${l} to have text ${String(expected)}`, async () => (await l.first().textContent()) ?? "", (t) => matches(t, expected, true), timeoutMs),
  contains: (l: Locator, expected: string | RegExp, timeoutMs = 20_000) => until(`${l} to contain ${String(expected)}`, async () => (await l.first().textContent()) ?? "", (t) => matches(t, expected, false), timeoutMs),
  count: (l: Locator, n: number, timeoutMs = 20_000) => until(`${l} to count ${n}`, () => l.count(), (c) => c === n, timeoutMs),
  visible: (l: Locator, timeoutMs = 20_000) => l.first().waitFor({ state: "visible", timeout: timeoutMs }),
};
