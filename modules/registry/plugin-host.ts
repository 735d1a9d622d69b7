/**
 * The plugins compiled into this app (from the network config), with their schemas compiled once
 * at app construction, and the one place that builds plugin contexts for every module (registry
 * for onRegister, proofs for verify and the block hooks). Plugin state lives under the "plugins"
 * store key, one namespace per network type; no module other than through this host touches it.
 */
import { LRUCache } from "lru-cache";
import { storeKey, type Context } from "../app/context";
import type { EventManager } from "../app/events";
import { prefixStore } from "../store/prefix-store";
import { compilePluginSchemas, type CompiledPluginSchemas } from "../plugin/schemas";
import { deriveBlockRandomness, derivePluginRandomness } from "../plugin/randomness";
import { pluginStoreFromKV, type PluginStore } from "../plugin/store";
import { EVENT_NAME_RE, PluginContractError } from "../plugin/results";
import type { BaseContext, NetworkPlugin, RegistryView } from "../plugin/types";
import type { JsonValue } from "../plugin/canonical-json";
import type { KVStore } from "../store/types";

export const PLUGINS_STORE = storeKey("plugins");

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPlugin = NetworkPlugin<any, any, any>;

export interface HostedPlugin {
  readonly plugin: AnyPlugin;
  readonly schemas: CompiledPluginSchemas<JsonValue, JsonValue, JsonValue>;
}

const PLUGIN_TYPE_RE = /^[a-z0-9-]{3,32}$/;

/** Prefix of a network type's plugin namespace inside the "plugins" store. */
export function pluginNamespace(networkType: string): Uint8Array {
  return new Uint8Array([...Buffer.from(networkType, "utf8"), 0]);
}

/**
 * The context of one plugin call per item (a proof's verify, a receipt's verifyUsage): the
 * block-constant fields of `base` copied one by one, the item's own copy of the randomness (a plugin
 * cannot alter another item's), a store opened on first use, then `extra`. Not
 * `{ ...base, ...extra }`: V8 defines every property after a spread through a runtime call, ~5 µs
 * for such a context (measured), once per proof.
 */
export function perItemContext<P, T extends object>(base: BaseContext<P>, openStore: () => PluginStore, extra: T): BaseContext<P> & T {
  const context: BaseContext<P> = {
    chainId: base.chainId,
    networkType: base.networkType,
    height: base.height,
    timeMs: base.timeMs,
    params: base.params,
    registry: base.registry,
    emitEvent: base.emitEvent,
    randomness: base.randomness.slice(),
    get store(): PluginStore {
      return openStore();
    },
  };
  return Object.assign(context, extra);
}

export class PluginHost {
  private readonly byType = new Map<string, HostedPlugin>();
  // Parsed params per canonical params bytes: parsing is pure, so caching cannot leak into state.
  private readonly paramsCache = new LRUCache<string, { value: JsonValue }>({ max: 256 });

  constructor(plugins: readonly AnyPlugin[]) {
    for (const plugin of plugins) {
      if (!PLUGIN_TYPE_RE.test(plugin.type)) throw new Error(`plugin type "${plugin.type}" must match ${PLUGIN_TYPE_RE}`);
      if (this.byType.has(plugin.type)) throw new Error(`plugin "${plugin.type}" is registered twice`);
      this.byType.set(plugin.type, { plugin, schemas: compilePluginSchemas(plugin) as HostedPlugin["schemas"] });
    }
  }

  get(type: string): HostedPlugin | undefined {
    return this.byType.get(type);
  }

  /** Plugin types in name order. */
  types(): string[] {
    return [...this.byType.keys()].sort();
  }

  /** Parses canonical params bytes that were validated when stored. */
  parsedParams(hosted: HostedPlugin, paramsJson: Uint8Array): JsonValue {
    const cacheKey = `${hosted.plugin.type}\0${Buffer.from(paramsJson).toString("latin1")}`;
    const hit = this.paramsCache.get(cacheKey);
    if (hit !== undefined) return hit.value;
    const decoded = hosted.schemas.decode("params", paramsJson);
    if (!decoded.ok) throw new Error(`stored params of plugin ${hosted.plugin.type} no longer validate: ${decoded.message}`);
    this.paramsCache.set(cacheKey, { value: decoded.value });
    return decoded.value;
  }

  /** The network type's plugin store on `kv` (a store over the whole state, e.g. a branch). */
  store(ctx: Context, networkType: string, metered: boolean): KVStore {
    const root = metered ? ctx.kvStore(PLUGINS_STORE) : ctx.unmeteredStore(PLUGINS_STORE);
    return prefixStore(root, pluginNamespace(networkType));
  }

  /** The deterministic inputs every plugin call gets. */
  baseContext(
    ctx: Context,
    networkType: string,
    params: JsonValue,
    registry: RegistryView,
    store: PluginStore,
    events: EventManager,
  ): BaseContext<JsonValue> {
    const blockRandomness = deriveBlockRandomness({ chainId: ctx.header.chainId, height: ctx.header.height, blockHash: ctx.header.hash });
    return {
      chainId: ctx.header.chainId,
      networkType,
      height: ctx.header.height,
      timeMs: ctx.header.timeMs,
      randomness: derivePluginRandomness(blockRandomness, networkType),
      params,
      store,
      registry,
      emitEvent: (name, attributes) => {
        if (!EVENT_NAME_RE.test(name)) throw new PluginContractError(`event name must match ${EVENT_NAME_RE}: ${name}`);
        const keys = Object.keys(attributes).sort();
        events.emit(`depin.plugin.${networkType}.${name}`, keys.map((key) => [key, String(attributes[key])]));
      },
    };
  }

  pluginStore(kv: KVStore): PluginStore {
    return pluginStoreFromKV(kv);
  }
}
