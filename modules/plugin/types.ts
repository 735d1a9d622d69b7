/**
 * The NetworkPlugin contract: the only thing a plugin author implements. See README.md.
 *
 * Time: block time is unix **milliseconds** as bigint (`ctx.timeMs`); proof timestamps are unix
 * milliseconds too. Plugin payloads may use seconds (say so in the plugin's schema/README).
 * Heights are bigint. Units are non-negative bigint. No floats anywhere.
 */
import type { JsonValue } from "./canonical-json";
import type { KeyType } from "./device-keys";
import type { PluginStore } from "./store";

/** A JSON Schema (draft-07 subset accepted by ajv in strict mode). */
export type JsonSchema = { readonly [key: string]: unknown };

export type DeviceStatus = "ACTIVE" | "INACTIVE";

/** A registered device as plugins see it (metadata parsed, already schema-valid). */
export interface DeviceView<M = JsonValue> {
  readonly id: string;
  readonly owner: string;
  readonly networkType: string;
  readonly keyType: KeyType;
  readonly pubkey: Uint8Array;
  readonly metadata: M;
  /** H3 cell (canonical lowercase hex) at the registry's location resolution, or undefined. */
  readonly location: string | undefined;
  readonly status: DeviceStatus;
  readonly registeredHeight: bigint;
}

/** A proof as plugins see it: signature, sequence and timestamp window already checked. */
export interface ProofView<Y = JsonValue> {
  readonly sequence: bigint;
  /** Device clock at signing, unix ms. */
  readonly timestampMs: bigint;
  /** Parsed payload, already valid against payloadSchema. */
  readonly payload: Y;
  /** The canonical JSON bytes that were signed (hashed inside the sign bytes). */
  readonly payloadBytes: Uint8Array;
}

/** The device's last accepted proof (the previous reading for counters, intervals...). */
export interface AcceptedProofView<Y = JsonValue> {
  readonly sequence: bigint;
  readonly timestampMs: bigint;
  readonly payload: Y;
  /** Height at which it was accepted. */
  readonly height: bigint;
}

/** Read-only registry lookups. */
export interface RegistryView {
  getDevice(id: string): DeviceView | undefined;
  /**
   * Devices whose location is one of `cells` or inside one of them (cells may be coarser than the
   * location resolution). Sorted by device id; only devices of `networkType` (default: the calling
   * plugin's network type); inactive devices only with includeInactive. At most `limit`
   * (default 1000) devices: bounded work per call.
   */
  devicesInCells(cells: readonly string[], opts?: { networkType?: string; includeInactive?: boolean; limit?: number }): DeviceView[];
}

/** Inputs common to every plugin call. All deterministic. */
export interface BaseContext<P = JsonValue> {
  readonly chainId: string;
  /** The network type this call is for (NetworkType.name; several may share one plugin). */
  readonly networkType: string;
  readonly height: bigint;
  /** Block time, unix milliseconds (the only clock). */
  readonly timeMs: bigint;
  /**
   * 32 bytes of block randomness for this network type (see randomness.ts for the derivation and
   * its limits). Derive sub-streams with randomBytesFor / randomIndex.
   */
  readonly randomness: Uint8Array;
  /** Parsed plugin params of this network type (schema-valid). */
  readonly params: P;
  /** This network type's own key/value namespace. */
  readonly store: PluginStore;
  readonly registry: RegistryView;
  /**
   * Emit a typed event, recorded as ABCI event `depin.plugin.<networkType>.<name>` with these
   * attributes (tx event from verify/onRegister, finalize-block event from hooks). name: [a-z0-9_].
   */
  emitEvent(name: string, attributes: Readonly<Record<string, string>>): void;
}

/**
 * A verdict reported outside of the verify return value: from hooks (a missed challenge deadline,
 * a witness tally at the end of a window) or from verify about *other* devices (a witness report
 * crediting the beaconer). Recorded as a ProofOutcome with origin HOOK and counted in the current
 * rewards epoch exactly like verify results.
 */
