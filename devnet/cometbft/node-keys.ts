/**
 * Validator and node keys in CometBFT's JSON file formats (priv_validator_key.json, node_key.json).
 * Devnet keys are derived from a fixed label and the node index, so a regenerated network (and the
 * committed docker files) keeps the same node ids and validator set. Never use them on a real chain.
 */
import { createHash, createPrivateKey } from "node:crypto";

export interface Ed25519KeyPair {
  readonly seed: Buffer;
  readonly pubKey: Buffer;
  /** sha256(pubKey)[0:20]: CometBFT's address rule for ed25519 keys. */
  readonly address: Buffer;
}

export interface PrivValidatorKeyFile {
  readonly address: string;
  readonly pub_key: { readonly type: "tendermint/PubKeyEd25519"; readonly value: string };
  readonly priv_key: { readonly type: "tendermint/PrivKeyEd25519"; readonly value: string };
}

export interface NodeKeyFile {
  readonly priv_key: { readonly type: "tendermint/PrivKeyEd25519"; readonly value: string };
}

export function keyFromSeed(seed: Buffer): Ed25519KeyPair {
  // PKCS#8 DER prefix of an ed25519 private key (RFC 8410); the 32-byte seed follows.
  const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
  const jwk = createPrivateKey({ key: der, format: "der", type: "pkcs8" }).export({ format: "jwk" });
  const pubKey = Buffer.from(jwk.x as string, "base64url");
  return { seed, pubKey, address: createHash("sha256").update(pubKey).digest().subarray(0, 20) };
}

export function devnetKey(kind: "validator" | "node", index: number): Ed25519KeyPair {
  return keyFromSeed(createHash("sha256").update(`fieldnet devnet ${kind} key ${index}`).digest());
}

export function privValidatorKeyFile(key: Ed25519KeyPair): PrivValidatorKeyFile {
  return {
    address: key.address.toString("hex").toUpperCase(),
    pub_key: { type: "tendermint/PubKeyEd25519", value: key.pubKey.toString("base64") },
    // CometBFT stores seed || public key (64 bytes).
    priv_key: { type: "tendermint/PrivKeyEd25519", value: Buffer.concat([key.seed, key.pubKey]).toString("base64") },
  };
}

export function nodeKeyFile(key: Ed25519KeyPair): NodeKeyFile {
  return { priv_key: privValidatorKeyFile(key).priv_key };
}

/** The p2p node id: lower-case hex of the node key's address. */
export function nodeId(key: Ed25519KeyPair): string {
  return key.address.toString("hex");
}
