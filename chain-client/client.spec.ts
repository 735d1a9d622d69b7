/**
 * Every Msg helper and every query round-trips against the embedded devnet (no mocks), and chain
 * errors come back typed (codespace + code compared against the codes.ts mirror).
 */
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { DeviceStatus } from "../generated/depin/registry/v1/types";
import { DEFAULT_PROOFS_PARAMS } from "../modules/proofs/params";
import { FieldnetClient } from "./client";
import { ProofsErrors, RegistryErrors, RewardsErrors, SdkErrors } from "./codes";
import { DeviceKey, payloads, signProof } from "./device";
import { FieldnetQueryError, FieldnetTxError } from "./errors";
import { collect } from "./pagination";
import type { SigningFieldnetClient } from "./signing-client";
import { nowSeconds, startTestNet, type TestNet } from "./testing";

let net: TestNet;
let owner: SigningFieldnetClient;
let authority: SigningFieldnetClient;
let reader: FieldnetClient;

beforeAll(async () => {
  net = await startTestNet(100);
  authority = await net.signer(0);
  owner = await net.signer(1);
  reader = await FieldnetClient.connect(net.devnet.rpcUrl);
}, 30_000);

afterAll(async () => {
  reader?.disconnect();
  await net?.stop();
});

async function expectTxError(run: Promise<unknown>, code: { codespace: string; code: number }): Promise<FieldnetTxError> {
  const error = await run.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(FieldnetTxError);
  const e = error as FieldnetTxError;
  expect({ codespace: e.codespace, code: e.code }).toEqual({ codespace: code.codespace, code: code.code });
  expect(e.is(code as never)).toBe(true);
  return e;
}

