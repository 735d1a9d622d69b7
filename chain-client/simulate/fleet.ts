/**
 * Simulated devices: register a fleet in few txs, produce valid energy-meter / env-sensor proofs.
 * Used by `fieldnet simulate`, the gateway tests and bench/gateway-throughput.ts.
 */
import type { Proof } from "../../generated/depin/proofs/v1/types";
import { DeviceKey } from "../device/keys";
import { payloads } from "../device/payloads";
import { signProof } from "../device/proofs";
import type { SigningFieldnetClient } from "../signing-client";
import { latLngToCell } from "h3-js";

export type SimulatedType = "energy-meter" | "env-sensor";

export interface SimDevice {
  readonly key: DeviceKey;
  readonly type: SimulatedType;
  /** Next sequence to sign. */
  nextSequence: bigint;
  counterWh: number;
  /** readAt (unix s) of the first reading; later readings step by `intervalSeconds`. */
  readonly startReadAt: number;
}

export interface FleetOptions {
  readonly type: SimulatedType;
  readonly devices: number;
  /** Readings planned per device: the first readAt is placed that many intervals in the past. */
  readonly readingsPerDevice: number;
  /** Seconds between readings (>= the plugin's minIntervalSeconds). Default 300. */
  readonly intervalSeconds?: number;
  /** Registrations per tx (default 50). */
  readonly perTx?: number;
  readonly onProgress?: (registered: number) => void;
}

const RATED_POWER_W = 10_000;

/** Registers `devices` fresh keys under the client's account; returns them ready to sign. */
export async function registerFleet(client: SigningFieldnetClient, o: FleetOptions): Promise<SimDevice[]> {
  const interval = o.intervalSeconds ?? 300;
  const start = Math.floor(Date.now() / 1000) - interval * o.readingsPerDevice - 60;
  const fleet: SimDevice[] = Array.from({ length: o.devices }, () => ({ key: DeviceKey.generate(), type: o.type, nextSequence: 1n, counterWh: 1_000, startReadAt: start }));
  const perTx = o.perTx ?? 50;
  for (let i = 0; i < fleet.length; i += perTx) {
    const slice = fleet.slice(i, i + perTx);
    const messages = await Promise.all(
      slice.map((d, j) =>
        client.registerDeviceMsg({
          key: d.key,
          networkType: d.type,
          metadata: d.type === "energy-meter" ? { ratedPowerW: RATED_POWER_W } : {},
          location: d.type === "env-sensor" ? latLngToCell(52.5 + ((i + j) % 100) * 0.01, 13.4 + Math.floor((i + j) / 100) * 0.01, 12) : undefined,
        }),
      ),
    );
    await client.execute(messages, "auto");
    o.onProgress?.(Math.min(i + perTx, fleet.length));
  }
  return fleet;
}

/** The device's next valid reading, signed (advances its sequence and counter). */
export function nextProof(d: SimDevice, chainId: string, intervalSeconds = 300): Proof {
  const n = Number(d.nextSequence) - 1;
  const readAt = d.startReadAt + n * intervalSeconds;
  let payload: Uint8Array;
  if (d.type === "energy-meter") {
    d.counterWh += n === 0 ? 0 : 100 + (n % 7);
    payload = payloads.energyMeter({ counterWh: d.counterWh, readAt });
  } else {
    payload = payloads.envSensor({ readAt, metrics: { temperature_cC: 2000 + (n % 5), humidity_pBP: 5000 } });
  }
  const proof = signProof(d.key, { chainId, sequence: d.nextSequence, payload });
  d.nextSequence += 1n;
  return proof;
}
