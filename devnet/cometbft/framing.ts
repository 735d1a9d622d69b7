/**
 * ABCI socket framing (CometBFT v0.38): every message is an *unsigned* protobuf varint length
 * followed by that many bytes. v0.34 used signed (zigzag) varints; a reader for that format would
 * read every length as double and stall, so the two are not interchangeable.
 */

/** Why a connection's byte stream cannot be read any further. */
export class FramingError extends Error {
  override readonly name = "FramingError";
}

/** A varint of more than 10 bytes cannot encode a uint64; more than 5 cannot encode our limit. */
const MAX_VARINT_BYTES = 10;

export function encodeUvarint(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`uvarint: ${value} is not a non-negative safe integer`);
  const bytes: number[] = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

/** Prefixes `payload` with its length. */
export function frame(payload: Uint8Array): Buffer {
  return Buffer.concat([encodeUvarint(payload.length), payload]);
}

/**
 * Accumulates chunks from a socket and yields complete frames. Throws FramingError on a varint
 * that never ends or a length above `maxFrameBytes` (a corrupt or hostile peer: reading on would
 * only allocate garbage).
 */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly maxFrameBytes: number) {}

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    let offset = 0;
    for (;;) {
      const header = this.readLength(offset);
      if (header === undefined) break;
      const [length, headerBytes] = header;
      const start = offset + headerBytes;
      if (this.buffer.length < start + length) break;
      frames.push(this.buffer.subarray(start, start + length));
      offset = start + length;
    }
    this.buffer = offset === this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(offset);
    return frames;
  }

  /** Bytes received but not yet part of a complete frame. */
  get pending(): number {
    return this.buffer.length;
  }

  private readLength(offset: number): [number, number] | undefined {
    let value = 0;
    let multiplier = 1;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      if (offset + i >= this.buffer.length) return undefined;
      const byte = this.buffer[offset + i];
      value += (byte & 0x7f) * multiplier;
      if (value > this.maxFrameBytes) throw new FramingError(`frame length exceeds the limit of ${this.maxFrameBytes} bytes`);
      if ((byte & 0x80) === 0) return [value, i + 1];
      multiplier *= 0x80;
    }
    throw new FramingError(`length varint longer than ${MAX_VARINT_BYTES} bytes`);
  }
}
