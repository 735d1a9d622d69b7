/**
 * cosmjs-types 0.11's `BinaryWriter.alloc` builds a fresh 8 KiB slab pool on every call, so every
 * `encode(...).finish()` allocates (and zero-fills) 8 KiB to return a few dozen bytes: ~8% of
 * FinalizeBlock on the proof path, plus GC. This replaces it, once per process, with an exact-size
 * allocation. The encoded bytes are identical (finish() writes every byte of the buffer); only the
 * backing ArrayBuffer differs (exactly the message instead of a shared slab).
 *
 * Imported for its effect by modules/app/app.ts, so every app build gets it.
 */
import { BinaryWriter } from "cosmjs-types/binary";

const INSTALLED = Symbol.for("fieldnet.binaryWriter.exactAlloc");

export function installExactBinaryWriterAlloc(): void {
  const writer = BinaryWriter as unknown as { alloc(size: number): Uint8Array; [INSTALLED]?: true };
  if (writer[INSTALLED]) return;
  writer.alloc = (size: number) => new Uint8Array(size);
  writer[INSTALLED] = true;
}

installExactBinaryWriterAlloc();
