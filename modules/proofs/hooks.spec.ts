/** The hook context's `deactivate` (plugin API), in a real app: applied after the hook, typed reason, contract checks. */
import { AppTestKit, type AppTestKitOptions } from "../plugin/test-kit";
import { accept, definePlugin, getJson, setJson } from "../plugin";
import { QueryDeviceRequest, QueryDeviceResponse } from "../../generated/depin/registry/v1/query";
import { DeviceStatus } from "../../generated/depin/registry/v1/types";

/** Test plugin: a proof {"target": id, "reason": code} asks the next onBlock to deactivate `target`. */
const switcher = definePlugin<Record<string, never>, Record<string, never>, { target: string; reason: string }>({
  type: "switcher",
  version: "1.0.0",
  paramsSchema: { type: "object", additionalProperties: false },
  metadataSchema: { type: "object", additionalProperties: false },
  payloadSchema: { type: "object", properties: { target: { type: "string" }, reason: { type: "string" } }, required: ["target", "reason"], additionalProperties: false },
  verify(ctx) {
    setJson(ctx.store, "pending", ctx.proof.payload);
    return accept(1n);
  },
  onBlock(ctx) {
    const pending = getJson<{ target: string; reason: string }>(ctx.store, "pending");
    if (!pending) return;
    ctx.store.delete("pending");
    ctx.report({ deviceId: pending.target, accepted: false, units: 0n, reason: "LAST_WORDS" });
    ctx.deactivate(pending.target, pending.reason);
  },
});

const OPTIONS: AppTestKitOptions = { plugins: [switcher], networkTypes: [{ plugin: "switcher", params: {} }] };

describe("plugin hooks: deactivate", () => {
  it("deactivates a device of the network type at end of block, with the plugin's reason in a block event", async () => {
    const kit = await AppTestKit.start(OPTIONS);
    try {
      const [a, b] = await kit.registerDevices([{ networkType: "switcher", metadata: {} }, { networkType: "switcher", metadata: {} }]);
      const status = async (id: string) => (await kit.query("/depin.registry.v1.Query/Device", QueryDeviceRequest, { id }, QueryDeviceResponse)).device?.status;

      // An invalid reason code is a contract violation: the hook's effects are discarded.
      await kit.submitProofs([{ device: a, payload: { target: b.id, reason: "not a code" } }]);
      const events = kit.chain.blocks[kit.chain.blocks.length - 1].response.events;
      expect(events.find((e) => e.type === "depin.proofs.v1.hook_error")).toBeDefined();
      expect(await status(b.id)).toBe(DeviceStatus.DEVICE_STATUS_ACTIVE);

      await kit.submitProofs([{ device: a, payload: { target: b.id, reason: "TOO_MANY_FAULTS" } }]);
      const block = kit.chain.blocks[kit.chain.blocks.length - 1].response.events;
      const attrs = (type: string) => block.filter((e) => e.type === type).map((e) => Object.fromEntries(e.attributes.map((x) => [x.key, x.value])));
      expect(attrs("depin.proofs.v1.plugin_deactivated")).toEqual([expect.objectContaining({ device_id: b.id, network_type: "switcher", reason: "TOO_MANY_FAULTS" })]);
      expect(attrs("depin.registry.v1.EventDeviceDeactivated")).toHaveLength(1);
      // The verdict reported in the same hook still landed (verdicts first, then deactivation).
      expect(attrs("depin.proofs.v1.EventPluginVerdict").map((v) => JSON.parse(v.reason))).toEqual(["LAST_WORDS"]);
      expect(await status(b.id)).toBe(DeviceStatus.DEVICE_STATUS_INACTIVE);
      const [rejected] = await kit.submitProofs([{ device: b, payload: { target: a.id, reason: "X" } }]);
      expect(rejected.reason).toBe("DEVICE_INACTIVE");

      // Unknown devices and already-inactive ones are ignored.
      await kit.submitProofs([{ device: a, payload: { target: b.id, reason: "AGAIN" } }]);
      await kit.submitProofs([{ device: a, payload: { target: "00".repeat(20), reason: "NOBODY" } }]);
      expect(kit.chain.blocks[kit.chain.blocks.length - 1].response.events.filter((e) => e.type === "depin.proofs.v1.plugin_deactivated")).toEqual([]);
      expect(await status(a.id)).toBe(DeviceStatus.DEVICE_STATUS_ACTIVE);
      expect(kit.invariants()).toEqual([]);
    } finally {
      await kit.close();
    }
  });
});
