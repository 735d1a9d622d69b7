/**
 * Block randomness. Every plugin context carries `randomness`: 32 bytes derived from block data
 * that every validator has identically when executing the block:
 *
 *   blockRandomness = sha256(lp("fieldnet/randomness/v1") || lp(chainId) || i64(height) || lp(blockHash))
 *
 * where blockHash is the hash of the block being executed (CometBFT RequestFinalizeBlock.hash; the
 * embedded devnet engine supplies its own block hash). Each network type then sees its own stream:
 *
 *   ctx.randomness = sha256(lp("fieldnet/plugin-randomness/v1") || blockRandomness || lp(networkType))
 *
 * Caveat (documented on purpose): a block proposer can bias this by choosing which block to
 * propose (grinding). It is fit for sampling challenges whose value to one party is small; it is
 * not a VRF/beacon. Plugins that need unbiasable randomness should take it from a block at least
 * N blocks back, committed before the challenged party could act (Filecoin takes 20 epochs back).
 */
import { i64be, lengthPrefixed, sha256, u64be } from "./bytes";

export function deriveBlockRandomness(input: { chainId: string; height: bigint; blockHash: Uint8Array }): Uint8Array {
  return sha256(
    lengthPrefixed("fieldnet/randomness/v1"),
    lengthPrefixed(input.chainId),
    i64be(input.height),
    lengthPrefixed(input.blockHash),
  );
}

export function derivePluginRandomness(blockRandomness: Uint8Array, networkType: string): Uint8Array {
  return sha256(lengthPrefixed("fieldnet/plugin-randomness/v1"), blockRandomness, lengthPrefixed(networkType));
}

/** Sub-stream for one purpose: sha256(lp("fieldnet/rand-sub/v1") || seed || lp(label) || u64(counter)). */
export function randomBytesFor(seed: Uint8Array, label: string, counter = 0n): Uint8Array {
  return sha256(lengthPrefixed("fieldnet/rand-sub/v1"), seed, lengthPrefixed(label), u64be(counter));
}

/**
 * A deterministic integer in [0, n): the first 8 bytes (big-endian) of randomBytesFor(seed, label,
 * counter) modulo n. The modulo bias is below n / 2^64, negligible for challenge sampling.
 */
export function randomIndex(seed: Uint8Array, label: string, counter: bigint, n: bigint): bigint {
  if (n <= 0n) throw new RangeError("randomIndex: n must be positive");
  const b = randomBytesFor(seed, label, counter);
  const x = new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0);
  return x % n;
}