describe("FieldnetClient against the devnet", () => {
  it("registers, updates, transfers and deactivates devices; queries them back, paginated", async () => {
    const meterKeys = [DeviceKey.generate(), DeviceKey.generate("secp256k1"), DeviceKey.generate()];
    const ids: string[] = [];
    for (const key of meterKeys) {
      const { response, tx } = await owner.registerDevice({ key, networkType: "energy-meter", metadata: { ratedPowerW: 5000, model: "m1" } });
      expect(tx.code).toBe(0);
      expect(response.deviceId).toBe(key.id);
      ids.push(response.deviceId);
    }
    const device = await reader.depin.registry.device(ids[1]);
    expect(device).toMatchObject({ id: ids[1], owner: owner.sender, networkType: "energy-meter", keyType: 2, status: DeviceStatus.DEVICE_STATUS_ACTIVE });
    expect(await reader.depin.registry.device("00".repeat(20))).toBeUndefined();

    const mine = await collect(reader.depin.registry.allDevicesByOwner(owner.sender, { pageSize: 2 }));
    expect(mine.map((d) => d.id).sort()).toEqual([...ids].sort());
    const byType = await collect(reader.depin.registry.allDevicesByNetworkType("energy-meter", { pageSize: 1 }));
    expect(byType.length).toBeGreaterThanOrEqual(3);
    const active = await collect(reader.depin.registry.allDevicesByStatus(DeviceStatus.DEVICE_STATUS_ACTIVE));
    expect(active.map((d) => d.id)).toEqual(expect.arrayContaining(ids));

    await owner.updateDevice(ids[0], { metadata: { ratedPowerW: 7000 } });
    expect(JSON.parse(Buffer.from((await reader.depin.registry.device(ids[0]))!.metadataJson).toString())).toEqual({ ratedPowerW: 7000 });

    await owner.transferDevice(ids[2], authority.sender);
    expect((await reader.depin.registry.device(ids[2]))!.owner).toBe(authority.sender);

    await owner.deactivateDevice(ids[0]);
    expect((await reader.depin.registry.device(ids[0]))!.status).toBe(DeviceStatus.DEVICE_STATUS_INACTIVE);
    const inactive = await collect(reader.depin.registry.allDevicesByStatus(DeviceStatus.DEVICE_STATUS_INACTIVE));
    expect(inactive.map((d) => d.id)).toContain(ids[0]);

    // Typed rejections.
    await expectTxError(owner.registerDevice({ key: meterKeys[1], networkType: "energy-meter", metadata: { ratedPowerW: 1 } }), RegistryErrors.DeviceExists);
    await expectTxError(owner.transferDevice(ids[2], net.devnet.accounts[3].address), RegistryErrors.NotOwner);
    await expectTxError(owner.registerDevice({ key: DeviceKey.generate(), networkType: "energy-meter", metadata: { ratedPowerW: "lots" } }), RegistryErrors.InvalidMetadata);
  });

  it("submits proofs and reads outcomes, last proof state and recent outcomes", async () => {
    const key = DeviceKey.generate();
    await owner.registerDevice({ key, networkType: "energy-meter", metadata: { ratedPowerW: 3600 } });
    const chainId = await owner.getChainId();
    const t = nowSeconds();
    const proofs = [
      signProof(key, { chainId, sequence: 1, payload: payloads.energyMeter({ counterWh: 1000, readAt: t - 1200 }) }),
      signProof(key, { chainId, sequence: 2, payload: payloads.energyMeter({ counterWh: 1500, readAt: t - 600 }) }),
      { ...signProof(key, { chainId, sequence: 3, payload: payloads.energyMeter({ counterWh: 1600, readAt: t }) }), signature: new Uint8Array(64).fill(1) },
    ];
    const { response } = await owner.submitProofs(proofs);
    expect(response.outcomes.map((o) => [o.accepted, o.reason, o.units])).toEqual([
      [true, "BASELINE", "0"],
      [true, "", "500"],
      [false, "BAD_SIGNATURE", "0"],
    ]);
    expect((await reader.depin.proofs.outcome(key.id, 2))!.units).toBe("500");
    expect(await reader.depin.proofs.outcome(key.id, 99)).toBeUndefined();
    const state = await reader.depin.proofs.lastProof(key.id);
    expect(state.lastSequence).toBe(2n);
    expect(state.acceptedCount).toBe(2n);
    const recent = await collect(reader.depin.proofs.allRecentOutcomes(key.id, { pageSize: 1 }));
    expect(recent.map((o) => [o.sequence, o.reason])).toEqual([[3n, "BAD_SIGNATURE"], [2n, ""], [1n, "BASELINE"]]);
    expect(await reader.depin.proofs.params()).toEqual(DEFAULT_PROOFS_PARAMS);
    // The payload builder refuses a schema-invalid payload before signing.
    expect(() => payloads.energyMeter({ counterWh: -1, readAt: t })).toThrow(/counterWh/);
    await expectTxError(owner.submitProofs([]), ProofsErrors.EmptyBatch);
  });

  it("reads registry/rewards params, network types, epochs; claims rewards", async () => {
    expect((await reader.depin.registry.params()).onboardingFee).toEqual({ denom: "ufield", amount: "1000000" });
    expect((await reader.depin.registry.networkType("energy-meter"))!.enabled).toBe(true);
    expect(await reader.depin.registry.networkType("nope")).toBeUndefined();
    expect((await collect(reader.depin.registry.allNetworkTypes({ pageSize: 1 }))).map((n) => n.name)).toEqual(["energy-meter", "env-sensor"]);
    const rewardsParams = await reader.depin.rewards.params();
    expect(rewardsParams.denom).toBe("ufield");
    const current = await reader.depin.rewards.currentEpoch();
    expect(current.endHeight).toBeGreaterThan(0n);
    expect(await reader.depin.rewards.epoch(10_000)).toBeUndefined();
    const mine = await collect(reader.depin.registry.allDevicesByOwner(owner.sender));
    const pending = await reader.depin.rewards.pendingRewards(mine[0].id);
    expect(pending.pending?.denom ?? "ufield").toBe("ufield");
    const rewards = await collect(reader.depin.rewards.allPendingRewardsByOwner(owner.sender));
    expect(Array.isArray(rewards)).toBe(true);
    expect((await reader.depin.rewards.pendingRewardsTotal(owner.sender))?.denom ?? "ufield").toBe("ufield");
    const { response } = await owner.claimRewards();
    expect(Array.isArray(response.claims)).toBe(true);
    await expectTxError(owner.claimRewards(["ab".repeat(20)]), RewardsErrors.DeviceNotFound);
  });

  it("authority messages: disable/enable a network type, update params; others get registry/2", async () => {
    await expectTxError(owner.disableNetworkType("env-sensor"), RegistryErrors.UnauthorizedAuthority);
    await authority.disableNetworkType("env-sensor");
    expect((await reader.depin.registry.networkType("env-sensor"))!.enabled).toBe(false);
    const nt = (await reader.depin.registry.networkType("env-sensor"))!;
    await authority.enableNetworkType({ name: "env-sensor", plugin: nt.plugin, pluginVersion: nt.pluginVersion, params: JSON.parse(Buffer.from(nt.paramsJson).toString()) });
    expect((await reader.depin.registry.networkType("env-sensor"))!.enabled).toBe(true);

    const registryParams = await reader.depin.registry.params();
    await authority.updateRegistryParams({ ...registryParams, maxMetadataBytes: registryParams.maxMetadataBytes + 1 });
    expect((await reader.depin.registry.params()).maxMetadataBytes).toBe(registryParams.maxMetadataBytes + 1);
    const proofsParams = await reader.depin.proofs.params();
    await authority.updateProofsParams({ ...proofsParams, outcomeHistoryPerDevice: 40 });
    expect((await reader.depin.proofs.params()).outcomeHistoryPerDevice).toBe(40);
    const rewardsParams = await reader.depin.rewards.params();
    await authority.updateRewardsParams(rewardsParams);
    const notAuthority = await owner.updateProofsParams(proofsParams).catch((e: unknown) => e);
    expect(notAuthority).toBeInstanceOf(FieldnetTxError);
  });

  it("bank/auth paths and typed sdk errors", async () => {
    const fresh = await DirectSecp256k1HdWallet.generate(12, { prefix: "depin" });
    const [{ address }] = await fresh.getAccounts();
    await owner.send(address, [{ denom: "ufield", amount: "12345" }]);
    expect((await reader.getBalance(address, "ufield")).amount).toBe("12345");
    expect((await reader.depin.bank.balance(address, "ufield")).amount).toBe("12345");
    await expectTxError(owner.send(address, [{ denom: "ufield", amount: "999999999999999999" }], { amount: [{ denom: "ufield", amount: "5000" }], gas: "200000" }), SdkErrors.InsufficientFunds);
    await expectTxError(owner.send(address, [{ denom: "ufield", amount: "1" }], { amount: [{ denom: "ufield", amount: "1" }], gas: "200000" }), SdkErrors.InsufficientFee);
    const error = await reader.depin.proofs.lastProof("xyz").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FieldnetQueryError);
    expect((error as FieldnetQueryError).is(SdkErrors.InvalidRequest)).toBe(true);
  });
});
