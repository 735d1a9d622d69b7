/**
 * The registry's authority messages and its start-up check, against a real in-process app (test
 * kit) and the embedded devnet: MsgEnableNetworkType / MsgDisableNetworkType / MsgUpdateParams
 * (authority only, validated), and refusing to start over state whose network types this build
 * cannot serve.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDevnet } from "../../devnet/devnet";
import config from "../../fieldnet.config";
import * as registryQuery from "../../generated/depin/registry/v1/query";
import * as registryTx from "../../generated/depin/registry/v1/tx";
import { FeeDestination } from "../../generated/depin/registry/v1/types";
import { energyMeter } from "../../plugins/energy-meter";
import { envSensor } from "../../plugins/env-sensor";
import { createApp } from "../app/app";
import { TestChain } from "../app/testing/test-chain";
import { defineNetwork } from "../app/network-config";
import { canonicalJsonBytes } from "../plugin/canonical-json";
import { AppTestKit, type AppTestKitOptions } from "../plugin/test-kit";
import { PluginMismatchError } from "./genesis";
import {
  ErrInvalidPluginParams,
  ErrNetworkTypeDisabled,
  ErrPluginVersionMismatch,
  ErrUnauthorizedAuthority,
  ErrUnknownPlugin,
  ErrInvalidParams,
  ErrInvalidPubKey,
  REGISTRY_CODESPACE,
} from "./errors";
import type { DeviceSigner } from "../plugin/device-signer";

const METER_PARAMS = { minIntervalSeconds: 60, maxClockSkewSeconds: 30 };
const OPTIONS: AppTestKitOptions = {
  plugins: [energyMeter],
  networkTypes: [{ plugin: "energy-meter", params: METER_PARAMS }],
  depin: { registry: { onboardingFee: "1000", onboardingFeeDestination: "burn" } },
};

const enableMsg = (kit: AppTestKit, fields: Partial<registryTx.MsgEnableNetworkType>) => ({
  typeUrl: "/depin.registry.v1.MsgEnableNetworkType",
  value: registryTx.MsgEnableNetworkType.fromPartial({
    authority: kit.owners[0].address,
    name: "energy-meter-eu",
    plugin: "energy-meter",
    pluginVersion: energyMeter.version,
    paramsJson: canonicalJsonBytes(METER_PARAMS),
    ...fields,
  }),
});

describe("registry authority messages", () => {
  let kit: AppTestKit;
  beforeEach(async () => {
    kit = await AppTestKit.start(OPTIONS);
  });
  afterEach(async () => {
    await kit.close();
  });

  it("MsgEnableNetworkType: the authority adds a network type that devices can then join", async () => {
    const { result } = await kit.deliver([enableMsg(kit, {})]);
    expect(result.code).toBe(0);
    const { networkType } = await kit.query("/depin.registry.v1.Query/NetworkType", registryQuery.QueryNetworkTypeRequest, { name: "energy-meter-eu" }, registryQuery.QueryNetworkTypeResponse);
    expect(networkType).toMatchObject({ name: "energy-meter-eu", plugin: "energy-meter", enabled: true });
    await kit.registerDevice({ networkType: "energy-meter-eu", metadata: { ratedPowerW: 1000 } });
  });

  it("MsgRegisterDevice: refuses a small-order ed25519 key, whose forged co-signature OpenSSL would accept", async () => {
    const identity = Buffer.from("01" + "00".repeat(31), "hex");
    const keyless = { keyType: 1, pubkey: identity, signRegistration: () => Buffer.concat([identity, Buffer.alloc(32)]) } as unknown as DeviceSigner;
    const { result, checkCode } = await kit.deliver([kit.registerMsg(keyless, { networkType: "energy-meter", metadata: { ratedPowerW: 1000 } })]);
    expect(checkCode).toBe(ErrInvalidPubKey.code);
    expect(result.codespace).toBe(REGISTRY_CODESPACE);
    expect(result.log).toMatch(/point of small order/);
  });

  it("MsgEnableNetworkType: refuses non-authorities, unknown plugins, other versions and invalid params", async () => {
    const cases: Array<[Partial<registryTx.MsgEnableNetworkType>, number, { code: number }, string?]> = [
      [{ authority: kit.owners[1].address }, 1, ErrUnauthorizedAuthority],
      [{ plugin: "no-such-plugin" }, 0, ErrUnknownPlugin],
      [{ pluginVersion: "9.9.9" }, 0, ErrPluginVersionMismatch],
      [{ paramsJson: canonicalJsonBytes({ minIntervalSeconds: -5, maxClockSkewSeconds: 30 }) }, 0, ErrInvalidPluginParams, "minIntervalSeconds"],
    ];
    for (const [fields, signer, error, mentions] of cases) {
      const { result } = await kit.deliver([enableMsg(kit, fields)], signer);
      expect({ codespace: result.codespace, code: result.code }).toEqual({ codespace: REGISTRY_CODESPACE, code: error.code });
      if (mentions) expect(result.log).toContain(mentions);
    }
    const { networkTypes } = await kit.query("/depin.registry.v1.Query/NetworkTypes", registryQuery.QueryNetworkTypesRequest, { pagination: undefined }, registryQuery.QueryNetworkTypesResponse);
    expect(networkTypes.map((n) => n.name)).toEqual(["energy-meter"]);
  });

  it("MsgDisableNetworkType: registrations on a disabled type fail with registry/8", async () => {
    const disable = (signer: number) => ({ typeUrl: "/depin.registry.v1.MsgDisableNetworkType", value: registryTx.MsgDisableNetworkType.fromPartial({ authority: kit.owners[signer].address, name: "energy-meter" }) });
    const refused = (await kit.deliver([disable(1)], 1)).result;
    expect({ codespace: refused.codespace, code: refused.code }).toEqual({ codespace: REGISTRY_CODESPACE, code: ErrUnauthorizedAuthority.code });
    expect((await kit.deliver([disable(0)])).result.code).toBe(0);
    const { result } = await kit.deliver([kit.registerMsg(kit.newDeviceSigner(), { networkType: "energy-meter", metadata: { ratedPowerW: 1000 } })]);
    expect({ codespace: result.codespace, code: result.code }).toEqual({ codespace: REGISTRY_CODESPACE, code: ErrNetworkTypeDisabled.code });
  });

  it("MsgUpdateParams: the authority changes the onboarding fee and the next registration pays it", async () => {
    const update = (signer: number, fee: string, destination = FeeDestination.FEE_DESTINATION_BURN) => ({
      typeUrl: "/depin.registry.v1.MsgUpdateParams",
      value: registryTx.MsgUpdateParams.fromPartial({
        authority: kit.owners[signer].address,
        params: { onboardingFee: { denom: kit.config.denom, amount: fee }, onboardingFeeDestination: destination, maxMetadataBytes: 4096, locationResolution: 12, locationUpdateCooldownBlocks: 0n },
      }),
    });
    const refused = (await kit.deliver([update(1, "5")], 1)).result;
    expect({ codespace: refused.codespace, code: refused.code }).toEqual({ codespace: REGISTRY_CODESPACE, code: ErrUnauthorizedAuthority.code });
    const invalid = (await kit.deliver([update(0, "5", FeeDestination.FEE_DESTINATION_UNSPECIFIED)])).result;
    expect({ codespace: invalid.codespace, code: invalid.code }).toEqual({ codespace: REGISTRY_CODESPACE, code: ErrInvalidParams.code });


    // The same registration tx before and after the change: the balance drops differ by the fee change.
    const register = async () => {
      const before = await kit.balance(2);
      const { result } = await kit.deliver([kit.registerMsg(kit.newDeviceSigner(), { networkType: "energy-meter", metadata: { ratedPowerW: 1000 }, owner: 2 })], 2);
      expect(result.code).toBe(0);
      return before - (await kit.balance(2));
    };
    const paidBefore = await register();
    expect((await kit.deliver([update(0, "250000")])).result.code).toBe(0);
    const { params } = await kit.query("/depin.registry.v1.Query/Params", registryQuery.QueryParamsRequest, {}, registryQuery.QueryParamsResponse);
    expect(params?.onboardingFee?.amount).toBe("250000");
    expect((await register()) - paidBefore).toBe(250000n - 1000n);
  });
});

describe("registry genesis", () => {
  it("refuses devices whose key is malformed or of small order, or does not give their id", async () => {
    const kit = await AppTestKit.start(OPTIONS);
    let exported: Record<string, unknown>;
    try {
      await kit.registerDevice({ networkType: "energy-meter", metadata: { ratedPowerW: 1000 } });
      exported = kit.app.exportGenesis();
    } finally {
      await kit.close();
    }
    const withDevice = (change: Record<string, unknown>) => {
      const registry = exported["registry"] as { devices: Array<Record<string, unknown>> };
      return { ...exported, registry: { ...registry, devices: [{ ...registry.devices[0], ...change }] } };
    };
    const identityKey = Buffer.from("01" + "00".repeat(31), "hex").toString("base64");
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ pubkey: identityKey }, /point of small order/],
      [{ pubkey: Buffer.alloc(31, 7).toString("base64") }, /must be 32 bytes/],
      [{ id: "00".repeat(20) }, /its public key gives the id [0-9a-f]{40}/],
    ];
    for (const [change, error] of cases) {
      const app = createApp(kit.config, { home: ":memory:" });
      try {
        await expect(TestChain.start(app, { chainId: kit.config.chainId, appState: withDevice(change), genesisTimeMs: kit.nextBlockTimeMs })).rejects.toThrow(error);
      } finally {
        await app.close();
      }
    }
    // The unchanged export still starts.
    const app = createApp(kit.config, { home: ":memory:" });
    try {
      await TestChain.start(app, { chainId: kit.config.chainId, appState: exported, genesisTimeMs: kit.nextBlockTimeMs });
    } finally {
      await app.close();
    }
  });
});

describe("registry start-up check", () => {
  const home = mkdtempSync(join(tmpdir(), "fieldnet-registry-start-"));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  const envSensorParams = config.depin!.networkTypes!.find((t) => t.plugin === "env-sensor")!.params;
  const network = (plugins: Parameters<typeof defineNetwork>[0]["plugins"], withEnvSensor = true) =>
    defineNetwork({
      chainId: "registry-start-1",
      bech32Prefix: "depin",
      denom: "ufield",
      minGasPrice: "0.025",
      devAccounts: { count: 2, balance: "1000000000" },
      plugins,
      depin: {
        authority: { devAccount: 0 },
        networkTypes: [
          { plugin: "energy-meter", params: METER_PARAMS },
          ...(withEnvSensor ? [{ plugin: "env-sensor", params: envSensorParams }] : []),
        ],
      },
    });

  it("refuses to start over state whose network type needs a plugin the app lacks, or another version of it", async () => {
    const devnet = await startDevnet({ config: network([energyMeter, envSensor]), home, port: 0, blockTimeMs: 50 });
    await devnet.stop();

    // The app built over that state (what every engine does at start-up) with another plugin set.
    const appHome = join(home, "app");
    expect(() => createApp(network([energyMeter], false), { home: appHome })).toThrow(PluginMismatchError);
    expect(() => createApp(network([energyMeter], false), { home: appHome })).toThrow(/"env-sensor".*does not include/);
    const bumped = { ...energyMeter, version: "2.0.0" };
    expect(() => createApp(network([bumped, envSensor]), { home: appHome })).toThrow(/needs plugin "energy-meter" version 1\.\d+\.\d+, the app has 2\.0\.0/);

    // The state was not touched: the original build still starts over it.
    const again = await startDevnet({ config: network([energyMeter, envSensor]), home, port: 0, blockTimeMs: 50 });
    await again.stop();
  });
});
