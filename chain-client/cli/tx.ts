/** `fieldnet tx send|register-device|submit-proofs|claim` (+ the payments commands, payments.ts). */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { parseCoins } from "@cosmjs/stargate";
import { proofFromJson, signProof } from "../device/proofs";
import { canonicalJsonBytes } from "../../modules/plugin/canonical-json";
import type { DeliverTxResponse } from "@cosmjs/stargate";
import { addressOf, deviceIdOf, globals, keyring, signingClient } from "./context";
import { CliError, emit, ExitCode, kv } from "./output";
import { addPaymentsTxCommands } from "./payments";

function txView(tx: DeliverTxResponse): { txHash: string; height: number; gasUsed: string; gasWanted: string } {
  return { txHash: tx.transactionHash, height: tx.height, gasUsed: tx.gasUsed.toString(), gasWanted: tx.gasWanted.toString() };
}

function parseJsonArg(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${name} is not valid JSON (${(error as Error).message}); quote it in the shell: ${name} '{"key":1}'`, ExitCode.Usage);
  }
}

export function txCommand(): Command {
  const tx = new Command("tx").description("sign and broadcast transactions (waits for the block; exit code 3 if the chain refuses)");

  tx.command("send <to> <amount>")
    .description("send tokens (amount like 1000ufield)")
    .requiredOption("--from <key>", "keyring account that signs and pays")
    .addHelpText("after", "\nExample:\n  $ fieldnet tx send depin1... 1000ufield --from alice")
    .action(async (to: string, amount: string, opts: { from: string }, cmd: Command) => {
      const g = globals(cmd);
      let coins;
      try {
        coins = parseCoins(amount);
      } catch {
        throw new CliError(`amount "${amount}" must look like 1000ufield`, ExitCode.Usage);
      }
      const client = await signingClient(g, opts.from);
      try {
        const result = await client.send(addressOf(g, to), coins);
        const view = { ...txView(result), from: client.sender, to: addressOf(g, to), amount };
        emit(g.output, view, () => `sent ${amount} to ${view.to}\n${kv(txView(result))}`);
      } finally {
        client.disconnect();
      }
    });

  tx.command("register-device")
    .description("register a keyring device key under the --from account (the device co-signs)")
    .requiredOption("--from <key>", "keyring account that will own the device")
    .requiredOption("--device <key>", "keyring device key (fieldnet keys add <name> --device)")
    .requiredOption("--network-type <name>", "network type, e.g. energy-meter or env-sensor")
    .option("--metadata <json>", "device metadata JSON, checked against the plugin's metadata schema", "{}")
    .option("--location <h3>", "H3 cell (lowercase hex)")
    .option("--nonce <n>", "device nonce (> the last registration's; 1 for a new device)", "1")
    .addHelpText("after", "\nExample:\n  $ fieldnet tx register-device --from alice --device meter-1 --network-type energy-meter --metadata '{\"ratedPowerW\":5000}'")
    .action(async (opts: { from: string; device: string; networkType: string; metadata: string; location?: string; nonce: string }, cmd: Command) => {
      const g = globals(cmd);
      const key = keyring(g).device(opts.device);
      const metadata = parseJsonArg("--metadata", opts.metadata);
      const client = await signingClient(g, opts.from);
      try {
        const { response, tx: result } = await client.registerDevice({ key, networkType: opts.networkType, metadata, location: opts.location, deviceNonce: BigInt(opts.nonce) });
        const view = { deviceId: response.deviceId, owner: client.sender, networkType: opts.networkType, ...txView(result) };
        emit(g.output, view, () => `registered device ${response.deviceId}\n${kv(view)}`);
      } finally {
        client.disconnect();
      }
    });

  tx.command("submit-proofs")
    .description("submit signed proofs directly (one MsgSubmitProofs): from a JSON file, or sign one reading with a keyring device")
    .requiredOption("--from <key>", "keyring account that pays the fee")
    .option("--file <path>", "JSON array of proofs (the gateway's wire form: deviceId, sequence, timestampMs, payload b64, signature b64)")
    .option("--device <key>", "keyring device key to sign one proof with")
    .option("--payload <json>", "payload JSON for --device (encoded canonically)")
    .option("--sequence <n>", "proof sequence for --device (default: the chain's last + 1)")
    .addHelpText("after", "\nExamples:\n  $ fieldnet tx submit-proofs --from alice --device meter-1 --payload '{\"counterWh\":1200,\"readAt\":1760000000}'\n  $ fieldnet tx submit-proofs --from alice --file proofs.json")
    .action(async (opts: { from: string; file?: string; device?: string; payload?: string; sequence?: string }, cmd: Command) => {
      const g = globals(cmd);
      if (!opts.file === !opts.device) throw new CliError("give either --file <proofs.json> or --device <key> --payload <json>", ExitCode.Usage);
      const client = await signingClient(g, opts.from);
      try {
        let proofs;
        if (opts.file) {
          const parsed = parseJsonArg("--file", readFileSync(opts.file, "utf8"));
          if (!Array.isArray(parsed)) throw new CliError("--file must hold a JSON array of proofs", ExitCode.Usage);
          proofs = parsed.map((p) => proofFromJson(p));
        } else {
          if (!opts.payload) throw new CliError("--device needs --payload <json>", ExitCode.Usage);
          const key = keyring(g).device(opts.device!);
          const sequence = opts.sequence ? BigInt(opts.sequence) : (await client.depin.proofs.lastProof(key.id)).lastSequence + 1n;
          proofs = [signProof(key, { chainId: await client.getChainId(), sequence, payload: canonicalJsonBytes(parseJsonArg("--payload", opts.payload)) })];
        }
        const { response, tx: result } = await client.submitProofs(proofs);
        const outcomes = response.outcomes.map((o) => ({ deviceId: o.deviceId, sequence: o.sequence.toString(), accepted: o.accepted, units: o.units, reason: o.reason, detail: o.detail }));
        emit(g.output, { outcomes, ...txView(result) }, () =>
          [...outcomes.map((o) => `${o.deviceId} #${o.sequence}: ${o.accepted ? "accepted" : "REJECTED"} units=${o.units}${o.reason ? ` reason=${o.reason}` : ""}${o.detail ? ` (${o.detail})` : ""}`), kv(txView(result))].join("\n"),
        );
      } finally {
        client.disconnect();
      }
    });

  tx.command("claim")
    .description("claim pending rewards of your devices (all of them unless --device is given)")
    .requiredOption("--from <key>", "keyring account that owns the devices")
    .option("--device <idOrKey...>", "device ids or keyring device names")
    .addHelpText("after", "\nExample:\n  $ fieldnet tx claim --from alice")
    .action(async (opts: { from: string; device?: string[] }, cmd: Command) => {
      const g = globals(cmd);
      const client = await signingClient(g, opts.from);
      try {
        const { response, tx: result } = await client.claimRewards((opts.device ?? []).map((d) => deviceIdOf(g, d)));
        const view = { amount: response.amount ?? { denom: "", amount: "0" }, claims: response.claims, ...txView(result) };
        emit(g.output, view, () => `claimed ${view.amount.amount}${view.amount.denom} from ${response.claims.length} device(s)\n${kv(txView(result))}`);
      } finally {
        client.disconnect();
      }
    });
  addPaymentsTxCommands(tx);
  return tx;
}
