/**
 * Cheap checks at the gateway's door, before any fee is spent: well-formed JSON, a known and
 * active device (chain query, cached), the device signature over the canonical proof sign bytes,
 * the payload against the device's plugin schema. Refusals carry a machine reason and a message
 * that says what to fix.
 */
import { LRUCache } from "lru-cache";
import type { Proof } from "../../generated/depin/proofs/v1/types";
import { DeviceStatus } from "../../generated/depin/registry/v1/types";
import { verifyDeviceSignatureAsync } from "../../modules/plugin/device-keys";
import { proofSignBytes } from "../../modules/plugin/sign-bytes";
import type { NetworkPlugin } from "../../modules/plugin/types";
import { PayloadCodec } from "../device/payloads";
import { proofFromJson } from "../device/proofs";
import { FieldnetValidationError } from "../errors";
import type { FieldnetQueryClient } from "../query";

export type RefusalReason = "MALFORMED" | "DEVICE_NOT_FOUND" | "DEVICE_INACTIVE" | "WRONG_NETWORK_TYPE" | "BAD_SIGNATURE" | "PAYLOAD_INVALID_JSON" | "PAYLOAD_SCHEMA" | "UNKNOWN_PLUGIN" | "CHAIN_UNAVAILABLE";

export interface Refusal {
  readonly ok: false;
  readonly reason: RefusalReason;
  readonly error: string;
  readonly deviceId?: string;
  readonly sequence?: string;
}

export type Admission = { readonly ok: true; readonly proof: Proof } | Refusal;

interface DeviceInfo {
  readonly keyType: number;
  readonly pubkey: Uint8Array;
  readonly networkType: string;
  readonly active: boolean;
}

export interface AdmissionOptions {
  readonly chainId: string;
  readonly query: FieldnetQueryClient;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly plugins: readonly NetworkPlugin<any, any, any>[];
  /** How long a known device stays cached (default 60 s). */
  readonly deviceTtlMs?: number;
  /** How long an unknown device stays cached (default 2 s, so a fresh registration is seen soon). */
  readonly unknownTtlMs?: number;
  /** A device lookup not answered in this time refuses its proof as CHAIN_UNAVAILABLE (default 15 s). */
  readonly lookupTimeoutMs?: number;
}

export class DoorCheck {
  private readonly devices: LRUCache<string, DeviceInfo | "unknown">;
  private readonly inflightLookups = new Map<string, Promise<DeviceInfo | "unknown">>();
  private readonly pluginByNetworkType = new Map<string, Promise<string | undefined>>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly codecs = new Map<string, PayloadCodec<any, any>>();

  constructor(private readonly options: AdmissionOptions) {
    this.devices = new LRUCache({ max: 100_000, ttl: options.deviceTtlMs ?? 60_000 });
    for (const plugin of options.plugins) this.codecs.set(plugin.type, new PayloadCodec(plugin));
  }

  async check(value: unknown): Promise<Admission> {
    let proof: Proof;
    try {
      proof = proofFromJson(value);
    } catch (error) {
      const v = value as { deviceId?: unknown; sequence?: unknown } | null;
      return { ok: false, reason: "MALFORMED", error: (error as Error).message, ...ids(v) };
    }
    const who = { deviceId: proof.deviceId, sequence: proof.sequence.toString() };
    let device: DeviceInfo | "unknown";
    try {
      device = await this.device(proof.deviceId);
    } catch (error) {
      return { ok: false, reason: "CHAIN_UNAVAILABLE", error: `cannot look the device up on chain (${(error as Error).message}); retry later`, ...who };
    }
    if (device === "unknown") return { ok: false, reason: "DEVICE_NOT_FOUND", error: `device ${proof.deviceId} is not registered on chain ${this.options.chainId}: register it first (fieldnet tx register-device)`, ...who };
    if (!device.active) return { ok: false, reason: "DEVICE_INACTIVE", error: `device ${proof.deviceId} is deactivated; its proofs earn nothing`, ...who };
    if (proof.networkType && proof.networkType !== device.networkType) {
      return { ok: false, reason: "WRONG_NETWORK_TYPE", error: `device ${proof.deviceId} is registered as ${device.networkType}, not ${proof.networkType}`, ...who };
    }
    const signBytes = proofSignBytes({ chainId: this.options.chainId, deviceId: proof.deviceId, sequence: proof.sequence, timestamp: proof.timestampMs, payload: proof.payload });
    // On libuv's thread pool: the door's event loop goes on reading posts and feeding the broadcaster
    // while the curve arithmetic (most of the door's work) runs on the other cores.
    if (!(await verifyDeviceSignatureAsync(device.keyType, device.pubkey, signBytes, proof.signature))) {
      return { ok: false, reason: "BAD_SIGNATURE", error: `signature does not verify for device ${proof.deviceId} over proofSignBytes(chainId=${this.options.chainId}, sequence, timestampMs, sha256(payload)): check the chain-id and that the payload bytes sent are exactly the signed bytes`, ...who };
    }
    const plugin = await this.pluginOf(device.networkType);
    const codec = plugin === undefined ? undefined : this.codecs.get(plugin);
    if (!codec) return { ok: false, reason: "UNKNOWN_PLUGIN", error: `this gateway has no schema for network type ${device.networkType}: run it with the network's config`, ...who };
    const problem = codec.checkPayloadBytes(proof.payload);
    if (problem) {
      const [reason, ...rest] = problem.split(": ");
      return { ok: false, reason: reason as RefusalReason, error: `payload refused by the ${plugin} schema: ${rest.join(": ")}`, ...who };
    }
    return { ok: true, proof };
  }

  private async device(id: string): Promise<DeviceInfo | "unknown"> {
    const hit = this.devices.get(id);
    if (hit !== undefined) return hit;
    let lookup = this.inflightLookups.get(id);
    if (!lookup) {
      lookup = withTimeout(this.options.query.registry.device(id), this.options.lookupTimeoutMs ?? 15_000).then((d): DeviceInfo | "unknown" => {
        const info: DeviceInfo | "unknown" = d ? { keyType: d.keyType, pubkey: d.pubkey, networkType: d.networkType, active: d.status === DeviceStatus.DEVICE_STATUS_ACTIVE } : "unknown";
        this.devices.set(id, info, info === "unknown" ? { ttl: this.options.unknownTtlMs ?? 2_000 } : undefined);
        return info;
      });
      this.inflightLookups.set(id, lookup);
      void lookup.finally(() => this.inflightLookups.delete(id)).catch(() => undefined);
    }
    return lookup;
  }

  private pluginOf(networkType: string): Promise<string | undefined> {
    let p = this.pluginByNetworkType.get(networkType);
    if (!p) {
      p = this.options.query.registry.networkType(networkType).then((nt) => nt?.plugin);
      p.catch(() => this.pluginByNetworkType.delete(networkType));
      this.pluginByNetworkType.set(networkType, p);
    }
    return p;
  }
}

/**
 * A lookup must settle: a batching RPC client never settles the calls of a batch the node refused
 * as a whole (e.g. one larger than CometBFT's max_request_batch_size), and a proof waiting for it
 * would leave its device's post unanswered.
 */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the node in ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function ids(v: { deviceId?: unknown; sequence?: unknown } | null): { deviceId?: string; sequence?: string } {
  if (typeof v !== "object" || v === null) return {};
  return {
    ...(typeof v.deviceId === "string" ? { deviceId: v.deviceId } : {}),
    ...(typeof v.sequence === "string" || typeof v.sequence === "number" ? { sequence: String(v.sequence) } : {}),
  };
}

export { FieldnetValidationError };
