/** bech32 account addresses with the network's prefix; state always keys accounts by raw bytes. */
import { fromBech32, toBech32 } from "@cosmjs/encoding";
import { hash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { LazyLruCache } from "../app/lazy-lru";
import { ErrInvalidAddress } from "../app/sdk-errors";
import { bytesToKeyString } from "../store/bytes";

export class AddressCodec {
  // bech32 (pure JS) costs ~0.15 ms per conversion and every tx converts the same few
  // addresses several times: remember recent ones both ways.
  private readonly encoded = new LRUCache<string, string>({ max: 20_000 });
  private readonly decoded = new LRUCache<string, Uint8Array>({ max: 20_000 });

  constructor(readonly prefix: string) {}

  encode(bytes: Uint8Array): string {
    const id = Buffer.from(bytes).toString("latin1");
    let address = this.encoded.get(id);
    if (address === undefined) {
      address = toBech32(this.prefix, bytes);
      this.encoded.set(id, address);
    }
    return address;
  }

  /** Decodes and checks prefix and length; throws sdk/7 invalid address naming the field. */
  decode(address: string, field = "address"): Uint8Array {
    const cached = this.decoded.get(address);
    // A copy, so a caller that mutates the bytes cannot poison the cache.
    if (cached) return cached.slice();
    const bytes = this.decodeUncached(address, field);
    this.decoded.set(address, bytes.slice());
    return bytes;
  }

  private decodeUncached(address: string, field: string): Uint8Array {
    let decoded: { prefix: string; data: Uint8Array };
    try {
      decoded = fromBech32(address);
    } catch (error) {
      throw ErrInvalidAddress.wrap(`${field} "${address}" is not valid bech32 (${(error as Error).message})`);
    }
    if (decoded.prefix !== this.prefix) {
      throw ErrInvalidAddress.wrap(`${field} "${address}" has prefix "${decoded.prefix}", expected "${this.prefix}"`);
    }
    if (decoded.data.length !== 20 && decoded.data.length !== 32) {
      throw ErrInvalidAddress.wrap(`${field} "${address}" has ${decoded.data.length} bytes, expected 20 or 32`);
    }
    return decoded.data;
  }
}

// Every tx derives its signers' addresses in the pre-verifier, CheckTx and FinalizeBlock, and a
// network's active senders are a small set: the two digests cost ~2.6 µs, a cache hit ~0.3 µs.
const secp256k1Addresses = new LazyLruCache<string, Uint8Array>({ max: 50_000 });

/** The Cosmos SDK's secp256k1 address: ripemd160(sha256(compressed pubkey)). */
export function secp256k1Address(compressedPubKey: Uint8Array): Uint8Array {
  const id = bytesToKeyString(compressedPubKey);
  let address = secp256k1Addresses.get(id);
  if (address === undefined) {
    address = new Uint8Array(hash("ripemd160", hash("sha256", compressedPubKey, "buffer"), "buffer"));
    secp256k1Addresses.set(id, address);
  }
  // A copy, so a caller that mutates the bytes cannot poison the cache.
  return address.slice();
}

/** A module account's address, as the SDK's address.Module(name): sha256(name)[:20]. */
export function moduleAddress(name: string): Uint8Array {
  return new Uint8Array(hash("sha256", name, "buffer").subarray(0, 20));
}
