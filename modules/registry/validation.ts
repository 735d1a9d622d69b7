/** Validation shared by registry Msgs and genesis: plugin binding, plugin params, metadata, location. */
import { canonicalJsonBytes } from "../plugin/canonical-json";
import { getH3Resolution, isValidH3Cell } from "../plugin/h3";
import { ErrInvalidLocation, ErrInvalidMetadata, ErrInvalidPluginParams, ErrPluginVersionMismatch, ErrUnknownPlugin } from "./errors";
import type { HostedPlugin, PluginHost } from "./plugin-host";

export const NETWORK_TYPE_NAME_RE = /^[a-z0-9-]{3,32}$/;

/**
 * Checks that `plugin` is compiled into the app at exactly `version` and that the params validate
 * against its schema; returns the params re-encoded as canonical JSON (what is stored).
 */
export function validateNetworkTypeParams(plugins: PluginHost, plugin: string, version: string, paramsJson: Uint8Array): Uint8Array {
  const hosted = plugins.get(plugin);
  if (!hosted) throw ErrUnknownPlugin.wrap(`plugin "${plugin}" (app has: ${plugins.types().join(", ") || "none"})`);
  if (hosted.plugin.version !== version) {
    throw ErrPluginVersionMismatch.wrap(`plugin "${plugin}": requested version ${version}, app runs ${hosted.plugin.version}`);
  }
  const decoded = hosted.schemas.decode("params", paramsJson, { requireCanonical: false });
  if (!decoded.ok) throw ErrInvalidPluginParams.wrap(decoded.message);
  return canonicalJsonBytes(decoded.value);
}

/** Validates metadata JSON against the plugin schema (field-level message); returns canonical bytes. */
export function validateMetadata(hosted: HostedPlugin, metadataJson: Uint8Array, maxBytes: number): Uint8Array {
  const bytes = metadataJson.length === 0 ? new TextEncoder().encode("{}") : metadataJson;
  if (bytes.length > maxBytes) throw ErrInvalidMetadata.wrap(`metadata is ${bytes.length} bytes, limit ${maxBytes}`);
  const decoded = hosted.schemas.decode("metadata", bytes, { requireCanonical: false });
  if (!decoded.ok) throw ErrInvalidMetadata.wrap(decoded.message);
  return canonicalJsonBytes(decoded.value);
}

export function validateLocation(location: string, resolution: number): void {
  if (location === "") return;
  if (!isValidH3Cell(location)) throw ErrInvalidLocation.wrap(`"${location}" is not a valid H3 cell (canonical lowercase hex)`);
  const actual = getH3Resolution(location);
  if (actual !== resolution) throw ErrInvalidLocation.wrap(`"${location}" has resolution ${actual}, the registry requires ${resolution}`);
}
