/**
 * A seeded randomized run (credit purchases, delegations, honest / forged / over-capacity /
 * unpaid receipts of two network types, proofs, claims across epochs) on two app instances: every
 * invariant holds after every block, the app hashes and verdicts are identical, and each epoch's
 * supply change equals its emission minus its burns exactly.
 */
import { AppTestKit, type KitDevice } from "../plugin/test-kit";
import { HOME, PAYMENTS_OPTIONS } from "./fixtures";
import { buyCreditsMsg, delegateCredits, netEmission, signReceipt, submitUsage } from "./testing";

/** mulberry32: a small seeded PRNG (test input only, never chain state). */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

const MINUTE = 60_000n;
// Onboarding fees burned too: net emission must count every burn of the denom, not only credit purchases.
const OPTIONS = { ...PAYMENTS_OPTIONS, depin: { ...PAYMENTS_OPTIONS.depin, registry: { onboardingFee: "1000", onboardingFeeDestination: "burn" as const } } };

async function randomRun(kit: AppTestKit, seed: number): Promise<unknown[]> {
  const rnd = prng(seed);
  const verdicts: unknown[] = [];
  const [meter, sensor] = (await kit.registerDevices([
    { networkType: "energy-meter", metadata: { ratedPowerW: 3600 }, owner: 0 },
    { networkType: "env-sensor", metadata: {}, location: HOME, owner: 3 },
  ])) as [KitDevice, KitDevice];
  const cursor = new Map<string, bigint>([[meter.id, kit.nextBlockTimeMs - 12n * 60n * MINUTE], [sensor.id, kit.nextBlockTimeMs - 12n * 60n * MINUTE]]);
  const sequence = new Map<string, bigint>([[meter.id, 0n], [sensor.id, 0n]]);
  let counter = 1000;
  await kit.submitProofs([{ device: meter, payload: { counterWh: counter, readAt: Number(kit.nextBlockTimeMs / 1000n) - 120 } }]);
  expect(kit.invariants()).toEqual([]);
  for (let step = 0; step < 36; step++) {
    const op = rnd(5);
    if (op === 0) {
      const buyer = 1 + rnd(3);
      const { result } = await kit.deliver([buyCreditsMsg(kit, buyer, BigInt(rnd(3000)) + 5n)], buyer);
      verdicts.push(["buy", result.code, result.codespace]);
    } else if (op === 1) {
      const { result } = await delegateCredits(kit, 3, 1 + rnd(2), BigInt(1 + rnd(400)));
      verdicts.push(["delegate", result.code]);
    } else if (op === 2) {
      counter += rnd(40);
      const [outcome] = await kit.submitProofs([{ device: meter, payload: { counterWh: counter, readAt: Number(kit.nextBlockTimeMs / 1000n) } }]);
      verdicts.push(["proof", outcome!.accepted, outcome!.units]);
    } else if (op === 3 && rnd(2) === 0) {
      const { result } = await kit.claim(0);
      verdicts.push(["claim", result.code]);
    } else {
      const receipts = [];
      for (let i = 0, n = 1 + rnd(4); i < n; i++) {
        const device = rnd(2) === 0 ? meter : sensor;
        const start = cursor.get(device.id)!;
        cursor.set(device.id, start + MINUTE);
        const seq = sequence.get(device.id)! + 1n;
        sequence.set(device.id, seq);
        const user = 1 + rnd(3);
        const payload = device === meter ? { deliveredWh: rnd(70) } : { readings: 1 + rnd(2) };
        const receipt = await signReceipt(kit, { device, user, payer: user !== 3 && rnd(3) === 0 ? 3 : undefined, sequence: seq, periodStartMs: start, periodEndMs: start + MINUTE, payload });
        receipts.push(rnd(8) === 0 ? { ...receipt, userSignature: new Uint8Array() } : receipt);
      }
      if (rnd(6) === 0) receipts.push(receipts[0]!); // a replay in the same batch
      const outcomes = await submitUsage(kit, receipts, rnd(4));
      verdicts.push(["usage", outcomes.map((o) => `${o.reason || "OK"}:${o.units}:${o.credits}`)]);
    }
    expect(kit.invariants()).toEqual([]);
  }
  // A device registered mid-run burns its onboarding fee inside an epoch.
  await kit.registerDevice({ networkType: "energy-meter", metadata: { ratedPowerW: 100 }, owner: 1 });
  await kit.advanceToNextEpoch();
  expect(kit.invariants()).toEqual([]);
  // Σ over closed epochs of (minted - burned) == supply change since genesis, exactly.
  let epoch = 0n;
  let net = 0n;
  let first: bigint | undefined;
  let last = 0n;
  for (;;) {
    const e = await netEmission(kit, epoch);
    if (!e.closed) break;
    first ??= BigInt(e.supplyStart);
    last = BigInt(e.supplyEnd);
    net += BigInt(e.net);
    epoch++;
  }
  expect(epoch).toBeGreaterThan(2n);
  expect(last - first!).toBe(net);
  verdicts.push(["net", net]);
  return verdicts;
}

describe("payments invariants under a randomized run", () => {
  it("hold after every block, and two app instances agree on every app hash and verdict", async () => {
    const { result, appHashes } = await AppTestKit.checkDeterminism(OPTIONS, (kit) => randomRun(kit, 20261125));
    expect(appHashes.length).toBeGreaterThan(30);
    const usage = (result as Array<[string, unknown]>).filter(([kind]) => kind === "usage").flatMap(([, o]) => o as string[]);
    // The seed exercises acceptances and the main rejection reasons.
    expect(usage.some((o) => o.startsWith("OK"))).toBe(true);
    for (const reason of ["USER_SIGNATURE_MISSING", "EXCEEDS_CAPACITY", "INSUFFICIENT_CREDITS", "RECEIPT_REPLAYED"]) expect(usage.some((o) => o.startsWith(reason))).toBe(true);
  });
});
