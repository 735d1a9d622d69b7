/**
 * The DePIN modules end to end in-process (real app, ABCI through TestChain, cosmjs-signed txs):
 * 100+ devices of both types over several epochs, claims, invariants, every rejection of issue 3
 * with its own code, and determinism across two app instances.
 */
import * as h3 from "h3-js";
import { AppTestKit, type AppTestKitOptions, type KitDevice } from "../plugin/test-kit";
import { energyMeter } from "../../plugins/energy-meter";
import { envSensor } from "../../plugins/env-sensor";
import { MsgTransferDevice, MsgUpdateDevice, MsgDeactivateDevice } from "../../generated/depin/registry/v1/tx";
import { QueryEpochRequest, QueryEpochResponse } from "../../generated/depin/rewards/v1/query";
import { QueryRecentOutcomesRequest, QueryRecentOutcomesResponse } from "../../generated/depin/proofs/v1/query";
import { QueryDevicesByOwnerRequest, QueryDevicesByOwnerResponse } from "../../generated/depin/registry/v1/query";

const ENV_PARAMS = {
  minIntervalSeconds: 300,
  maxClockSkewSeconds: 30,
  ranges: { temperature_cC: { min: -4000, max: 6000 }, humidity_pBP: { min: 0, max: 10000 } },
  neighbourhood: { resolution: 8, ringSize: 1, maxReadingsPerCell: 32, maxAgeSeconds: 3600 },
  outlier: { minSamples: 3, madMultiplier: 3, minMad: { temperature_cC: 50, humidity_pBP: 100 }, penaltyPerMetric: 50 },
};

const OPTIONS: AppTestKitOptions = {
  plugins: [energyMeter, envSensor],
  networkTypes: [
    { plugin: "energy-meter", weight: 3, params: { minIntervalSeconds: 60, maxClockSkewSeconds: 30 } },
    { plugin: "env-sensor", weight: 1, params: ENV_PARAMS },
  ],
  depin: { rewards: { epochLengthBlocks: 8, initialEmissionPerEpoch: "1000003", decayNumerator: 1, decayDenominator: 2, decayIntervalEpochs: 2 }, registry: { onboardingFee: "1000" } },
  owners: 4,
};

const BERLIN = (i: number) => h3.latLngToCell(52.52 + (i % 5) * 0.001, 13.405 + Math.floor(i / 5) * 0.001, 12);

function secs(kit: AppTestKit): number {
  return Number(kit.nextBlockTimeMs / 1000n);
}

