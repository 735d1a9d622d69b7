/** `fieldnet query balance|device|devices|proof|rewards|epoch|params` (+ the payments queries, payments.ts). */
import { Command, Option } from "commander";
import { DeviceStatus, deviceStatusToJSON, type Device } from "../../generated/depin/registry/v1/types";
import { Params as RegistryParams } from "../../generated/depin/registry/v1/types";
import { Params as ProofsParams } from "../../generated/depin/proofs/v1/types";
import { Params as RewardsParams } from "../../generated/depin/rewards/v1/types";
import { Params as PaymentsParams } from "../../generated/depin/payments/v1/types";
import { addPaymentsQueryCommands } from "./payments";
import { collect } from "../pagination";
import { keyTypeName } from "../device/keys";
import { addressOf, deviceIdOf, globals, withQueryClient } from "./context";
import { CliError, emit, ExitCode, kv, toJson } from "./output";

function deviceView(d: Device): Record<string, unknown> {
  return {
    id: d.id,
    owner: d.owner,
    networkType: d.networkType,
    status: deviceStatusToJSON(d.status).replace("DEVICE_STATUS_", "").toLowerCase(),
    keyType: keyTypeName(d.keyType),
    metadata: d.metadataJson.length ? JSON.parse(Buffer.from(d.metadataJson).toString("utf8")) : null,
    location: d.location,
    registeredHeight: d.registeredHeight.toString(),
  };
}

