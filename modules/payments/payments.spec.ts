/** payments against a real in-process app (AppTestKit): credits, receipts from two network types, usage rewards. */
import { AppTestKit, type KitDevice } from "../plugin/test-kit";
import * as q from "../../generated/depin/payments/v1/query";
import { QueryEpochRequest, QueryEpochResponse } from "../../generated/depin/rewards/v1/query";
import { MsgClaimRewardsResponse } from "../../generated/depin/rewards/v1/tx";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { HOME, HOUR_MS, PAYMENTS_OPTIONS } from "./fixtures";
import { buyCredits, creditBalance, netEmission, signReceipt, submitUsage } from "./testing";

async function setup(kit: AppTestKit): Promise<{ meter: KitDevice; sensor: KitDevice }> {
  const [meter, sensor] = await kit.registerDevices([
    { networkType: "energy-meter", metadata: { ratedPowerW: 3600 } },
    { networkType: "env-sensor", metadata: {}, location: HOME },
  ]);
  return { meter: meter!, sensor: sensor! };
}

/** A one-hour service period ending just before the next block. */
function period(kit: AppTestKit, hoursBack = 0n): { periodStartMs: bigint; periodEndMs: bigint } {
  const end = kit.nextBlockTimeMs - 1000n - hoursBack * HOUR_MS;
  return { periodStartMs: end - HOUR_MS, periodEndMs: end };
}

