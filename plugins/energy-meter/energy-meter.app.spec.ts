/** energy-meter against a real in-process app through the plugin test kit. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppTestKit, type AppTestKitOptions } from "../../modules/plugin/test-kit";
import { energyMeter } from "./index";

const OPTIONS: AppTestKitOptions = {
  plugins: [energyMeter],
  networkTypes: [{ plugin: "energy-meter", params: { minIntervalSeconds: 60, maxClockSkewSeconds: 30 } }],
  depin: { rewards: { epochLengthBlocks: 10, initialEmissionPerEpoch: "1000000" } },
};

describe("energy-meter in an app (test kit)", () => {
  it("baseline, then units = Wh delivered; rejections with their reason and no reward", async () => {
    const kit = await AppTestKit.start(OPTIONS);
    try {
      const meter = await kit.registerDevice({ networkType: "energy-meter", metadata: { ratedPowerW: 3600 } });
      const t = Number(kit.nextBlockTimeMs / 1000n);
      expect((await kit.submitProofs([{ device: meter, payload: { counterWh: 1000, readAt: t - 600 } }]))[0]).toMatchObject({ accepted: true, units: "0", reason: "BASELINE" });
      const [backwards] = await kit.submitProofs([{ device: meter, payload: { counterWh: 999, readAt: t - 300 } }]);
      expect(backwards).toMatchObject({ accepted: false, reason: "COUNTER_BACKWARDS", units: "0" });
      const [tooMuch] = await kit.submitProofs([{ device: meter, payload: { counterWh: 1000 + 601, readAt: t - 300 } }]);
      expect(tooMuch.reason).toBe("EXCEEDS_RATED_POWER");
      const [ok] = await kit.submitProofs([{ device: meter, payload: { counterWh: 1250, readAt: t } }]);
      expect(ok).toMatchObject({ accepted: true, units: "250" });
      await kit.advanceToNextEpoch();
      expect(await kit.pendingRewards(meter)).toBe(1000000n);
      expect(kit.invariants()).toEqual([]);
    } finally {
      await kit.close();
    }
  });

  it("runs on a file-backed store as a node does (home), the latest state on its own thread", async () => {
    const home = mkdtempSync(join(tmpdir(), "kit-home-"));
    const kit = await AppTestKit.start({ ...OPTIONS, home: join(home, "app") });
    try {
      const meter = await kit.registerDevice({ networkType: "energy-meter", metadata: { ratedPowerW: 3600 } });
      const t = Number(kit.nextBlockTimeMs / 1000n);
      await kit.submitProofs([{ device: meter, payload: { counterWh: 1000, readAt: t - 600 } }]);
      const [ok] = await kit.submitProofs([{ device: meter, payload: { counterWh: 1250, readAt: t } }]);
      expect(ok).toMatchObject({ accepted: true, units: "250" });
      await kit.advanceToNextEpoch();
      expect(await kit.pendingRewards(meter)).toBe(1000000n);
      expect(kit.invariants()).toEqual([]);
      expect(existsSync(join(home, "app", "application.db-latest"))).toBe(true);
    } finally {
      await kit.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