describe("DePIN modules (in-process app)", () => {
  it("runs 120 devices of both types over several epochs; claims pay exactly what was settled; invariants hold", async () => {
    const kit = await AppTestKit.start(OPTIONS);
    try {
      const meters = await kit.registerDevices(Array.from({ length: 60 }, (_, i) => ({ networkType: "energy-meter", metadata: { ratedPowerW: 5000 }, owner: i % 3 })));
      const sensors = await kit.registerDevices(Array.from({ length: 60 }, (_, i) => ({ networkType: "env-sensor", metadata: {}, location: BERLIN(i), owner: 1 + (i % 3) })));
      const counters = new Map<string, number>(meters.map((m) => [m.id, 1000]));
      let accepted = 0;
      let lastEpoch = 0n;
      for (let round = 0; round < 4; round++) {
        const t = secs(kit);
        const proofs = [
          ...meters.map((m, i) => ({ device: m, payload: { counterWh: (counters.get(m.id) ?? 0) + round * (10 + i), readAt: t } })),
          ...sensors.map((s, i) => ({ device: s, payload: { readAt: t, metrics: { temperature_cC: 2000 + (i % 7), humidity_pBP: 5000 } } })),
        ];
        for (let i = 0; i < proofs.length; i += 100) {
          const outcomes = await kit.submitProofs(proofs.slice(i, i + 100));
          accepted += outcomes.filter((o) => o.accepted).length;
          lastEpoch = outcomes[0].epoch;
        }
        if (round < 3) await kit.advanceBlocks(300); // past minIntervalSeconds
        expect(kit.invariants()).toEqual([]);
      }
      expect(accepted).toBe(480);
      await kit.advanceToNextEpoch();
      const summary = (await kit.query("/depin.rewards.v1.Query/Epoch", QueryEpochRequest, { epoch: lastEpoch }, QueryEpochResponse)).summary!;
      expect(summary.pools.map((p) => p.networkType)).toEqual(["energy-meter", "env-sensor"]);

      const before = await kit.balance(1);
      const pendingOwner1 = (await Promise.all([...meters, ...sensors].filter((d) => d.owner === 1).map((d) => kit.pendingRewards(d)))).reduce((a, b) => a + b, 0n);
      expect(pendingOwner1).toBeGreaterThan(0n);
      const claim = await kit.claim(1);
      expect(claim.result.code).toBe(0);
      const fee = 1_250_000n; // 50M gas * 0.025
      expect((await kit.balance(1)) - before + fee).toBe(pendingOwner1);
      expect(kit.invariants()).toEqual([]);
      // Claiming again pays nothing and fails nothing.
      expect((await kit.claim(1)).result.code).toBe(0);
    } finally {
      await kit.close();
    }
  });

  it("rejects each bad proof with its own reason, no reward, and the batch still succeeds", async () => {
    const kit = await AppTestKit.start(OPTIONS);
    try {
      const [meter, meter2, deactivated] = await kit.registerDevices([0, 1, 2].map(() => ({ networkType: "energy-meter", metadata: { ratedPowerW: 3600 } })));
      const sensor = await kit.registerDevice({ networkType: "env-sensor", metadata: {}, location: BERLIN(0) });
      expect((await kit.deliver([{ typeUrl: "/depin.registry.v1.MsgDeactivateDevice", value: MsgDeactivateDevice.fromPartial({ owner: kit.owners[0].address, deviceId: deactivated.id }) }])).result.code).toBe(0);
      const t = secs(kit);
      await kit.submitProofs([{ device: meter, payload: { counterWh: 100, readAt: t - 1000 } }, { device: sensor, payload: { readAt: t - 1000, metrics: { temperature_cC: 2000 } } }]);

      const good = kit.signProof({ device: meter, payload: { counterWh: 200, readAt: t - 600 } });
      const forged = { ...kit.signProof({ device: meter2, payload: { counterWh: 1, readAt: t } }), signature: new Uint8Array(64).fill(7) };
      const stranger: KitDevice = { id: kit.newDeviceSigner().id, signer: kit.newDeviceSigner(), networkType: "energy-meter", owner: 0 };
      const outcomes = await kit.submitProofs([
        good,
        good, // replay
        forged,
        kit.signProof({ device: meter2, payload: { counterWh: 1, readAt: t }, networkType: "env-sensor" }),
        kit.signProof({ device: meter2, payload: { counterWh: -5, readAt: t } }),
        kit.signProof({ device: meter2, payload: { counterWh: 1, readAt: t }, timestampMs: kit.nextBlockTimeMs - 3_600_000n }),
        kit.signProof({ device: stranger, payload: { counterWh: 1, readAt: t } }),
        kit.signProof({ device: deactivated, payload: { counterWh: 1, readAt: t } }),
        kit.signProof({ device: meter, payload: { counterWh: 150, readAt: t - 500 } }),
        kit.signProof({ device: meter, payload: { counterWh: 100000, readAt: t - 400 } }),
        kit.signProof({ device: sensor, payload: { readAt: t - 600, metrics: { temperature_cC: 9000 } } }),
        kit.signProof({ device: sensor, payload: { readAt: t - 950, metrics: { temperature_cC: 2000 } } }),
      ]);
      expect(outcomes.map((o) => [o.accepted, o.reason])).toEqual([
        [true, ""],
        [false, "SEQUENCE_NOT_INCREASING"],
        [false, "BAD_SIGNATURE"],
        [false, "WRONG_NETWORK_TYPE"],
        [false, "PAYLOAD_SCHEMA"],
        [false, "TIMESTAMP_OUT_OF_WINDOW"],
        [false, "DEVICE_NOT_FOUND"],
        [false, "DEVICE_INACTIVE"],
        [false, "COUNTER_BACKWARDS"],
        [false, "EXCEEDS_RATED_POWER"],
        [false, "OUT_OF_RANGE"],
        [false, "INTERVAL_TOO_SHORT"],
      ]);
      expect(outcomes.slice(1).every((o) => o.units === "0")).toBe(true);
      // Verdicts are queryable.
      const recent = await kit.query("/depin.proofs.v1.Query/RecentOutcomes", QueryRecentOutcomesRequest, { deviceId: meter.id, pagination: undefined }, QueryRecentOutcomesResponse);
      expect(recent.outcomes[0].reason).toBe("EXCEEDS_RATED_POWER");
      await kit.advanceToNextEpoch();
      for (const d of [meter2, deactivated]) expect(await kit.pendingRewards(d)).toBe(0n);
      expect(kit.invariants()).toEqual([]);
    } finally {
      await kit.close();
    }
  });

  it("rejects registrations without a device signature, invalid metadata and location, and non-owner changes", async () => {
    const kit = await AppTestKit.start(OPTIONS);
    try {
      const signer = kit.newDeviceSigner();
      const code = async (msg: Parameters<AppTestKit["deliver"]>[0][number], owner = 0) => {
        const { result } = await kit.deliver([msg], owner);
        return `${result.codespace}/${result.code}`;
      };
      const noSig = await kit.deliver([kit.registerMsg(signer, { networkType: "energy-meter", metadata: { ratedPowerW: 1 }, withSignature: false })]);
      expect([noSig.checkCode, noSig.result.codespace]).toEqual([11, "registry"]);
      const wrongOwnerSig = kit.registerMsg(signer, { networkType: "energy-meter", metadata: { ratedPowerW: 1 } });
      (wrongOwnerSig.value as { owner: string }).owner = kit.owners[1].address;
      expect(await code(wrongOwnerSig, 1)).toBe("registry/12");
      const badMeta = await kit.deliver([kit.registerMsg(signer, { networkType: "energy-meter", metadata: { ratedPowerW: "1500" } })]);
      expect(badMeta.result.log).toContain("metadata.ratedPowerW: must be integer");
      expect(await code(kit.registerMsg(signer, { networkType: "env-sensor", metadata: {}, location: "8a2a1072b59ffff" }))).toBe("registry/17");
      expect(await code(kit.registerMsg(signer, { networkType: "env-sensor", metadata: {} }))).toBe("registry/19"); // plugin veto: LOCATION_REQUIRED
      expect(await code(kit.registerMsg(signer, { networkType: "no-such-type", metadata: {} }))).toBe("registry/7");
      const device = await kit.registerDevice({ networkType: "energy-meter", metadata: { ratedPowerW: 10 } });
      expect(await code(kit.registerMsg(device.signer, { networkType: "energy-meter", metadata: { ratedPowerW: 10 } }))).toBe("registry/13");
      expect(await code({ typeUrl: "/depin.registry.v1.MsgTransferDevice", value: MsgTransferDevice.fromPartial({ owner: kit.owners[1].address, deviceId: device.id, newOwner: kit.owners[2].address }) }, 1)).toBe("registry/15");
      expect(await code({ typeUrl: "/depin.registry.v1.MsgUpdateDevice", value: MsgUpdateDevice.fromPartial({ owner: kit.owners[1].address, deviceId: device.id, metadataJson: Buffer.from('{"ratedPowerW":20}') }) }, 1)).toBe("registry/15");
      expect(await code({ typeUrl: "/depin.registry.v1.MsgTransferDevice", value: MsgTransferDevice.fromPartial({ owner: kit.owners[0].address, deviceId: device.id, newOwner: kit.owners[2].address }) })).toBe("/0");
      const owned = await kit.query("/depin.registry.v1.Query/DevicesByOwner", QueryDevicesByOwnerRequest, { owner: kit.owners[2].address, pagination: undefined }, QueryDevicesByOwnerResponse);
      expect(owned.devices.map((d) => d.id)).toEqual([device.id]);
      expect(kit.invariants()).toEqual([]);
    } finally {
      await kit.close();
    }
  });

  it("is deterministic across two app instances with proofs and epochs", async () => {
    const { result, appHashes } = await AppTestKit.checkDeterminism(OPTIONS, async (kit) => {
      const meters = await kit.registerDevices(Array.from({ length: 10 }, () => ({ networkType: "energy-meter", metadata: { ratedPowerW: 5000 } })));
      const sensors = await kit.registerDevices(Array.from({ length: 10 }, (_, i) => ({ networkType: "env-sensor", metadata: {}, location: BERLIN(i) })));
      const verdicts: string[] = [];
      for (let round = 0; round < 3; round++) {
        const t = secs(kit);
        const outcomes = await kit.submitProofs([
          ...meters.map((m, i) => ({ device: m, payload: { counterWh: round * 100 + i, readAt: t } })),
          ...sensors.map((s, i) => ({ device: s, payload: { readAt: t, metrics: { temperature_cC: i === 3 ? 3500 : 2000 + i } } })),
        ]);
        verdicts.push(...outcomes.map((o) => `${o.deviceId}:${o.accepted}:${o.units}:${o.reason}:${o.quality}`));
        await kit.advanceToNextEpoch();
        await kit.advanceBlocks(300);
      }
      return verdicts;
    });
    expect(result.length).toBe(60);
    expect(appHashes.length).toBeGreaterThan(900);
  });
});
