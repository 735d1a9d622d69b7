/**
 * Node format of the sparse Merkle trie (a Jellyfish-Merkle-style radix trie keyed by
 * sha256(key), 2^bits children per internal node, leaves placed at the shallowest depth where
 * their key hash is unique).
 *
 * Encodings (the hashed part of each encoding is a prefix of the stored bytes, so hashing a
 * node never needs a second buffer):
 *
 *   leaf     = 0x00 | keyHash(32) | valueHash(32) | varint(len(key)) | key | value
 *   leafHash = sha256(0x00 | keyHash | valueHash)                      -- first 65 bytes
 *
 *   internal = 0x01 | bitmap(u16 BE) | childHash(32) * popcount(bitmap)
 *                   | leafMask(u16 BE) | varint(childVersion) * popcount(bitmap)
 *   nodeHash = sha256(0x01 | bitmap | childHashes)                     -- first 3+32n bytes
 *
 * Bit i of bitmap/leafMask is child digit i (LSB = digit 0); child hashes are in digit order.
 * leafMask and child versions are storage pointers only and are not hashed: the hash commits
 * only to the key/value set. The empty tree's root is sha256("") (EMPTY_ROOT).
 *
 * Nodes are stored under nodeKey = u64 BE version | one byte per path digit (JMT-style
 * (version, nibble path) keys): keys of a version are contiguous so a commit appends to the
 * end of the B-tree instead of scattering inserts as content-addressed keys would.
 */
import { hash as cryptoHash } from "node:crypto";

export const HASH_LEN = 32;
const LEAF_TAG = 0x00;
const INTERNAL_TAG = 0x01;

/**
 * sha256 as a latin1 string (one char per byte; "binary" is Node's name for latin1). node:crypto
 * gives every Buffer digest its own 32-byte ArrayBuffer backing store; allocating, sweeping and
 * freeing those was about a quarter of what V8's helper threads did under load. A string has none.
 */
export function sha256Latin1(data: Uint8Array): string {
  return cryptoHash("sha256", data, "binary");
}

/** sha256 as a Buffer carved from Node's shared pool (see sha256Latin1), not a backing store of its own. */
export function sha256(data: Uint8Array): Buffer {
  return Buffer.from(sha256Latin1(data), "latin1");
}

/** Root hash of the empty tree: sha256 of the empty string (e3b0c442...b855). */
export const EMPTY_ROOT: Buffer = sha256(new Uint8Array(0));

/** Pointer to a stored node, as held by its parent (or by the roots table). */
export interface ChildRef {
  readonly hash: Buffer;
  /** Version (height) at which the node was written; part of its storage key. */
  readonly version: number;
  readonly leaf: boolean;
}

/**
 * A leaf. Fields other than `encoded`/`hash` are decoded lazily: most leaves read during an
 * update are only compared by key hash, and Buffer views are not free.
 */
export class LeafNode {
  readonly kind = "leaf" as const;
  private kh: Buffer | undefined;
  private keyEnd = -1;
  private keyStart = -1;

  constructor(
    readonly encoded: Buffer,
    readonly hash: Buffer,
    keyHash?: Buffer,
  ) {
    this.kh = keyHash;
  }

  get keyHash(): Buffer {
    return (this.kh ??= this.encoded.subarray(1, 33));
  }

  get valueHash(): Buffer {
    return this.encoded.subarray(33, 65);
  }

  get key(): Buffer {
    this.decodeKeyBounds();
    return this.encoded.subarray(this.keyStart, this.keyEnd);
  }

  get value(): Buffer {
    this.decodeKeyBounds();
    return this.encoded.subarray(this.keyEnd);
  }

  /** Whether this leaf is for key hash `kh`, without materialising a view. */
  hasKeyHash(kh: Buffer): boolean {
    return this.kh !== undefined ? this.kh.equals(kh) : this.encoded.compare(kh, 0, 32, 1, 33) === 0;
  }

  private decodeKeyBounds(): void {
    if (this.keyStart >= 0) return;
    const [klen, off] = readVarint(this.encoded, 65);
    this.keyStart = off;
    this.keyEnd = off + klen;
  }
}

