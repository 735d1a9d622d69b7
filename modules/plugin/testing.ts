/**
 * Minimal in-memory harness for unit-testing plugins without a running app: builds contexts,
 * validates params / metadata / payload through the plugin's compiled schemas exactly like the
 * chain, runs every plugin call under the determinism guard and applies the result contract.
 * The full plugin test kit (against a running app) builds on the same pieces; see README.
 */
import { canonicalJsonBytes, type JsonValue } from "./canonical-json";
import { withDeterminismGuard } from "./determinism";
import { KeyType, deviceIdFromPubKey } from "./device-keys";
import { isCellInside } from "./h3";
import { derivePluginRandomness } from "./randomness";
import { EVENT_NAME_RE, PluginContractError, REASON_CODE_RE, normalizeRegisterVerdict, normalizeVerdict, normalizeVerifyResult, type NormalizedResult } from "./results";
import { compilePluginSchemas, type CompiledPluginSchemas } from "./schemas";
import { MemoryPluginStore, readOnlyPluginStore, type PluginStore } from "./store";
import type { AcceptedProofView, DeviceView, NetworkPlugin, RegistryView, Verdict } from "./types";
import { sha256, utf8 } from "./bytes";

export class MemoryRegistry implements RegistryView {
  readonly devices = new Map<string, DeviceView>();
  constructor(private readonly defaultNetworkType: string) {}
  put(d: DeviceView): void {
    this.devices.set(d.id, d);
  }
  getDevice(id: string): DeviceView | undefined {
    return this.devices.get(id);
  }
  devicesInCells(cells: readonly string[], opts: { networkType?: string; includeInactive?: boolean; limit?: number } = {}): DeviceView[] {
    const nt = opts.networkType ?? this.defaultNetworkType;
    return [...this.devices.values()]
      .filter((d) => d.networkType === nt && (opts.includeInactive || d.status === "ACTIVE"))
      .filter((d) => d.location !== undefined && cells.some((c) => isCellInside(d.location!, c)))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, opts.limit ?? 1000);
  }
}

export interface HarnessEvent {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** One network type running one plugin, with its own store, registry, clock and last proofs. */
export class PluginHarness<P = JsonValue, M = JsonValue, Y = JsonValue> {
  readonly schemas: CompiledPluginSchemas<P, M, Y>;
  readonly store: PluginStore = new MemoryPluginStore();
  readonly registry: MemoryRegistry;
  readonly params: P;
  readonly verdicts: Array<ReturnType<typeof normalizeVerdict>> = [];
  readonly events: HarnessEvent[] = [];
  /** Devices deactivated by hooks, in order. */
  readonly deactivated: Array<{ deviceId: string; reason: string }> = [];
  readonly lastAccepted = new Map<string, AcceptedProofView<Y>>();
  readonly lastSequence = new Map<string, bigint>();
  height = 1n;
  timeMs = 1_700_000_000_000n;
  chainId = "fieldnet-test-1";
  private deviceCounter = 0;

  constructor(
    readonly plugin: NetworkPlugin<P, M, Y>,
    params: unknown,
    readonly networkType: string = plugin.type,
  ) {
    this.schemas = compilePluginSchemas(plugin);
    const r = this.schemas.validate("params", params);
    if (!r.ok) throw new Error(r.message);
    this.params = r.value;
    this.registry = new MemoryRegistry(networkType);
  }

  /** Advance the chain clock. */
  advance(blocks: bigint, ms: bigint): void {
    this.height += blocks;
    this.timeMs += ms;
  }

  private base() {
    return {
      chainId: this.chainId,
      networkType: this.networkType,
      height: this.height,
      timeMs: this.timeMs,
      randomness: derivePluginRandomness(sha256(utf8(`block/${this.height}`)), this.networkType),
      params: this.params,
      store: this.store,
      registry: this.registry as RegistryView,
      emitEvent: (name: string, attributes: Readonly<Record<string, string>>) => {
        if (!EVENT_NAME_RE.test(name)) throw new PluginContractError(`event name must match ${EVENT_NAME_RE}: ${name}`);
        this.events.push({ name, attributes: { ...attributes } });
      },
      report: (v: Verdict) => this.verdicts.push(normalizeVerdict(v)),
    };
  }

  /** Register a device (metadata validated, onRegister consulted). Throws on veto. */
  register(metadata: unknown, opts: { location?: string; owner?: string } = {}): DeviceView<M> {
    const m = this.schemas.validate("metadata", metadata);
    if (!m.ok) throw new Error(m.message);
    const pubkey = sha256(utf8(`device-${++this.deviceCounter}`));
    const device: DeviceView<M> = {
      id: deviceIdFromPubKey(KeyType.ED25519, pubkey),
      owner: opts.owner ?? "depin1owner",
      networkType: this.networkType,
      keyType: KeyType.ED25519,
      pubkey,
      metadata: m.value,
      location: opts.location,
      status: "ACTIVE",
      registeredHeight: this.height,
    };
    if (this.plugin.onRegister) {
      const v = normalizeRegisterVerdict(withDeterminismGuard(() => this.plugin.onRegister!({ ...this.base(), change: "register", device, previous: undefined })));
      if (!v.accepted) throw new Error(`${v.reason}${v.detail ? `: ${v.detail}` : ""}`);
    }
    this.registry.put(device as DeviceView);
    return device;
  }

