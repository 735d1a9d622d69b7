/**
 * Device-side signing for tests, tools and device SDKs: a deterministic ed25519 device key from a
 * seed, and signatures over the canonical sign bytes (the same functions the chain verifies with).
 */
import { createPrivateKey, createPublicKey, sign, type KeyObject } from "node:crypto";
import { canonicalJsonBytes } from "./canonical-json";
import { KeyType, deviceIdFromPubKey } from "./device-keys";
import { proofSignBytes, registrationSignBytes } from "./sign-bytes";
import { sha256, utf8 } from "./bytes";

const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export interface SignedProof {
  readonly deviceId: string;
  readonly sequence: bigint;
  readonly timestampMs: bigint;
  readonly payload: Uint8Array;
  readonly signature: Uint8Array;
  readonly networkType: string;
}

export class DeviceSigner {
  readonly keyType = KeyType.ED25519;
  readonly pubkey: Uint8Array;
  readonly id: string;
  private readonly privateKey: KeyObject;
  /** Next proof sequence this signer will use. */
  nextSequence = 1n;

  constructor(seed: Uint8Array) {
    if (seed.length !== 32) throw new RangeError("ed25519 seed must be 32 bytes");
    this.privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
    const spki = createPublicKey(this.privateKey).export({ format: "der", type: "spki" });
    this.pubkey = new Uint8Array(spki.subarray(spki.length - 32));
    this.id = deviceIdFromPubKey(KeyType.ED25519, this.pubkey);
  }

  /** A deterministic device key from a label (same label, same key: reproducible tests). */
  static fromLabel(label: string): DeviceSigner {
    return new DeviceSigner(sha256(utf8(`fieldnet device key/${label}`)));
  }

  signBytes(bytes: Uint8Array): Uint8Array {
    return new Uint8Array(sign(null, bytes, this.privateKey));
  }

  signRegistration(input: { chainId: string; owner: string; networkType: string; deviceNonce: bigint }): Uint8Array {
    return this.signBytes(registrationSignBytes(input));
  }

  /**
   * Signs a proof of `payload` (canonical JSON of the object, or raw bytes) with the next sequence
   * (or `opts.sequence`, which does not advance the counter).
   */
  signProof(chainId: string, payload: unknown, timestampMs: bigint, opts: { sequence?: bigint; networkType?: string } = {}): SignedProof {
    const sequence = opts.sequence ?? this.nextSequence++;
    const bytes = payload instanceof Uint8Array ? payload : canonicalJsonBytes(payload);
    const signature = this.signBytes(proofSignBytes({ chainId, deviceId: this.id, sequence, timestamp: timestampMs, payload: bytes }));
    return { deviceId: this.id, sequence, timestampMs, payload: bytes, signature, networkType: opts.networkType ?? "" };
  }
}
