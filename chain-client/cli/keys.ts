/** `fieldnet keys add|list|show|export`: the dev keyring (see keyring.ts). */
import { Command, Option } from "commander";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { DeviceKey, type DeviceKeyTypeName } from "../device/keys";
import { globals, keyring } from "./context";
import { CliError, emit, ExitCode, kv } from "./output";
import type { KeyEntry } from "./keyring";

function publicView(name: string, e: KeyEntry): Record<string, string> {
  return e.kind === "account" ? { name, kind: "account", address: e.address } : { name, kind: "device", keyType: e.keyType, deviceId: e.deviceId, publicKey: e.publicKey };
}

export function keysCommand(): Command {
  const keys = new Command("keys").description("manage the local dev keyring (<home>/keyring.json; NOT encrypted: dev and test keys only)");

  keys
    .command("add <name>")
    .description("create (or import) an account key, or a device key with --device")
    .option("--device", "create a device key instead of an account key")
    .addOption(new Option("--key-type <type>", "device key type").choices(["ed25519", "secp256k1"]).default("ed25519"))
    .option("--recover", "import an account from --mnemonic instead of generating one")
    .option("--mnemonic <words>", "the mnemonic to import (with --recover)")
    .option("--private-key <hex>", "import a device key from its 32-byte private key (with --device)")
    .option("--overwrite", "replace an existing key with the same name")
    .addHelpText("after", "\nExamples:\n  $ fieldnet keys add alice\n  $ fieldnet keys add alice --recover --mnemonic \"word1 word2 ...\"\n  $ fieldnet keys add meter-1 --device\n  $ fieldnet keys add sensor-1 --device --key-type secp256k1")
    .action(async (name: string, opts: { device?: boolean; keyType: DeviceKeyTypeName; recover?: boolean; mnemonic?: string; privateKey?: string; overwrite?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const ring = keyring(g);
      if (opts.device) {
        const key = opts.privateKey ? DeviceKey.fromPrivateKey(opts.keyType, Buffer.from(opts.privateKey, "hex")) : DeviceKey.generate(opts.keyType);
        ring.add(name, { kind: "device", ...key.export() }, opts.overwrite);
        const view = publicView(name, ring.get(name));
        return emit(g.output, view, () => `created device key "${name}"\n${kv(view)}`);
      }
      if (opts.recover && !opts.mnemonic) throw new CliError("--recover needs --mnemonic \"<24 words>\"", ExitCode.Usage);
      const wallet = opts.recover ? await DirectSecp256k1HdWallet.fromMnemonic(opts.mnemonic!.trim(), { prefix: g.prefix }) : await DirectSecp256k1HdWallet.generate(24, { prefix: g.prefix });
      const [{ address }] = await wallet.getAccounts();
      ring.add(name, { kind: "account", address, mnemonic: wallet.mnemonic }, opts.overwrite);
      const view = { name, kind: "account", address, ...(opts.recover ? {} : { mnemonic: wallet.mnemonic }) };
      emit(g.output, view, () =>
        opts.recover ? `imported account "${name}"\n${kv({ address })}` : `created account "${name}"\n${kv({ address })}\n\nmnemonic (write it down; it is also stored unencrypted in ${ring.path}):\n${wallet.mnemonic}`,
      );
    });

  keys
    .command("list")
    .description("list keys (names, addresses, device ids; no secrets)")
    .action((_opts: unknown, cmd: Command) => {
      const g = globals(cmd);
      const all = keyring(g).list().map((e) => publicView(e.name, e));
      emit(g.output, all, () => (all.length === 0 ? `no keys in ${keyring(g).path}: create one with \`fieldnet keys add <name>\`` : all.map((k) => `${k.name.padEnd(16)} ${k.kind.padEnd(8)} ${k.address ?? `${k.deviceId} (${k.keyType})`}`).join("\n")));
    });

  keys
    .command("show <name>")
    .description("show one key (no secrets)")
    .option("-a, --address", "print only the address (accounts) or the device id (devices)")
    .action((name: string, opts: { address?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const view = publicView(name, keyring(g).get(name));
      if (opts.address) return emit(g.output, { address: view.address ?? view.deviceId }, () => view.address ?? view.deviceId);
      emit(g.output, view, () => kv(view));
    });

  keys
    .command("export <name>")
    .description("print a key WITH its secret (account mnemonic, or the device key JSON that `keys add --device --private-key` and DeviceKey.import accept)")
    .action((name: string, _opts: unknown, cmd: Command) => {
      const g = globals(cmd);
      const entry = keyring(g).get(name);
      process.stderr.write(`warning: printing the secret of "${name}"\n`);
      emit(g.output, { name, ...entry }, () => (entry.kind === "account" ? entry.mnemonic : JSON.stringify({ keyType: entry.keyType, privateKey: entry.privateKey, publicKey: entry.publicKey, deviceId: entry.deviceId }, null, 2)));
    });
  return keys;
}
