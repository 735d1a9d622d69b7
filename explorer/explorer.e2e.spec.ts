/**
 * The explorer end to end: a devnet with energy meters and env sensors (locations as H3 cells), the
 * indexer serving the built page, Debian's Chromium driven by playwright-core. Checks what a
 * visitor sees: cell and device counts on the map, a cell's devices, a rejected proof's reason on
 * the device page, a new proof in the live feed within two blocks, search, usage receipts and
 * credits, charts. Screenshots go
 * to artifacts/explorer/.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cellToParent, latLngToCell } from "h3-js";
import type { Browser, Page } from "playwright-core";
import { startDevnet, type RunningDevnet } from "../devnet/devnet";
import { startIndexer, type RunningIndexer } from "../indexer/indexer";
import { ChainDriver, type DriverDevice } from "../indexer/testing/chain-driver";
import { freshStore, type TestStore } from "../indexer/testing/store-target";
import { ensureExplorerBuilt } from "./build";
import { expectEventually as eventually, launchChromium, screenshot, until } from "./e2e/browser";
import { explorerNetwork } from "./e2e/network";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { SigningFieldnetClient, signUsageAsUser, usageReceipt } from "../chain-client";
import { accountFromMnemonic } from "../modules/app/testing/test-accounts";
import { canonicalJsonBytes } from "../modules/plugin/canonical-json";

jest.setTimeout(180_000);

const quiet = { info: () => undefined, warn: () => undefined };
const at = (lat: number, lng: number) => latLngToCell(lat, lng, 12);

describe("network explorer in headless Chromium", () => {
  let home: string;
  let devnet: RunningDevnet;
  let driver: ChainDriver;
  let store: TestStore;
  let indexer: RunningIndexer;
  let browser: Browser;
  let page: Page;
  let meters: DriverDevice[];
  let sensors: DriverDevice[];
  let user: SigningFieldnetClient;
  const locations = new Map<string, string>();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const dir = ensureExplorerBuilt();
    home = mkdtempSync(join(tmpdir(), "fieldnet-explorer-e2e-"));
    devnet = await startDevnet({ config: explorerNetwork, home, port: 0, blockTimeMs: 1000 }); // "within two blocks" = 2 s, with room for a loaded CI machine
    driver = await ChainDriver.connect(devnet.rpcUrl, devnet.accounts.map((a) => a.mnemonic), devnet.chainId, "explorer");
    store = await freshStore("sqlite", "explorer");
    indexer = await startIndexer({ rpcUrl: devnet.rpcUrl, db: store.url, grpcPort: 0, explorerPort: 0, explorerDir: dir, logger: quiet, pollMs: 200 });

    const meterAt = [at(52.52, 13.405), at(52.5205, 13.4055), at(53.55, 9.99), undefined];
    meters = await driver.registerDevices(0, meterAt.map((location) => ({ networkType: "energy-meter", metadata: { ratedPowerW: 1_000_000_000 }, location })));
    const sensorAt = [at(48.137, 11.575), at(48.1375, 11.5755), at(48.138, 11.576)];
    sensors = await driver.registerDevices(1, sensorAt.map((location) => ({ networkType: "env-sensor", metadata: { model: "WS-1" }, location })));
    [...meters, ...sensors].forEach((d, i) => {
      const loc = [...meterAt, ...sensorAt][i];
      if (loc) locations.set(d.id, loc);
    });
    await driver.deactivateDevice(1, sensors[2].id);
    const t = Math.floor(Date.now() / 1000);
    await driver.submitProofs(0, meters.slice(0, 3).map((device, i) => ({ device, payload: { counterWh: 1000 + i, readAt: t - 10 } })));
    const verdicts = await driver.submitProofs(1, [
      { device: sensors[0], payload: { readAt: t - 10, metrics: { temperature_cC: 2150 } } },
      { device: sensors[1], payload: { readAt: t - 10, metrics: { temperature_cC: 9999 } } },
    ]);
    expect(verdicts.map((v) => [v.accepted, v.reason])).toEqual([[true, expect.any(String)], [false, "OUT_OF_RANGE"]]);
    // The demand side: account 2 buys credits and pays meter 0 for 100 Wh (a receipt both signed).
    user = await SigningFieldnetClient.connectWithSigner(devnet.rpcUrl, await DirectSecp256k1HdWallet.fromMnemonic(devnet.accounts[2].mnemonic, { prefix: "depin" }));
    await user.buyCredits(1000, "ufield");
    const end = Date.now() - 1000;
    const { receipt, signBytes } = usageReceipt({ chainId: devnet.chainId, deviceId: meters[0].id, user: user.sender, sequence: 1, periodStartMs: end - 3_600_000, periodEndMs: end, payload: canonicalJsonBytes({ deliveredWh: 100 }) });
    const deviceSigned = { ...receipt, deviceSignature: meters[0].signer.signBytes(signBytes) };
    const account = await accountFromMnemonic(devnet.accounts[2].mnemonic, "depin");
    const { response } = await user.submitUsage([await signUsageAsUser(account.privkey, deviceSigned, signBytes)]);
    expect(response.outcomes.map((o) => [o.accepted, o.units, o.credits])).toEqual([[true, "100", "200"]]);
    await indexer.ingester.waitForHeight(await driver.height());

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(indexer.explorerUrl!);
  });

  afterAll(async () => {
    await browser?.close();
    await indexer?.stop();
    driver?.close();
    user?.disconnect();
    await devnet?.stop();
    await store?.drop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /** Waits until the map shows data at the resolution its current zoom calls for. */
  async function settledMap(): Promise<{ resolution: number; cells: number; devices: number }> {
    await page.waitForFunction("(() => { const m = document.getElementById('map'); return m.dataset.rendered === 'true' && m.dataset.resolution === String(window.fieldnetExplorer.viewResolution()); })()");
    const map = page.locator("#map");
    const [resolution, cells, devices] = await Promise.all(["data-resolution", "data-cells", "data-devices"].map((a) => map.getAttribute(a)));
    return { resolution: Number(resolution), cells: Number(cells), devices: Number(devices) };
  }

  it("shows the right number of cells and devices at the resolution the zoom calls for", async () => {
    const shown = await settledMap();
    const expectedCells = new Set([...locations.values()].map((c) => cellToParent(c, shown.resolution)));
    expect(shown).toEqual({ resolution: shown.resolution, cells: expectedCells.size, devices: locations.size });
    expect(shown.resolution).toBeGreaterThan(0);
    await eventually.text(page.locator("#map-summary"), new RegExp(`^${expectedCells.size} cells · ${locations.size} devices in view · resolution ${shown.resolution} · 1 without location`));
    await screenshot(page, "01-map");

    // Zooming in asks for a finer resolution.
    await page.click("#zoom-in");
    await page.click("#zoom-in");
    const zoomed = await settledMap();
    expect(zoomed.resolution).toBeGreaterThan(shown.resolution);
    await page.click("#fit");
    await settledMap();
  });

  it("clicking a cell lists its devices", async () => {
    const { resolution } = await settledMap();
    const munich = cellToParent(locations.get(sensors[0].id)!, resolution);
    const centre = (await page.evaluate(`window.fieldnetExplorer.cellCenter(${JSON.stringify(munich)})`)) as { x: number; y: number } | undefined;
    expect(centre).toBeDefined();
    const box = (await page.locator("#map").boundingBox())!;
    await page.mouse.click(box.x + centre!.x, box.y + centre!.y);
    await eventually.contains(page.locator("#panel h2"), munich);
    const rows = page.locator("#panel [data-testid=device-list] tr[data-device]");
    await eventually.count(rows, 3);
    expect(await Promise.all((await rows.all()).map((r) => r.getAttribute("data-device")))).toEqual(sensors.map((s) => s.id).sort());
    await screenshot(page, "02-cell");
  });

  it("a device page shows a rejected proof's reason, owner, type, metadata and rewards", async () => {
    await page.click(`#panel tr[data-device="${sensors[1].id}"] a`);
    await eventually.text(page.locator("[data-testid=device-id]"), sensors[1].id);
    await eventually.text(page.locator("[data-testid=device-type]"), "env-sensor");
    await eventually.contains(page.locator("[data-testid=proofs] tr.bad"), "OUT_OF_RANGE");
    await eventually.contains(page.locator("[data-testid=device-rewards]"), "settled");
    await eventually.text(page.locator("[data-testid=device-metadata]"), '{"model":"WS-1"}');
    await eventually.contains(page.locator("#panel"), driver.owners[1].address.slice(0, 20));
    await screenshot(page, "03-device");
  });

  it("the live feed shows a new proof within two blocks", async () => {
    await eventually.text(page.locator("#feed-state"), "live");
    const before = await driver.height();
    const t = Math.floor(Date.now() / 1000);
    await driver.submitProofs(2, [{ device: meters[0], payload: { counterWh: 2000, readAt: t } }]);
    // The feed was seeded with older proofs of this device too: wait for one above `before`.
    const items = page.locator(`#feed .feed-item[data-device="${meters[0].id}"][data-kind="depin.proofs.v1.EventProofAccepted"]`);
    const heights = async () => (await Promise.all((await items.all()).map((i) => i.getAttribute("data-height")))).map(Number);
    const seen = await until("the new proof in the feed", heights, (hs) => hs.some((h) => h > before), 30_000);
    const chainHeight = await driver.height();
    const proofHeight = Math.max(...seen);
    expect(chainHeight - proofHeight).toBeLessThanOrEqual(2);
    await screenshot(page, "04-feed");
  });

  it("searches by owner address and by device id", async () => {
    await page.fill("#q", driver.owners[0].address);
    await page.press("#q", "Enter");
    await eventually.count(page.locator("#panel [data-testid=device-list] tr[data-device]"), 4);
    await page.fill("#q", meters[2].id.toUpperCase());
    await page.press("#q", "Enter");
    await eventually.text(page.locator("[data-testid=device-id]"), meters[2].id);
    await page.fill("#q", "not an id");
    await page.press("#q", "Enter");
    await eventually.contains(page.locator("#panel .error"), "Enter a device id");
    await page.goto(`${indexer.explorerUrl}#/device/${"0".repeat(40)}`);
    await eventually.contains(page.locator("#panel .error"), "not found");
  });

  it("a device page lists its usage receipts, and the paying account shows its credits", async () => {
    await page.goto(`${indexer.explorerUrl}#/device/${meters[0].id}`);
    await eventually.contains(page.locator("[data-testid=usage] tr.ok"), "100");
    await page.click("[data-testid=usage] tr.ok a");
    await eventually.contains(page.locator("[data-testid=credits]"), "800 left · 1000 bought for 1000 burned · 200 spent");
    await screenshot(page, "06-usage-credits");
  });

  it("charts proofs by reason per epoch, units and rewards per network type, emission vs burn", async () => {
    const proofs = page.locator('figure[data-chart^="Proofs per epoch"]');
    await eventually.count(proofs.locator("rect title").filter({ hasText: "rejected: OUT_OF_RANGE" }), 1);
    await eventually.visible(page.locator('figure[data-chart^="Units per network type"]'));
    await eventually.visible(page.locator('figure[data-chart^="Rewards per network type"]'));
    // Onboarding fees are burned here: the epoch that registered the devices shows a burn bar.
    const burnBars = page.locator('figure[data-chart^="Emission vs burn"] rect title').filter({ hasText: "burn: " });
    await until("a burn bar", () => burnBars.count(), (n) => n >= 1, 20_000);
    await screenshot(page, "05-charts");
  });

  it("filters the map by network type and status", async () => {
    await page.goto(indexer.explorerUrl!);
    await settledMap();
    const devicesShown = () => page.locator("#map").getAttribute("data-devices");
    await until("the env-sensor option", () => page.locator("#filter-type option[value=env-sensor]").count(), (n) => n === 1, 20_000);
    await page.selectOption("#filter-type", "env-sensor");
    await until("3 env sensors on the map", devicesShown, (d) => d === "3", 20_000);
    await page.selectOption("#filter-status", "2");
    await until("1 inactive env sensor on the map", devicesShown, (d) => d === "1", 20_000);
    await screenshot(page, "06-filtered");
  });

  it("raised no script errors in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
