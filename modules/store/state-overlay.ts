/**
 * Committed changes the latest-state table does not hold yet (its writer thread applies them a
 * height at a time): reads of the latest state look here first. An entry leaves once the writer
 * has applied the height that last wrote its key.
 */
import { SortedBuffer } from "./sorted-buffer";
import type { BufferedSlot } from "./merge-iterate";

export class StateOverlay {
  private readonly slots = new SortedBuffer<BufferedSlot>();
  /** Height that last wrote each key in `slots`. */
  private readonly writtenAt = new Map<string, number>();
  /** Keys written per height, oldest height first. */
  private readonly heights: Array<{ readonly height: number; readonly keys: readonly string[] }> = [];

  get size(): number {
    return this.slots.size;
  }

  /** `undefined`: not pending (read the table); `null`: deleted at a pending height. */
  get(keyString: string): BufferedSlot | undefined {
    return this.slots.getStr(keyString);
  }

  /** A committed height's changes ([key, value or undefined = delete, key as latin1]). */
  add(height: number, changes: ReadonlyArray<readonly [Uint8Array, Uint8Array | undefined, string]>): void {
    const keys: string[] = new Array(changes.length);
    for (let i = 0; i < changes.length; i++) {
      const [, value, id] = changes[i];
      this.slots.setStr(id, value ?? null);
      this.writtenAt.set(id, height);
      keys[i] = id;
    }
    this.heights.push({ height, keys });
  }

  /** Forget what heights <= `applied` wrote, unless a later pending height wrote the key again. */
  release(applied: number): void {
    while (this.heights.length > 0 && this.heights[0].height <= applied) {
      const { height, keys } = this.heights.shift() as { height: number; keys: readonly string[] };
      for (const id of keys) {
        if (this.writtenAt.get(id) === height) {
          this.writtenAt.delete(id);
          this.slots.deleteStr(id);
        }
      }
    }
  }

  /** Pending entries with keys in [start, end), in the iteration's direction. */
  snapshot(start?: Uint8Array, end?: Uint8Array, reverse = false): Array<[string, BufferedSlot]> {
    return this.slots.snapshot(start, end, reverse);
  }
}