export function queryCommand(): Command {
  const q = new Command("query").alias("q").description("read chain state (exit code 4 when not found)");

  q.command("balance <addressOrKey>")
    .description("account balances")
    .option("--denom <denom>", "only this denom")
    .option("--prove", "with --denom: check the balance's Merkle proof against the next block's app hash")
    .addHelpText("after", "\nExamples:\n  $ fieldnet query balance alice --denom ufield\n  $ fieldnet query balance alice --denom ufield --prove")
    .action(async (who: string, opts: { denom?: string; prove?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const address = addressOf(g, who);
      if (opts.prove && !opts.denom) throw new CliError("--prove needs --denom (one balance is proven at a time)", ExitCode.Usage);
      await withQueryClient(g, async (c) => {
        if (opts.prove && opts.denom) {
          const { balance, height, appHash } = await c.getBalanceVerified(address, opts.denom);
          const proven = { address, balances: [balance], provenAtHeight: height, appHash: Buffer.from(appHash).toString("hex").toUpperCase() };
          emit(g.output, proven, () => `${balance.amount}${balance.denom}\nproven at height ${height} against app hash ${proven.appHash}`);
          return;
        }
        const balances = opts.denom ? [await c.getBalance(address, opts.denom)] : [...(await c.getAllBalances(address))];
        emit(g.output, { address, balances }, () => (balances.length ? balances.map((b) => `${b.amount}${b.denom}`).join("\n") : "0"));
      });
    });

  q.command("device <idOrKey>")
    .description("one device")
    .action(async (who: string, _opts: unknown, cmd: Command) => {
      const g = globals(cmd);
      const id = deviceIdOf(g, who);
      await withQueryClient(g, async (c) => {
        const d = await c.depin.registry.device(id);
        if (!d) throw new CliError(`device ${id} is not registered`, ExitCode.NotFound);
        const view = deviceView(d);
        emit(g.output, view, () => kv(view));
      });
    });

  q.command("devices")
    .description("list devices by owner, network type or status (all pages)")
    .option("--owner <addressOrKey>")
    .option("--network-type <name>")
    .addOption(new Option("--status <status>").choices(["active", "inactive"]))
    .option("--limit <n>", "stop after n devices", "1000")
    .addHelpText("after", "\nExamples:\n  $ fieldnet query devices --owner alice\n  $ fieldnet query devices --network-type energy-meter --output json")
    .action(async (opts: { owner?: string; networkType?: string; status?: string; limit: string }, cmd: Command) => {
      const g = globals(cmd);
      const chosen = [opts.owner, opts.networkType, opts.status].filter(Boolean).length;
      if (chosen !== 1) throw new CliError("give exactly one of --owner, --network-type, --status", ExitCode.Usage);
      await withQueryClient(g, async (c) => {
        const it = opts.owner
          ? c.depin.registry.allDevicesByOwner(addressOf(g, opts.owner))
          : opts.networkType
            ? c.depin.registry.allDevicesByNetworkType(opts.networkType)
            : c.depin.registry.allDevicesByStatus(opts.status === "active" ? DeviceStatus.DEVICE_STATUS_ACTIVE : DeviceStatus.DEVICE_STATUS_INACTIVE);
        const devices = (await collect(it, Number(opts.limit))).map(deviceView);
        emit(g.output, devices, () => (devices.length ? devices.map((d) => `${d.id}  ${d.networkType}  ${d.status}  ${d.owner}`).join("\n") : "no devices"));
      });
    });

  q.command("proof <deviceIdOrKey> [sequence]")
    .description("a proof's outcome; without a sequence, the device's proof state")
    .addHelpText("after", "\nExamples:\n  $ fieldnet query proof meter-1 3\n  $ fieldnet query proof 3f2a...e1")
    .action(async (who: string, sequence: string | undefined, _opts: unknown, cmd: Command) => {
      const g = globals(cmd);
      const id = deviceIdOf(g, who);
      await withQueryClient(g, async (c) => {
        if (sequence === undefined) {
          const s = await c.depin.proofs.lastProof(id);
          const view = { deviceId: id, lastSequence: s.lastSequence.toString(), acceptedCount: s.acceptedCount.toString(), rejectedCount: s.rejectedCount.toString(), lastAcceptedSequence: s.lastAccepted?.sequence.toString() ?? null };
          return emit(g.output, view, () => kv(view));
        }
        const o = await c.depin.proofs.outcome(id, BigInt(sequence));
        if (!o) throw new CliError(`no outcome for device ${id} sequence ${sequence} (never submitted, or pruned from history)`, ExitCode.NotFound);
        const view = { deviceId: o.deviceId, sequence: o.sequence.toString(), accepted: o.accepted, units: o.units, reason: o.reason, detail: o.detail, quality: o.quality, height: o.height.toString(), epoch: o.epoch.toString() };
        emit(g.output, view, () => kv(view));
      });
    });

  q.command("rewards [deviceIdOrKey]")
    .description("pending rewards of a device, or of all of an owner's devices with --owner")
    .option("--owner <addressOrKey>")
    .addHelpText("after", "\nExamples:\n  $ fieldnet query rewards meter-1\n  $ fieldnet query rewards --owner alice")
    .action(async (who: string | undefined, opts: { owner?: string }, cmd: Command) => {
      const g = globals(cmd);
      if (!who === !opts.owner) throw new CliError("give a device or --owner <address>", ExitCode.Usage);
      await withQueryClient(g, async (c) => {
        if (opts.owner) {
          const owner = addressOf(g, opts.owner);
          const total = await c.depin.rewards.pendingRewardsTotal(owner);
          const devices = await collect(c.depin.rewards.allPendingRewardsByOwner(owner));
          const view = { owner, total: total ?? null, devices };
          return emit(g.output, view, () => `total pending: ${total?.amount ?? "0"}${total?.denom ?? ""}\n${devices.map((d) => `${d.deviceId}  pending=${d.pending}  claimed=${d.claimed}`).join("\n")}`);
        }
        const r = await c.depin.rewards.pendingRewards(deviceIdOf(g, who!));
        const view = { deviceId: deviceIdOf(g, who!), pending: r.pending ?? null, claimed: r.reward?.claimed ?? "0", lastSettledEpoch: r.reward?.lastSettledEpoch.toString() ?? "0" };
        emit(g.output, view, () => kv({ ...view, pending: `${r.pending?.amount ?? "0"}${r.pending?.denom ?? ""}` }));
      });
    });

  q.command("epoch [number]")
    .description("the current rewards epoch, or a closed one's summary")
    .action(async (n: string | undefined, _opts: unknown, cmd: Command) => {
      const g = globals(cmd);
      await withQueryClient(g, async (c) => {
        if (n === undefined) {
          const e = await c.depin.rewards.currentEpoch();
          const view = { epoch: e.epoch.toString(), startHeight: e.startHeight.toString(), endHeight: e.endHeight.toString(), emission: e.emission, carriedIn: e.carriedIn, pools: e.pools };
          return emit(g.output, view, () => kv(view));
        }
        const s = await c.depin.rewards.epoch(BigInt(n));
        if (!s) throw new CliError(`epoch ${n} is not closed yet (see \`fieldnet query epoch\` for the current one)`, ExitCode.NotFound);
        emit(g.output, s, () => kv(JSON.parse(toJson(s)) as Record<string, unknown>));
      });
    });

  q.command("params [module]")
    .description("module params: registry, proofs, rewards, payments (all when omitted)")
    .action(async (module: string | undefined, _opts: unknown, cmd: Command) => {
      const g = globals(cmd);
      const modules = ["registry", "proofs", "rewards", "payments"];
      const wanted = module ? [module] : modules;
      for (const m of wanted) if (!modules.includes(m)) throw new CliError(`unknown module "${m}": use registry, proofs, rewards or payments`, ExitCode.Usage);
      await withQueryClient(g, async (c) => {
        const out: Record<string, unknown> = {};
        if (wanted.includes("registry")) out.registry = RegistryParams.toJSON(await c.depin.registry.params());
        if (wanted.includes("proofs")) out.proofs = ProofsParams.toJSON(await c.depin.proofs.params());
        if (wanted.includes("rewards")) out.rewards = RewardsParams.toJSON(await c.depin.rewards.params());
        if (wanted.includes("payments")) out.payments = PaymentsParams.toJSON(await c.depin.payments.params());
        const data = module ? out[module] : out;
        emit(g.output, data, () => kv(out));
      });
    });
  addPaymentsQueryCommands(q);
  return q;
}
