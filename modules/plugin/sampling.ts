/**
 * A plugin-owned device index for random sampling (challenge selection) in O(1) per draw.
 *
 * Scanning every device each block to pick challengees makes block time grow with the network.
 * Instead a plugin keeps, in its own store, a dense array of device ids (ordinal -> id, id ->
 * ordinal, count), adds to it in onRegister and draws random ordinals with `randomIndex`. Devices
 * that became inactive (the plugin is not told when an owner deactivates one) are swap-removed
 * lazily when a draw hits them, so the array stays dense and a draw stays O(1) store reads.
 *
 * Keys under `<prefix>/`: `n` (count, decimal), `o/<ordinal, 12 digits>` -> id, `d/<id>` -> ordinal.
 */
import { randomIndex } from "./randomness";
import type { PluginStore } from "./store";
import type { DeviceView, RegistryView } from "./types";
import { utf8 } from "./bytes";

const decoder = new TextDecoder();

function pad(n: bigint): string {
  return n.toString().padStart(12, "0");
}

export class SamplingIndex {
  constructor(
    private readonly store: PluginStore,
    private readonly prefix = "ix",
  ) {}

  private key(...parts: string[]): string {
    return [this.prefix, ...parts].join("/");
  }

  count(): bigint {
    const raw = this.store.get(this.key("n"));
    return raw === undefined ? 0n : BigInt(decoder.decode(raw));
  }

  has(deviceId: string): boolean {
    return this.store.has(this.key("d", deviceId));
  }

  at(ordinal: bigint): string | undefined {
    const raw = this.store.get(this.key("o", pad(ordinal)));
    return raw === undefined ? undefined : decoder.decode(raw);
  }

  /** Appends a device (no-op when already indexed). */
  add(deviceId: string): void {
    if (this.has(deviceId)) return;
    const n = this.count();
    this.store.set(this.key("o", pad(n)), utf8(deviceId));
    this.store.set(this.key("d", deviceId), utf8(n.toString()));
    this.store.set(this.key("n"), utf8((n + 1n).toString()));
  }

  /** Removes a device by moving the last entry into its slot (no-op when absent). */
  remove(deviceId: string): void {
    const raw = this.store.get(this.key("d", deviceId));
    if (raw === undefined) return;
    const ordinal = BigInt(decoder.decode(raw));
    const last = this.count() - 1n;
    if (ordinal !== last) {
      const moved = this.at(last)!;
      this.store.set(this.key("o", pad(ordinal)), utf8(moved));
      this.store.set(this.key("d", moved), utf8(ordinal.toString()));
    }
    this.store.delete(this.key("o", pad(last)));
    this.store.delete(this.key("d", deviceId));
    this.store.set(this.key("n"), utf8(last.toString()));
  }

  /**
   * Draws up to `want` distinct ACTIVE devices with `randomIndex(seed, label, attempt, count)`,
   * making at most `maxAttempts` draws (bounded work whatever the index holds). Inactive or
   * unknown devices hit by a draw are removed from the index; `accept` can skip a device (for
   * example one that already has an open challenge) without removing it. Deterministic: the
   * result depends only on the store, the registry and the seed.
   */
  sample(
    registry: RegistryView,
    seed: Uint8Array,
    label: string,
    want: number,
    maxAttempts: number,
    accept: (device: DeviceView) => boolean = () => true,
  ): DeviceView[] {
    const picked: DeviceView[] = [];
    const seen = new Set<string>();
    for (let attempt = 0; attempt < maxAttempts && picked.length < want; attempt++) {
      const n = this.count();
      if (n === 0n) break;
      const id = this.at(randomIndex(seed, label, BigInt(attempt), n))!;
      if (seen.has(id)) continue;
      seen.add(id);
      const device = registry.getDevice(id);
      if (!device || device.status !== "ACTIVE") {
        this.remove(id);
        continue;
      }
      if (accept(device)) picked.push(device);
    }
    return picked;
  }
}