export interface Verdict {
  readonly deviceId: string;
  readonly accepted: boolean;
  /** >= 0; must be 0 when not accepted. */
  readonly units: bigint;
  /** Stable machine code (upper snake case), required when not accepted. */
  readonly reason?: string;
  /** 0..100 integer, default 100. */
  readonly quality?: number;
  /** Plugin-defined reference, e.g. "challenge/42" (<= 64 chars). */
  readonly ref?: string;
  /** Human readable detail (<= 256 bytes). */
  readonly detail?: string;
}

export interface ReportingContext {
  /** Record a verdict for any device of this network type. */
  report(verdict: Verdict): void;
}

export interface VerifyContext<P = JsonValue, M = JsonValue, Y = JsonValue> extends BaseContext<P>, ReportingContext {
  readonly device: DeviceView<M>;
  readonly proof: ProofView<Y>;
  /** Undefined before the device's first accepted proof. */
  readonly lastAccepted: AcceptedProofView<Y> | undefined;
}

export interface VerifyResult {
  readonly accepted: boolean;
  /** Reward units earned by this proof (>= 0n; 0n when rejected). */
  readonly units: bigint;
  /** Stable machine code, e.g. "COUNTER_BACKWARDS"; required when rejected, optional remark otherwise. */
  readonly reason?: string;
  /** Integer 0..100 (default 100). */
  readonly quality?: number;
  /** Human readable detail for operators (<= 256 bytes). */
  readonly detail?: string;
}

/** A usage receipt as verifyUsage sees it: both signatures, replay and time window already checked. */
export interface UsageReceiptView<U = JsonValue> {
  /** bech32 account that received the service (signed the receipt with its secp256k1 key). */
  readonly user: string;
  /** bech32 account whose credits pay (the user itself, or a delegating payer). */
  readonly payer: string;
  readonly sequence: bigint;
  /** Service period, unix ms, start < end. */
  readonly periodStartMs: bigint;
  readonly periodEndMs: bigint;
  /** Parsed usage payload, already valid against usageSchema. */
  readonly payload: U;
  /** The canonical JSON bytes both parties signed (hashed inside the usage sign bytes). */
  readonly payloadBytes: Uint8Array;
}

/** The device's last accepted usage receipt (undefined before the first). */
export interface AcceptedUsageView<U = JsonValue> {
  readonly sequence: bigint;
  readonly user: string;
  readonly periodStartMs: bigint;
  readonly periodEndMs: bigint;
  readonly payload: U;
  readonly height: bigint;
}

export interface UsageContext<P = JsonValue, M = JsonValue, U = JsonValue> extends BaseContext<P> {
  readonly device: DeviceView<M>;
  readonly receipt: UsageReceiptView<U>;
  readonly lastReceipt: AcceptedUsageView<U> | undefined;
}

/**
 * verifyUsage's verdict: usage units delivered (the payments module debits units x the network
 * type's credits_per_unit and counts the units for the device's usage share of rewards), or a
 * rejection with a stable reason code (e.g. "EXCEEDS_CAPACITY"). Same contract as VerifyResult.
 */
export type UsageResult = VerifyResult;

export type RegisterChange = "register" | "update";

export interface RegisterContext<P = JsonValue, M = JsonValue> extends BaseContext<P> {
  /** "register" for MsgRegisterDevice, "update" for a metadata/location change. */
  readonly change: RegisterChange;
  /** The device as it will be stored (status ACTIVE). */
  readonly device: DeviceView<M>;
  /** The stored record before an update (undefined on register). */
  readonly previous: DeviceView<M> | undefined;
}

/** onRegister may veto a registration/update; the tx then fails with this reason. */
export interface RegisterVerdict {
  readonly accepted: boolean;
  readonly reason?: string;
  readonly detail?: string;
}

/**
 * Hooks only (onBlock, onEpochEnd): a device's status changes at end of block, never in the middle
 * of a tx batch, so no proof's verdict depends on where it sits in a block.
 */
