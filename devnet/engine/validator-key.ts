/**
 * The devnet's single validator and node identity, persisted in CometBFT's file formats
 * (`priv_validator_key.json`, `node_key.json`) so the same home could be inspected with CometBFT
 * tooling. Keys are ed25519 via node:crypto.
 */
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256 } from "./hashing";
import { toHex } from "./encoding";

export interface Ed25519Key {
  /** 20 bytes: sha256(pubKey)[0:20], CometBFT's address rule for ed25519. */
  readonly address: Uint8Array;
  readonly pubKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

interface KeyFile {
  address?: string;
  pub_key?: { type: string; value: string };
  priv_key: { type: string; value: string };
}

function fromSeed(seed: Uint8Array): { key: KeyObject; pub: Uint8Array } {
  // PKCS#8 DER prefix for an ed25519 private key (RFC 8410); the 32-byte seed follows.
  const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.from(seed)]);
  const key = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  const jwk = key.export({ format: "jwk" });
  return { key, pub: new Uint8Array(Buffer.from(jwk.x as string, "base64url")) };
}

function makeKey(seed: Uint8Array): Ed25519Key {
  const { key, pub } = fromSeed(seed);
  return {
    address: sha256(pub).slice(0, 20),
    pubKey: pub,
    sign: (message) => new Uint8Array(sign(null, message, key)),
  };
}

function newSeed(): Uint8Array {
  // Read from the DER output, not a JWK export of the generated KeyObject: on Node 20 that export
  // can deadlock against the GC collecting the generation job (see chain-client/device/keys.ts).
  const pkcs8 = generateKeyPairSync("ed25519", { privateKeyEncoding: { type: "pkcs8", format: "der" }, publicKeyEncoding: { type: "spki", format: "der" } }).privateKey;
  return new Uint8Array(pkcs8.subarray(pkcs8.length - 32));
}

function loadOrCreate(path: string, withValidatorFields: boolean): Ed25519Key {
  if (existsSync(path)) {
    const file = JSON.parse(readFileSync(path, "utf8")) as KeyFile;
    const raw = Buffer.from(file.priv_key.value, "base64");
    if (raw.length !== 64) throw new Error(`${path}: priv_key must be 64 bytes (seed || pubkey)`);
    return makeKey(new Uint8Array(raw.subarray(0, 32)));
  }
  const seed = newSeed();
  const key = makeKey(seed);
  const priv = { type: "tendermint/PrivKeyEd25519", value: Buffer.concat([seed, key.pubKey]).toString("base64") };
  const file: KeyFile = withValidatorFields
    ? {
        address: toHex(key.address),
        pub_key: { type: "tendermint/PubKeyEd25519", value: Buffer.from(key.pubKey).toString("base64") },
        priv_key: priv,
      }
    : { priv_key: priv };
  writeFileSync(path, JSON.stringify(file, null, 2) + "\n", { mode: 0o600 });
  return key;
}

export function loadOrCreateValidatorKey(home: string): Ed25519Key {
  return loadOrCreate(join(home, "priv_validator_key.json"), true);
}

/** Node id: lower-case hex of the node key's address, as CometBFT prints it. */
export function loadOrCreateNodeId(home: string): string {
  return toHex(loadOrCreate(join(home, "node_key.json"), false).address).toLowerCase();
}
