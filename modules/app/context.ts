/**
 * What a handler sees: the block header (the only clock and randomness), the execution mode, the
 * gas meter, the event sink and module-scoped stores. Modules never hold a store across calls.
 */
import type { KVStore, ReadonlyKVStore } from "../store/types";
import { prefixStore } from "../store/prefix-store";
import { EventManager } from "./events";
import { GasKVStore, GasMeter, INFINITE_GAS } from "./gas";

export type ExecMode = "check" | "recheck" | "simulate" | "finalize" | "genesis" | "query";

export interface BlockHeader {
  readonly chainId: string;
  readonly height: bigint;
  /** Block time from consensus, in unix milliseconds (the only clock consensus code may read). */
  readonly timeMs: bigint;
  /** Hash of the block being executed (randomness source); empty in CheckTx and queries. */
  readonly hash: Uint8Array;
  readonly proposer: Uint8Array;
}

/** A module's isolated slice of state: its name, prefixed so no module can see another's keys. */
export interface StoreKey {
  readonly name: string;
  readonly prefix: Uint8Array;
}

const storeKeys = new Map<string, StoreKey>();

/** The prefix of a module's keys in the state: its name, then NUL (so "bank\0" never prefixes "banks\0"). */
export function storePrefix(name: string): Uint8Array {
  return new Uint8Array([...Buffer.from(name, "utf8"), 0]);
}

export function storeKey(name: string): StoreKey {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`invalid store name "${name}"`);
  let key = storeKeys.get(name);
  if (!key) {
    key = { name, prefix: storePrefix(name) };
    storeKeys.set(name, key);
  }
  return key;
}

/** The store key registered under `name` by a module, if any (raw store queries use it). */
export function registeredStoreKey(name: string): StoreKey | undefined {
  return storeKeys.get(name);
}

export function registeredStoreNames(): string[] {
  return [...storeKeys.keys()].sort();
}

export class Context {
  constructor(
    readonly header: BlockHeader,
    readonly mode: ExecMode,
    private readonly state: KVStore,
    readonly gasMeter: GasMeter = new GasMeter(INFINITE_GAS),
    readonly events: EventManager = new EventManager(),
    /** Hash (upper-case hex, as CometBFT prints it) of the tx being run; empty outside a tx. */
    readonly txHash: string = "",
    /** Index of the message being run within its tx's body; -1 outside a message. */
    readonly msgIndex: number = -1,
  ) {}

  // Per-context memo of the store views: state and meter are fixed for a context's lifetime, so the
  // wrappers are stateless and can be shared (they were rebuilt on every access before).
  private metered: Map<StoreKey, KVStore> | undefined;
  private unmetered: Map<StoreKey, KVStore> | undefined;
  private gasStore: GasKVStore | undefined;

  /** The module's store, metered against this context's gas meter. */
  kvStore(key: StoreKey): KVStore {
    const cache = (this.metered ??= new Map());
    let store = cache.get(key);
    if (!store) {
      store = prefixStore((this.gasStore ??= new GasKVStore(this.state, this.gasMeter)), key.prefix);
      cache.set(key, store);
    }
    return store;
  }

  /** The module's store without gas (begin/end block hooks, genesis, queries). */
  unmeteredStore(key: StoreKey): KVStore {
    const cache = (this.unmetered ??= new Map());
    let store = cache.get(key);
    if (!store) {
      store = prefixStore(this.state, key.prefix);
      cache.set(key, store);
    }
    return store;
  }

  /** A copy with other state/gas/events, for running a nested unit (a tx, a message). */
  with(parts: { state?: KVStore; gasMeter?: GasMeter; events?: EventManager; mode?: ExecMode; txHash?: string; msgIndex?: number }): Context {
    return new Context(
      this.header,
      parts.mode ?? this.mode,
      parts.state ?? this.state,
      parts.gasMeter ?? this.gasMeter,
      parts.events ?? this.events,
      parts.txHash ?? this.txHash,
      parts.msgIndex ?? this.msgIndex,
    );
  }

  get rawState(): ReadonlyKVStore {
    return this.state;
  }
}
