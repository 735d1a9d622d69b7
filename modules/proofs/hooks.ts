/**
 * Plugin block hooks, run the same way for every plugin (no plugin-specific cases): `onBlock` at
 * every end of block and `onEpochEnd` just before the rewards module closes an epoch, for each
 * enabled network type in name order. Reported verdicts become OUTCOME_ORIGIN_HOOK outcomes and
 * count in the open epoch. A hook that throws has its store writes and verdicts discarded and is
 * reported as a `depin.proofs.v1.hook_error` block event; the chain keeps going. Hooks may also
 * `deactivate` devices of their network type (applied after the verdicts; block event
 * `depin.proofs.v1.plugin_deactivated` with the plugin's reason code).
 */
import type { Context } from "../app/context";
import { branchStore } from "../store/branch-store";
import { withDeterminismGuard } from "../plugin/determinism";
import { normalizeVerdict, PluginContractError, REASON_CODE_RE } from "../plugin/results";
import type { HookContext, Verdict } from "../plugin/types";
import type { ProofsKeeper } from "./keeper";
import { recordReportedVerdict } from "./process";

type HookRunner = (hookCtx: HookContext) => void;

function runHooks(ctx: Context, keeper: ProofsKeeper, hookName: "onBlock" | "onEpochEnd", call: (run: HookRunner, networkType: string) => HookRunner | undefined): void {
  const params = keeper.getParams(ctx);
  for (const networkType of keeper.registry.networkTypes(ctx)) {
    if (!networkType.enabled) continue;
    const hosted = keeper.registry.plugins.get(networkType.plugin);
    if (!hosted || typeof hosted.plugin[hookName] !== "function") continue;
    const { params: pluginParams } = keeper.registry.pluginFor(ctx, networkType);
    const kv = branchStore(keeper.registry.plugins.store(ctx, networkType.name, false));
    const reported: Verdict[] = [];
    const deactivations: Array<{ deviceId: string; reason: string }> = [];
    const base = keeper.registry.plugins.baseContext(ctx, networkType.name, pluginParams, keeper.registry.registryView(ctx, networkType.name), keeper.registry.plugins.pluginStore(kv), ctx.events);
    const hookCtx: HookContext = {
      ...base,
      report: (verdict) => void reported.push(verdict),
      deactivate: (deviceId, reason) => {
        if (typeof deviceId !== "string" || !REASON_CODE_RE.test(reason)) throw new PluginContractError(`deactivate needs a device id and a reason matching ${REASON_CODE_RE}`);
        deactivations.push({ deviceId, reason });
      },
    };
    try {
      withDeterminismGuard(() => call((c) => (hosted.plugin[hookName] as (c: HookContext) => void).call(hosted.plugin, c), networkType.name)?.(hookCtx));
    } catch (error) {
      ctx.events.emit("depin.proofs.v1.hook_error", [
        ["network_type", networkType.name],
        ["hook", hookName],
        ["error", String((error as Error).message ?? error).slice(0, 256)],
      ]);
      continue;
    }
    kv.write();
    for (const verdict of reported) {
      try {
        recordReportedVerdict(ctx, keeper, params, networkType.name, normalizeVerdict(verdict));
      } catch {
        // A verdict outside the contract is dropped, like an invalid verify result.
      }
    }
    // After the verdicts: a device's last verdicts (the faults that led here) still count.
    for (const { deviceId, reason } of deactivations) {
      const device = keeper.registry.getDevice(ctx, deviceId);
      if (!device || device.networkType !== networkType.name) continue;
      if (keeper.registry.deactivateDevice(ctx, deviceId)) {
        ctx.events.emit("depin.proofs.v1.plugin_deactivated", [
          ["device_id", deviceId],
          ["network_type", networkType.name],
          ["reason", reason],
        ]);
      }
    }
  }
}

export function runOnBlockHooks(ctx: Context, keeper: ProofsKeeper): void {
  runHooks(ctx, keeper, "onBlock", (run) => run);
}

export function runOnEpochEndHooks(ctx: Context, keeper: ProofsKeeper, epoch: bigint): void {
  runHooks(ctx, keeper, "onEpochEnd", (run) => (hookCtx) => run({ ...hookCtx, epoch } as HookContext));
}
