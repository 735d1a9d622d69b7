/**
 * Genesis files a devnet starts from (`--genesis <file>`, typically another devnet's `--export`)
 * instead of one built from the network config. A home started that way keeps a marker, so later
 * starts of it run the stored genesis without being given the file again (and without comparing
 * it with the config, which did not make it).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DevnetError } from "./engine/errors";
import { genesisInitialHeight, genesisPath, type GenesisDoc } from "./engine/genesis";

const LOADED_MARKER = "genesis-from-file";

export class GenesisFileError extends DevnetError {}

/** Reads and checks a CometBFT-style genesis file: chain_id, consensus_params and an app_state object. */
export function readGenesisFile(path: string): GenesisDoc {
  let doc: GenesisDoc;
  try {
    doc = JSON.parse(readFileSync(path, "utf8")) as GenesisDoc;
  } catch (error) {
    throw new GenesisFileError(`cannot read genesis file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const problems: string[] = [];
  if (typeof doc?.chain_id !== "string" || doc.chain_id === "") problems.push("chain_id must be a non-empty string");
  if (typeof doc?.app_state !== "object" || doc.app_state === null || Array.isArray(doc.app_state)) problems.push("app_state must be an object");
  if (typeof doc?.consensus_params?.block?.max_bytes !== "string" || typeof doc.consensus_params.block.max_gas !== "string") {
    problems.push("consensus_params.block.max_bytes and max_gas must be integer strings");
  }
  if (problems.length > 0) throw new GenesisFileError(`genesis file ${path}: ${problems.join("; ")}`);
  try {
    genesisInitialHeight(doc);
  } catch (error) {
    throw new GenesisFileError(`genesis file ${path}: ${(error as Error).message}`);
  }
  return doc;
}

/** Writes an exported genesis to `file` (`-` = stdout), as every `--export` does. */
export function writeGenesisFile(doc: GenesisDoc, file: string): void {
  const json = JSON.stringify(doc, null, 2) + "\n";
  if (file === "-") process.stdout.write(json);
  else writeFileSync(resolve(file), json);
}

/** The stored genesis of a home that was started from a genesis file, if it was. */
export function loadedGenesis(home: string): GenesisDoc | undefined {
  if (!existsSync(join(home, LOADED_MARKER)) || !existsSync(genesisPath(home))) return undefined;
  return JSON.parse(readFileSync(genesisPath(home), "utf8")) as GenesisDoc;
}

export function markLoadedGenesis(home: string): void {
  writeFileSync(join(home, LOADED_MARKER), "this home's genesis.json came from a genesis file (--genesis)\n");
}

/** `address`'s amount of `denom` in a genesis app state's bank balances ("0" when it holds none). */
export function genesisBalanceOf(doc: GenesisDoc, address: string, denom: string): string {
  const bank = (doc.app_state as { bank?: { balances?: Array<{ address: string; coins: Array<{ denom: string; amount: string }> }> } }).bank;
  const entry = bank?.balances?.find((b) => b.address === address);
  return entry?.coins.find((c) => c.denom === denom)?.amount ?? "0";
}