  /** Update a device's metadata and/or location (validated, onRegister consulted with "update"). Throws on veto. */
  update(device: DeviceView<M>, change: { metadata?: unknown; location?: string }): DeviceView<M> {
    const previous = (this.registry.getDevice(device.id) ?? device) as DeviceView<M>;
    let metadata = previous.metadata;
    if (change.metadata !== undefined) {
      const m = this.schemas.validate("metadata", change.metadata);
      if (!m.ok) throw new Error(m.message);
      metadata = m.value;
    }
    const next: DeviceView<M> = { ...previous, metadata, location: change.location ?? previous.location };
    if (this.plugin.onRegister) {
      const v = normalizeRegisterVerdict(withDeterminismGuard(() => this.plugin.onRegister!({ ...this.base(), change: "update", device: next, previous })));
      if (!v.accepted) throw new Error(`${v.reason}${v.detail ? `: ${v.detail}` : ""}`);
    }
    this.registry.put(next as DeviceView);
    return next;
  }

  /**
   * Submit one proof payload for a device (signature and timestamp window assumed valid; the
   * payload goes through canonical JSON + schema like on chain). Returns the normalized outcome.
   */
  submit(device: DeviceView<M>, payload: unknown, opts: { timestampMs?: bigint } = {}): NormalizedResult {
    let bytes: Uint8Array;
    try {
      bytes = canonicalJsonBytes(payload);
    } catch (e) {
      return { accepted: false, units: 0n, reason: "PAYLOAD_INVALID_JSON", quality: 0, detail: (e as Error).message };
    }
    const decoded = this.schemas.decode("payload", bytes);
    if (!decoded.ok) return { accepted: false, units: 0n, reason: decoded.code === "SCHEMA" ? "PAYLOAD_SCHEMA" : "PAYLOAD_INVALID_JSON", quality: 0, detail: decoded.message };
    const sequence = (this.lastSequence.get(device.id) ?? 0n) + 1n;
    this.lastSequence.set(device.id, sequence);
    const proof = { sequence, timestampMs: opts.timestampMs ?? this.timeMs, payload: decoded.value, payloadBytes: bytes };
    const result = normalizeVerifyResult(
      withDeterminismGuard(() => this.plugin.verify({ ...this.base(), device, proof, lastAccepted: this.lastAccepted.get(device.id) })),
    );
    if (result.accepted) this.lastAccepted.set(device.id, { sequence, timestampMs: proof.timestampMs, payload: proof.payload, height: this.height });
    return result;
  }

  /** Hook context: base + `deactivate`, applied (registry status INACTIVE) after the hook returns, like the chain. */
  private hookContext() {
    const pending: Array<{ deviceId: string; reason: string }> = [];
    const ctx = {
      ...this.base(),
      deactivate: (deviceId: string, reason: string) => {
        if (!REASON_CODE_RE.test(reason)) throw new PluginContractError(`deactivate reason must match ${REASON_CODE_RE}`);
        pending.push({ deviceId, reason });
      },
    };
    const apply = () => {
      for (const { deviceId, reason } of pending) {
        const d = this.registry.getDevice(deviceId);
        if (!d || d.networkType !== this.networkType || d.status !== "ACTIVE") continue;
        this.registry.put({ ...d, status: "INACTIVE" });
        this.deactivated.push({ deviceId, reason });
      }
    };
    return { ctx, apply };
  }

  runOnBlock(): void {
    if (!this.plugin.onBlock) return;
    const { ctx, apply } = this.hookContext();
    withDeterminismGuard(() => this.plugin.onBlock!(ctx));
    apply();
  }

  runOnEpochEnd(epoch: bigint): void {
    if (!this.plugin.onEpochEnd) return;
    const { ctx, apply } = this.hookContext();
    withDeterminismGuard(() => this.plugin.onEpochEnd!({ ...ctx, epoch }));
    apply();
  }

  /** Runs the plugin's read-only query against the harness state (store is read-only, like on chain). */
  query(path: string, request: JsonValue): JsonValue {
    if (!this.plugin.query) throw new Error(`plugin ${this.plugin.type} has no queries`);
    const q = this.plugin.query;
    return withDeterminismGuard(() => q.call(this.plugin, { networkType: this.networkType, height: this.height, params: this.params, store: readOnlyPluginStore(this.store), registry: this.registry }, path, request));
  }
}
