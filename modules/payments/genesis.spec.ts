/** Export → import of the payments and rewards sections after usage: the same state, invariants hold. */
import { createApp } from "../app/app";
import { TestChain } from "../app/testing/test-chain";
import { AppTestKit } from "../plugin/test-kit";
import { HOME, HOUR_MS, PAYMENTS_OPTIONS } from "./fixtures";
import { buyCredits, delegateCredits, signReceipt, submitUsage } from "./testing";

describe("payments genesis", () => {
  it("round-trips credits, delegations, receipt state, usage records and the rewards usage share", async () => {
    const kit = await AppTestKit.start(PAYMENTS_OPTIONS);
    let exported: Record<string, unknown>;
    try {
      const [meter, sensor] = await kit.registerDevices([
        { networkType: "energy-meter", metadata: { ratedPowerW: 3600 } },
        { networkType: "env-sensor", metadata: {}, location: HOME },
      ]);
      await buyCredits(kit, 1, 10_000n);
      await delegateCredits(kit, 1, 2, 500n);
      const end = kit.nextBlockTimeMs - 1000n;
      await submitUsage(kit, [
        await signReceipt(kit, { device: meter!, user: 1, sequence: 1n, periodStartMs: end - HOUR_MS, periodEndMs: end, payload: { deliveredWh: 10 } }),
        await signReceipt(kit, { device: sensor!, user: 2, payer: 1, sequence: 1n, periodStartMs: end - HOUR_MS, periodEndMs: end, payload: { readings: 2 } }),
      ]);
      await kit.advanceToNextEpoch(); // closed epoch with unsettled usage units
      await submitUsage(kit, [await signReceipt(kit, { device: meter!, user: 1, sequence: 2n, periodStartMs: end, periodEndMs: end + 1000n, payload: { deliveredWh: 1 } })]);
      exported = kit.app.exportGenesis();
    } finally {
      await kit.close();
    }
    const app = createApp(kit.config, { home: ":memory:" });
    try {
      const chain = await TestChain.start(app, { chainId: kit.config.chainId, appState: exported, genesisTimeMs: kit.nextBlockTimeMs });
      await chain.deliver(); // InitChain state is committed with the first block
      const again = app.exportGenesis();
      expect(again["payments"]).toEqual(exported["payments"]);
      expect(again["rewards"]).toEqual(exported["rewards"]);
      expect((exported["payments"] as { accounts: unknown[] }).accounts.length).toBe(1);
      expect(app.checkInvariants()).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
