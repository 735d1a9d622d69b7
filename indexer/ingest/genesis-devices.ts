/**
 * Devices a chain holds from genesis (no registration event ever tells of them): a chain started
 * from an exported state (`devnet --export` / `--genesis`) or a genesis that lists devices. Read once,
 * from the node's `genesis`, before the index's first block is applied.
 */
import { GenesisState } from "../../generated/depin/registry/v1/genesis";
import { DeviceStatus } from "../../generated/depin/registry/v1/types";

export interface GenesisDevice {
  readonly id: string;
  readonly owner: string;
  readonly networkType: string;
  readonly keyType: number;
  readonly location: string;
  readonly active: boolean;
  readonly registeredHeight: number;
  readonly updatedHeight: number;
}

/** The registry section's devices of a genesis app_state (none when it has no registry section). */
export function genesisDevices(appState: Record<string, unknown> | undefined): GenesisDevice[] {
  const registry = appState?.["registry"];
  if (registry === undefined || registry === null) return [];
  return GenesisState.fromJSON(registry).devices.map((d) => ({
    id: d.id,
    owner: d.owner,
    networkType: d.networkType,
    keyType: d.keyType,
    location: d.location,
    active: d.status === DeviceStatus.DEVICE_STATUS_ACTIVE,
    registeredHeight: Number(d.registeredHeight),
    updatedHeight: Number(d.updatedHeight),
  }));
}
