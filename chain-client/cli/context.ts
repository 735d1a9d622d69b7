/** Global options and connections shared by the CLI commands. */
import { homedir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { GasPrice } from "@cosmjs/stargate";
import { FieldnetClient } from "../client";
import { SigningFieldnetClient } from "../signing-client";
import { Keyring } from "./keyring";
import type { OutputFormat } from "./output";

export interface GlobalOptions {
  readonly node: string;
  readonly home: string;
  readonly output: OutputFormat;
  readonly gasPrice: string;
  readonly prefix: string;
}

export const DEFAULT_NODE = process.env.FIELDNET_NODE ?? "http://127.0.0.1:26657";
export const DEFAULT_HOME = process.env.FIELDNET_HOME ?? join(homedir(), ".fieldnet");

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

export function keyring(g: GlobalOptions): Keyring {
  return new Keyring(g.home);
}

export async function queryClient(g: GlobalOptions): Promise<FieldnetClient> {
  return FieldnetClient.connect(g.node);
}

/** Runs `run` with a query client and disconnects it afterwards. */
export async function withQueryClient<T>(g: GlobalOptions, run: (c: FieldnetClient) => Promise<T>): Promise<T> {
  const client = await queryClient(g);
  try {
    return await run(client);
  } finally {
    client.disconnect();
  }
}

export async function signingClient(g: GlobalOptions, from: string): Promise<SigningFieldnetClient> {
  const wallet = await keyring(g).wallet(from, g.prefix);
  return SigningFieldnetClient.connectWithSigner(g.node, wallet, { gasPrice: GasPrice.fromString(g.gasPrice) });
}

/** A keyring name or a literal address. */
export function addressOf(g: GlobalOptions, nameOrAddress: string): string {
  if (nameOrAddress.startsWith(`${g.prefix}1`)) return nameOrAddress;
  const entry = keyring(g).get(nameOrAddress);
  if (entry.kind !== "account") throw new Error(`"${nameOrAddress}" is a device key, not an account`);
  return entry.address;
}

/** A keyring device name or a 40-hex device id. */
export function deviceIdOf(g: GlobalOptions, nameOrId: string): string {
  if (/^[0-9a-f]{40}$/.test(nameOrId)) return nameOrId;
  const entry = keyring(g).get(nameOrId);
  if (entry.kind !== "device") throw new Error(`"${nameOrId}" is an account key, not a device`);
  return entry.deviceId;
}
