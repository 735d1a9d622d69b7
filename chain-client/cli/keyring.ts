/**
 * The CLI's DEV keyring: one JSON file, `<home>/keyring.json` (mode 0600), NOT encrypted. It holds
 * account mnemonics and device private keys in clear text: fine for devnets and tests, not for
 * keys that guard real value (use a hardware wallet / your own signer with the SDK for those).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { NativeSecp256k1Signer } from "../native-signer";
import { DeviceKey, type ExportedDeviceKey } from "../device/keys";
import { CliError, ExitCode } from "./output";

export interface AccountEntry {
  readonly kind: "account";
  readonly address: string;
  readonly mnemonic: string;
}

export interface DeviceEntry extends ExportedDeviceKey {
  readonly kind: "device";
}

export type KeyEntry = AccountEntry | DeviceEntry;

interface KeyringFile {
  readonly version: 1;
  readonly keys: Record<string, KeyEntry>;
}

export class Keyring {
  readonly path: string;

  constructor(readonly home: string) {
    this.path = join(home, "keyring.json");
  }

  private load(): KeyringFile {
    if (!existsSync(this.path)) return { version: 1, keys: {} };
    return JSON.parse(readFileSync(this.path, "utf8")) as KeyringFile;
  }

  private save(file: KeyringFile): void {
    mkdirSync(this.home, { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(file, null, 2) + "\n", { mode: 0o600 });
    renameSync(tmp, this.path);
  }

  list(): Array<{ name: string } & KeyEntry> {
    return Object.entries(this.load().keys)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, entry]) => ({ name, ...entry }));
  }

  get(name: string): KeyEntry {
    const entry = this.load().keys[name];
    if (!entry) throw new CliError(`no key named "${name}" in ${this.path}: see \`fieldnet keys list\` or create it with \`fieldnet keys add ${name}\``, ExitCode.NotFound);
    return entry;
  }

  add(name: string, entry: KeyEntry, overwrite = false): void {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new CliError(`key name "${name}" must be 1-64 letters, digits, "_", "-" or "."`, ExitCode.Usage);
    const file = this.load();
    if (file.keys[name] && !overwrite) throw new CliError(`a key named "${name}" already exists: pick another name or pass --overwrite`, ExitCode.Usage);
    this.save({ version: 1, keys: { ...file.keys, [name]: entry } });
  }

  /** The account's signer (m/44'/118'/0'/0/0, as `keys add` derives it; node:crypto, so a CLI call does not spend ~1 s in pure-JS PBKDF2). */
  async wallet(name: string, prefix: string): Promise<NativeSecp256k1Signer> {
    const entry = this.get(name);
    if (entry.kind !== "account") throw new CliError(`"${name}" is a device key; --from needs an account key (fieldnet keys add <name>)`, ExitCode.Usage);
    return NativeSecp256k1Signer.fromMnemonic(entry.mnemonic, prefix);
  }

  device(name: string): DeviceKey {
    const entry = this.get(name);
    if (entry.kind !== "device") throw new CliError(`"${name}" is an account key; a device key is needed (fieldnet keys add <name> --device)`, ExitCode.Usage);
    return DeviceKey.import(entry);
  }
}
