/**
 * Typed payload builders per plugin, validated against the plugin's own JSON Schema (the one the
 * chain compiles, through the plugin API's `compilePluginSchemas`) before anything is signed.
 * Output is the canonical JSON bytes the chain requires.
 */
import { canonicalJsonBytes } from "../../modules/plugin/canonical-json";
import { compilePluginSchemas, type CompiledPluginSchemas } from "../../modules/plugin/schemas";
import type { NetworkPlugin } from "../../modules/plugin/types";
import { energyMeter, type EnergyMeterMetadata, type EnergyMeterPayload } from "../../plugins/energy-meter";
import { envSensor, type EnvSensorMetadata, type EnvSensorPayload } from "../../plugins/env-sensor";
import { FieldnetValidationError } from "../errors";

export type { EnergyMeterMetadata, EnergyMeterPayload };
export type { EnvSensorMetadata, EnvSensorPayload } from "../../plugins/env-sensor";

/** Validates payloads and metadata of one plugin and encodes them canonically. */
export class PayloadCodec<M, Y> {
  private readonly schemas: CompiledPluginSchemas<unknown, M, Y>;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(readonly plugin: NetworkPlugin<any, M, Y>) {
    this.schemas = compilePluginSchemas(plugin) as CompiledPluginSchemas<unknown, M, Y>;
  }

  /** Canonical JSON payload bytes; throws FieldnetValidationError (reason PAYLOAD_SCHEMA) with the schema's message. */
  payload(value: Y): Uint8Array {
    return this.check("payload", value);
  }

  metadata(value: M): Uint8Array {
    return this.check("metadata", value);
  }

  /** Checks bytes a device produced (canonical encoding and schema); returns an error text or undefined. */
  checkPayloadBytes(bytes: Uint8Array): string | undefined {
    const r = this.schemas.decode("payload", bytes);
    return r.ok ? undefined : `${r.code === "INVALID_JSON" ? "PAYLOAD_INVALID_JSON" : "PAYLOAD_SCHEMA"}: ${r.message}`;
  }

  private check(kind: "payload" | "metadata", value: unknown): Uint8Array {
    const r = this.schemas.validate(kind as "payload", value);
    if (!r.ok) throw new FieldnetValidationError(`${this.plugin.type} ${kind} is invalid: ${r.message}`, kind === "payload" ? "PAYLOAD_SCHEMA" : "METADATA_SCHEMA");
    return canonicalJsonBytes(value);
  }
}

let energy: PayloadCodec<EnergyMeterMetadata, EnergyMeterPayload> | undefined;
let env: PayloadCodec<EnvSensorMetadata, EnvSensorPayload> | undefined;

export const payloads = {
  /** `{counterWh, readAt}`: lifetime Wh counter and unix seconds. */
  energyMeter(value: EnergyMeterPayload): Uint8Array {
    return (energy ??= new PayloadCodec(energyMeter)).payload(value);
  },
  energyMeterMetadata(value: EnergyMeterMetadata): Uint8Array {
    return (energy ??= new PayloadCodec(energyMeter)).metadata(value);
  },
  /** `{readAt, metrics: {...}}` per plugins/env-sensor/README.md. */
  envSensor(value: EnvSensorPayload): Uint8Array {
    return (env ??= new PayloadCodec(envSensor)).payload(value);
  },
  envSensorMetadata(value: EnvSensorMetadata): Uint8Array {
    return (env ??= new PayloadCodec(envSensor)).metadata(value);
  },
};