export interface InternalNode {
  readonly kind: "internal";
  readonly bitmap: number;
  readonly leafMask: number;
  /** Child hashes of present children, concatenated in digit order. */
  readonly hashes: Buffer;
  readonly versions: readonly number[];
  readonly hash: Buffer;
  readonly encoded: Buffer;
}

export type TrieNode = LeafNode | InternalNode;

export function popcount16(x: number): number {
  x = x - ((x >>> 1) & 0x5555);
  x = (x & 0x3333) + ((x >>> 2) & 0x3333);
  x = (x + (x >>> 4)) & 0x0f0f;
  return (x + (x >>> 8)) & 0x1f;
}

// ---- varint (LEB128 over safe integers; versions go beyond 2^32 in theory) ----

function varintLen(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

function writeVarint(buf: Buffer, off: number, n: number): number {
  while (n >= 0x80) {
    buf[off++] = (n % 128) | 0x80;
    n = Math.floor(n / 128);
  }
  buf[off++] = n;
  return off;
}

function readVarint(buf: Buffer, off: number): [value: number, next: number] {
  let n = 0;
  let mul = 1;
  for (;;) {
    const b = buf[off++];
    if (b === undefined) throw new Error("corrupt node: truncated varint");
    n += (b & 0x7f) * mul;
    if ((b & 0x80) === 0) return [n, off];
    mul *= 128;
  }
}

// ---- leaves ----

export function makeLeaf(keyHash: Buffer, key: Uint8Array, value: Uint8Array): LeafNode {
  const klen = varintLen(key.length);
  const encoded = Buffer.allocUnsafe(65 + klen + key.length + value.length);
  encoded[0] = LEAF_TAG;
  keyHash.copy(encoded, 1);
  encoded.write(sha256Latin1(value), 33, HASH_LEN, "latin1");
  let off = writeVarint(encoded, 65, key.length);
  encoded.set(key, off);
  off += key.length;
  encoded.set(value, off);
  return new LeafNode(encoded, sha256(encoded.subarray(0, 65)), keyHash);
}

/** Leaf hash from its parts (used by proof verification). */
export function leafHash(keyHash: Uint8Array, valueHash: Uint8Array): Buffer {
  const buf = Buffer.allocUnsafe(65);
  buf[0] = LEAF_TAG;
  buf.set(keyHash, 1);
  buf.set(valueHash, 33);
  return sha256(buf);
}

// ---- internal nodes ----

/** Hash of an internal node from its bitmap and concatenated child hashes. */
export function internalHash(bitmap: number, hashes: Uint8Array): Buffer {
  const buf = Buffer.allocUnsafe(3 + hashes.length);
  buf[0] = INTERNAL_TAG;
  buf.writeUInt16BE(bitmap, 1);
  buf.set(hashes, 3);
  return sha256(buf);
}

/** Encode an internal node from a dense children array (index = digit). */
export function makeInternal(children: ReadonlyArray<ChildRef | undefined>): InternalNode {
  let bitmap = 0;
  let leafMask = 0;
  let n = 0;
  let vlen = 0;
  for (let d = 0; d < children.length; d++) {
    const c = children[d];
    if (c === undefined) continue;
    bitmap |= 1 << d;
    if (c.leaf) leafMask |= 1 << d;
    n++;
    vlen += varintLen(c.version);
  }
  const hashEnd = 3 + n * HASH_LEN;
  const encoded = Buffer.allocUnsafe(hashEnd + 2 + vlen);
  encoded[0] = INTERNAL_TAG;
  encoded.writeUInt16BE(bitmap, 1);
  let hoff = 3;
  let voff = hashEnd + 2;
  const versions: number[] = [];
  for (let d = 0; d < children.length; d++) {
    const c = children[d];
    if (c === undefined) continue;
    copyChildHash(c, encoded, hoff);
    hoff += HASH_LEN;
    voff = writeVarint(encoded, voff, c.version);
    versions.push(c.version);
  }
  encoded.writeUInt16BE(leafMask, hashEnd);
  return {
    kind: "internal",
    bitmap,
    leafMask,
    hashes: encoded.subarray(3, hashEnd),
    versions,
    hash: sha256(encoded.subarray(0, hashEnd)),
    encoded,
  };
}

/** Decode a stored node; `hash` is the hash its parent recorded (saves re-hashing). */
export function decodeNode(encoded: Buffer, hash: Buffer): TrieNode {
  if (encoded[0] === LEAF_TAG) return new LeafNode(encoded, hash);
  if (encoded[0] !== INTERNAL_TAG) throw new Error("corrupt node: unknown tag");
  const bitmap = encoded.readUInt16BE(1);
  const n = popcount16(bitmap);
  const hashEnd = 3 + n * HASH_LEN;
  const leafMask = encoded.readUInt16BE(hashEnd);
  const versions: number[] = new Array(n);
  let off = hashEnd + 2;
  for (let i = 0; i < n; i++) [versions[i], off] = readVarint(encoded, off);
  return { kind: "internal", bitmap, leafMask, hashes: encoded.subarray(3, hashEnd), versions, hash, encoded };
}

/** A child pointer read from a stored node; the hash view is created only if asked for. */
class StoredChild implements ChildRef {
  private h: Buffer | undefined;

  constructor(
    readonly node: InternalNode,
    readonly index: number,
    readonly version: number,
    readonly leaf: boolean,
  ) {}

  get hash(): Buffer {
    return (this.h ??= this.node.hashes.subarray(this.index * HASH_LEN, (this.index + 1) * HASH_LEN));
  }
}

function copyChildHash(c: ChildRef, target: Buffer, off: number): void {
  if (c instanceof StoredChild) c.node.hashes.copy(target, off, c.index * HASH_LEN, (c.index + 1) * HASH_LEN);
  else c.hash.copy(target, off);
}

export function childAt(node: InternalNode, digit: number): ChildRef | undefined {
  const bit = 1 << digit;
  if ((node.bitmap & bit) === 0) return undefined;
  const i = popcount16(node.bitmap & (bit - 1));
  return new StoredChild(node, i, node.versions[i], (node.leafMask & bit) !== 0);
}

/** Dense children array (length 2^bits) for rewriting a node. */
export function expandChildren(node: InternalNode, radix: number): Array<ChildRef | undefined> {
  const out: Array<ChildRef | undefined> = new Array(radix);
  let i = 0;
  for (let d = 0; d < radix; d++) {
    const bit = 1 << d;
    if ((node.bitmap & bit) === 0) continue;
    out[d] = new StoredChild(node, i, node.versions[i], (node.leafMask & bit) !== 0);
    i++;
  }
  return out;
}

// ---- paths ----

/** Digit `i` of a key hash, `bits` bits per digit (1, 2 or 4), most significant first. */
export function digitAt(keyHash: Uint8Array, i: number, bits: number): number {
  const bitPos = i * bits;
  return (keyHash[bitPos >>> 3] >>> (8 - bits - (bitPos & 7))) & ((1 << bits) - 1);
}

/**
 * Storage key of the node at `depth` on `keyHash`'s path written at `version`; with
 * `extraDigit`, the key of its child at that digit.
 */
export function nodeKey(version: number, keyHash: Uint8Array, depth: number, bits: number, extraDigit?: number): Buffer {
  const key = versionedKey(version, depth + (extraDigit === undefined ? 0 : 1));
  for (let i = 0; i < depth; i++) key[8 + i] = digitAt(keyHash, i, bits);
  if (extraDigit !== undefined) key[8 + depth] = extraDigit;
  return key;
}

/** The node key of the node at `path` (its digits from the root) written at `version`. */
export function nodeKeyAtPath(version: number, path: readonly number[]): Buffer {
  const key = versionedKey(version, path.length);
  for (let i = 0; i < path.length; i++) key[8 + i] = path[i];
  return key;
}

/** A node key with its u64 BE version written and `pathLength` path bytes left to fill. */
function versionedKey(version: number, pathLength: number): Buffer {
  const key = Buffer.allocUnsafe(8 + pathLength);
  key.writeUInt32BE(Math.floor(version / 0x100000000), 0);
  key.writeUInt32BE(version >>> 0, 4);
  return key;
}