describe("payments: credits, usage receipts, usage rewards", () => {
  it("users buy credits, consume service from two network types; devices earn the usage share; net emission is exact", async () => {
    const kit = await AppTestKit.start(PAYMENTS_OPTIONS);
    try {
      const { meter, sensor } = await setup(kit);
      const supplyBefore = await kit.balance(1);
      expect((await buyCredits(kit, 1, 10_000n)).result.code).toBe(0);
      expect((await buyCredits(kit, 2, 1_000n)).result.code).toBe(0);
      expect(await kit.balance(1)).toBeLessThan(supplyBefore - 10_000n); // burned + fee
      expect(await creditBalance(kit, 1)).toMatchObject({ balance: "1000", purchased: "1000", burned: "10000", spent: "0" });

      const outcomes = await submitUsage(kit, [
        await signReceipt(kit, { device: meter, user: 1, sequence: 1n, ...period(kit), payload: { deliveredWh: 100 } }),
        await signReceipt(kit, { device: sensor, user: 2, sequence: 1n, ...period(kit), payload: { readings: 12 } }),
      ]);
      expect(outcomes.map((o) => [o.accepted, o.reason, o.units, o.credits, o.networkType])).toEqual([
        [true, "", "100", "200", "energy-meter"],
        [true, "", "12", "60", "env-sensor"],
      ]);
      expect((await creditBalance(kit, 1)).balance).toBe("800");
      expect((await creditBalance(kit, 2)).balance).toBe("40");

      const byDevice = await kit.query("/depin.payments.v1.Query/UsageByDevice", q.QueryUsageByDeviceRequest, { deviceId: meter.id, pagination: undefined }, q.QueryUsageByDeviceResponse);
      expect(byDevice.usage).toEqual([{ subject: meter.id, epoch: 0n, units: "100", credits: "200", receipts: 1n }]);
      const byUser = await kit.query("/depin.payments.v1.Query/UsageByUser", q.QueryUsageByUserRequest, { user: kit.owners[2].address, pagination: undefined }, q.QueryUsageByUserResponse);
      expect(byUser.usage).toEqual([{ subject: kit.owners[2].address, epoch: 0n, units: "12", credits: "60", receipts: 1n }]);
      const byEpoch = await kit.query("/depin.payments.v1.Query/UsageByEpoch", q.QueryUsageByEpochRequest, { epoch: 0n, pagination: { key: new Uint8Array(), offset: 0n, limit: 1n, countTotal: true, reverse: false } }, q.QueryUsageByEpochResponse);
      expect(byEpoch.usage.map((u) => u.subject)).toEqual(["energy-meter"]);
      expect(byEpoch.pagination?.total).toBe(2n);
      const open = await netEmission(kit, 0n);
      expect(open).toMatchObject({ closed: false, minted: "0", burned: "11000", net: "-11000" });

      await kit.advanceToNextEpoch();
      // meter: 3/4 of 1,000,000 = 750,000, half usage (375,000), proof half carried (no proofs);
      // sensor: 1/4 = 250,000, all usage. Each device is the only usage earner of its type.
      expect(await kit.pendingRewards(meter)).toBe(375_000n);
      expect(await kit.pendingRewards(sensor)).toBe(250_000n);
      const summary = (await kit.query("/depin.rewards.v1.Query/Epoch", QueryEpochRequest, { epoch: 0n }, QueryEpochResponse)).summary!;
      expect(summary.pools.map((p) => [p.networkType, p.pool, p.usagePool, p.usageUnits])).toEqual([
        ["energy-meter", "0", "375000", "100"],
        ["env-sensor", "0", "250000", "12"],
      ]);
      expect(summary).toMatchObject({ distributed: "625000", remainderCarried: "375000", burned: "11000", netEmission: "989000" });
      const closed = await netEmission(kit, 0n);
      expect(closed).toMatchObject({ closed: true, minted: "1000000", burned: "11000", net: "989000" });
      expect(BigInt(closed.supplyEnd) - BigInt(closed.supplyStart)).toBe(989_000n);
      const totals = (await kit.query("/depin.payments.v1.Query/BurnTotals", q.QueryBurnTotalsRequest, {}, q.QueryBurnTotalsResponse)).totals!;
      expect(totals).toEqual({ creditsBurned: "11000", onboardingBurned: "0", totalBurned: "11000", creditsMinted: "1100", creditsSpent: "260" });

      const claim = await kit.claim(0);
      expect(claim.result.code).toBe(0);
      const claimed = MsgClaimRewardsResponse.decode(TxMsgData.decode(claim.result.data).msgResponses[0]!.value);
      expect(claimed.amount).toEqual({ denom: "ufield", amount: "625000" });
      expect(kit.invariants()).toEqual([]);
    } finally {
      await kit.close();
    }
  });

  it("rejects forged, replayed, over-capacity and unpaid receipts with their reason codes, without charging", async () => {
    const kit = await AppTestKit.start(PAYMENTS_OPTIONS);
    try {
      const { meter, sensor } = await setup(kit);
      await buyCredits(kit, 1, 10_000n); // 1000 credits
      const ok = await signReceipt(kit, { device: meter, user: 1, sequence: 1n, ...period(kit, 3n), payload: { deliveredWh: 10 } });
      const noUserSig = { ...(await signReceipt(kit, { device: meter, user: 1, sequence: 2n, ...period(kit, 2n), payload: { deliveredWh: 10 } })), userSignature: new Uint8Array() };
      const otherKey = await signReceipt(kit, { device: meter, user: 2, sequence: 3n, ...period(kit, 2n), payload: { deliveredWh: 10 } });
      const wrongSig = { ...(await signReceipt(kit, { device: meter, user: 1, sequence: 4n, ...period(kit, 2n), payload: { deliveredWh: 10 } })), userSignature: otherKey.userSignature };
      const keyMismatch = { ...otherKey, user: kit.owners[1].address };
      const tampered = { ...(await signReceipt(kit, { device: meter, user: 1, sequence: 5n, ...period(kit, 2n), payload: { deliveredWh: 10 } })), payload: Buffer.from('{"deliveredWh":9999}') };
      const overCapacity = await signReceipt(kit, { device: meter, user: 1, sequence: 6n, ...period(kit, 1n), payload: { deliveredWh: 3601 } });
      const sensorOver = await signReceipt(kit, { device: sensor, user: 1, sequence: 1n, ...period(kit), payload: { readings: 14 } });
      const noCredits = await signReceipt(kit, { device: sensor, user: 2, sequence: 2n, ...period(kit), payload: { readings: 1 } });
      const capped = await signReceipt(kit, { device: meter, user: 1, sequence: 7n, ...period(kit), payload: { deliveredWh: 10 }, maxCredits: 19n });
      const outcomes = await submitUsage(kit, [ok, noUserSig, wrongSig, keyMismatch, tampered, overCapacity, sensorOver, noCredits, capped, ok]);
      expect(outcomes.map((o) => o.reason)).toEqual([
        "",
        "USER_SIGNATURE_MISSING",
        "BAD_USER_SIGNATURE",
        "USER_KEY_MISMATCH",
        "BAD_DEVICE_SIGNATURE",
        "EXCEEDS_CAPACITY",
        "EXCEEDS_CAPACITY",
        "INSUFFICIENT_CREDITS",
        "PRICE_ABOVE_MAX",
        "RECEIPT_REPLAYED",
      ]);
      expect(outcomes.filter((o) => !o.accepted).every((o) => o.credits === "0" && o.units === "0")).toBe(true);
      expect((await creditBalance(kit, 1)).balance).toBe("980");
      expect((await creditBalance(kit, 2)).balance).toBe("0");
      // The replayed receipt is rejected in a later block too; an overlapping meter period as well.
      const again = await submitUsage(kit, [ok, await signReceipt(kit, { device: meter, user: 1, sequence: 20n, ...period(kit, 3n), payload: { deliveredWh: 1 } })]);
      expect(again.map((o) => o.reason)).toEqual(["RECEIPT_REPLAYED", "PERIOD_OVERLAP"]);

      // Malformed receipts fail the whole tx with a typed error.
      const short = { ...ok, sequence: 30n, deviceSignature: ok.deviceSignature.subarray(1) };
      const { result } = await kit.deliver([{ typeUrl: "/depin.payments.v1.MsgSubmitUsage", value: { submitter: kit.owners[0].address, receipts: [short] } }]);
      expect(`${result.codespace}/${result.code}`).toBe("payments/13");
      expect(kit.invariants()).toEqual([]);
    } finally {
      await kit.close();
    }
  });

  it("delegation: an app server pays for its user's receipts up to the allowance, until revoked", async () => {
    const kit = await AppTestKit.start(PAYMENTS_OPTIONS);
    try {
      const { meter } = await setup(kit);
      const { delegateCredits } = await import("./testing");
      await buyCredits(kit, 3, 10_000n); // app server: 1000 credits
      const r1 = await signReceipt(kit, { device: meter, user: 2, payer: 3, sequence: 1n, ...period(kit, 4n), payload: { deliveredWh: 10 } });
      expect((await submitUsage(kit, [r1]))[0]!.reason).toBe("DELEGATION_NOT_FOUND");
      expect((await delegateCredits(kit, 3, 2, 50n)).result.code).toBe(0);
      const r2 = await signReceipt(kit, { device: meter, user: 2, payer: 3, sequence: 2n, ...period(kit, 3n), payload: { deliveredWh: 100 } });
      const r3 = await signReceipt(kit, { device: meter, user: 2, payer: 3, sequence: 3n, ...period(kit, 2n), payload: { deliveredWh: 20 } });
      const [exceeded, paid] = await submitUsage(kit, [r2, r3]);
      expect(exceeded).toMatchObject({ accepted: false, reason: "DELEGATION_EXCEEDED" });
      expect(paid).toMatchObject({ accepted: true, credits: "40", payer: kit.owners[3].address, user: kit.owners[2].address });
      expect((await creditBalance(kit, 3)).balance).toBe("960");
      const d = await kit.query("/depin.payments.v1.Query/Delegation", q.QueryDelegationRequest, { granter: kit.owners[3].address, grantee: kit.owners[2].address }, q.QueryDelegationResponse);
      expect(d.delegation).toMatchObject({ remaining: "10", spent: "40" });
      const revoke = { typeUrl: "/depin.payments.v1.MsgRevokeCreditDelegation", value: { granter: kit.owners[3].address, grantee: kit.owners[2].address } };
      expect((await kit.deliver([revoke], 3)).result.code).toBe(0);
      expect(`${(await kit.deliver([revoke], 3)).result.codespace}/${(await kit.deliver([revoke], 3)).result.code}`).toBe("payments/10");
      expect(kit.invariants()).toEqual([]);
    } finally {
      await kit.close();
    }
  });

  it("pricing: fixed rate, USD peg from the authority's feed, stale feed and typed purchase errors", async () => {
    const kit = await AppTestKit.start(PAYMENTS_OPTIONS);
    try {
      const code = async (o: Promise<{ result: { codespace: string; code: number } }>) => {
        const { result } = await o;
        return `${result.codespace}/${result.code}`;
      };
      const { buyCreditsMsg } = await import("./testing");
      expect(await code(kit.deliver([{ ...buyCreditsMsg(kit, 1, 100n), value: { ...buyCreditsMsg(kit, 1, 100n).value, amount: { denom: "uother", amount: "100" } } }], 1))).toBe("payments/3");
      expect(await code(buyCredits(kit, 1, 9n))).toBe("payments/7"); // 9 ufield buy 0 credits
      expect(await code(buyCredits(kit, 1, 100n, "11"))).toBe("payments/8");
      expect(await code(buyCredits(kit, 1, 10n ** 18n))).toBe("sdk/5");

      const params = (await kit.query("/depin.payments.v1.Query/Params", q.QueryParamsRequest, {}, q.QueryParamsResponse)).params!;
      const update = { typeUrl: "/depin.payments.v1.MsgUpdateParams", value: { authority: kit.owners[0].address, params: { ...params, pricingMode: 2, maxPriceAgeBlocks: 3n } } };
      expect(await code(kit.deliver([{ ...update, value: { ...update.value, authority: kit.owners[1].address } }], 1))).toBe("registry/2"); // not the authority
      expect(await code(kit.deliver([update], 0))).toBe("/0");
      expect(await code(buyCredits(kit, 1, 1000n))).toBe("payments/5");
      // 1 FIELD (1e6 ufield) = $2.50 = 2.5e9 nano-USD; a credit costs $0.00001 = 10,000 nano-USD.
      const feed = { typeUrl: "/depin.payments.v1.MsgUpdatePriceFeed", value: { authority: kit.owners[0].address, nanoUsd: "2500000000", baseUnits: "1000000", source: "test" } };
      expect(await code(kit.deliver([feed], 0))).toBe("/0");
      const price = await kit.query("/depin.payments.v1.Query/Price", q.QueryPriceRequest, {}, q.QueryPriceResponse);
      expect(price).toMatchObject({ pricingMode: 2, stale: false, rate: { credits: "2500000000", baseUnits: "10000000000" } });
      expect(await code(buyCredits(kit, 1, 1_000_000n))).toBe("/0");
      expect((await creditBalance(kit, 1)).balance).toBe("250000");
      await kit.advanceBlocks(4);
      expect(await code(buyCredits(kit, 1, 1_000_000n))).toBe("payments/6");
      expect(kit.invariants()).toEqual([]);
    } finally {
      await kit.close();
    }
  });
});