export interface DeviceControlContext {
  /**
   * Deactivate a device of this network type (the effect of MsgDeactivateDevice: it earns nothing
   * and its proofs are rejected DEVICE_INACTIVE until its owner registers it again). Applied after
   * the hook returns normally; ignored for unknown, already inactive or other-type devices.
   * `reason`: stable code (upper snake case), carried in the plugin_deactivated event.
   */
  deactivate(deviceId: string, reason: string): void;
}

export type HookContext<P = JsonValue> = BaseContext<P> & ReportingContext & DeviceControlContext;

export interface EpochEndContext<P = JsonValue> extends HookContext<P> {
  /** The epoch that is closing (its units are final after this hook). */
  readonly epoch: bigint;
}

export interface PluginQueryContext<P = JsonValue> {
  readonly networkType: string;
  readonly height: bigint;
  readonly params: P;
  /** Read-only at query time: set/delete throw. */
  readonly store: PluginStore;
  readonly registry: RegistryView;
}

/**
 * A network plugin. P, M, Y, U are the TypeScript shapes of params, metadata, proof payload and
 * usage receipt payload; their JSON Schemas are the runtime truth (values reach the plugin only
 * after validation).
 */
// U defaults to any so that NetworkPlugin<P, M, Y> (e.g. the host's any-plugin type) accepts plugins
// with a typed usage payload.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface NetworkPlugin<P = JsonValue, M = JsonValue, Y = JsonValue, U = any> {
  /** Plugin identifier, [a-z0-9-]{3,32}; usually also the network type name. */
  readonly type: string;
  /** Semver of the plugin's rules; a rule change is a new version (and a chain upgrade). */
  readonly version: string;
  readonly paramsSchema: JsonSchema;
  readonly metadataSchema: JsonSchema;
  /**
   * Schema of the proof payload: canonical JSON (UTF-8, sorted keys, integers only) of this
   * object. A plugin accepting several message kinds (reading, witness report, challenge
   * response...) uses a `kind` discriminator with `oneOf` here and dispatches in verify.
   */
  readonly payloadSchema: JsonSchema;
  /** Cross-field param checks beyond the schema; return an error message or undefined. */
  checkParams?(params: P): string | undefined;
  /** Judge one proof. Synchronous, deterministic, bounded work. */
  verify(ctx: VerifyContext<P, M, Y>): VerifyResult;
  /** Veto or prepare a registration / metadata-location update. */
  onRegister?(ctx: RegisterContext<P, M>): RegisterVerdict | void;
  /** Every block (end of block), in network-type name order: issue challenges, expire deadlines. */
  onBlock?(ctx: HookContext<P>): void;
  /** Before an epoch's rewards are computed: final tallies, epoch-level units. */
  onEpochEnd?(ctx: EpochEndContext<P>): void;
  /**
   * Schema of usage receipt payloads (what the user received: bytes, Wh, readings, minutes), root
   * type "object"; required with verifyUsage. Receipts are canonical JSON of this object.
   */
  readonly usageSchema?: JsonSchema;
  /**
   * Optional: judge one usage receipt signed by the device and the paying user (payments module).
   * Enforce capacity rules here (e.g. energy above the device's rated power for the period).
   * Synchronous, deterministic, bounded work; writes to ctx.store are kept unless it throws.
   * A network type whose plugin lacks it rejects receipts with USAGE_NOT_SUPPORTED.
   */
  verifyUsage?(ctx: UsageContext<P, M, U>): UsageResult;
  /** Read-only queries exposed as /depin.proofs.v1.Query/PluginQuery (path + JSON request). */
  query?(ctx: PluginQueryContext<P>, path: string, request: JsonValue): JsonValue;
}

/** Identity helper that gives type inference for plugin definitions. */
export function definePlugin<P, M, Y, U = JsonValue>(plugin: NetworkPlugin<P, M, Y, U>): NetworkPlugin<P, M, Y, U> {
  return plugin;
}
