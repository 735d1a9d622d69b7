/**
 * Verified device signatures, so a proof's signature is checked once: on the pre-verification
 * worker (its verdicts are kept by position in the tx, see `takeMsgVerdicts`) or at CheckTx, then
 * found here at FinalizeBlock. Only successes are cached, keyed by everything the check depends on
 * (key type, pubkey, signature and every input of the sign bytes): a hit means exactly this check
 * already passed, so the cache can change how fast a node is, never what it decides.
 *
 * Proofs checked outside the worker use `proofSignatureKey`: an unambiguous (length-prefixed) string
 * of the sign-bytes inputs, so a lookup costs no hashing and no sign-bytes construction. Large
 * payloads enter the key as their sha256 (the sign bytes commit to exactly that digest), which
 * bounds the key size.
 */
import { createHash } from "node:crypto";
import { LazyLruCache } from "../app/lazy-lru";
import { equalBytes } from "../store/bytes";
import { verifyDeviceSignature } from "../plugin/device-keys";

/** Payloads up to this size enter the key verbatim; larger ones as sha256 (keeps keys small). */
const INLINE_PAYLOAD_BYTES = 256;

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

export function signatureCacheKey(keyType: number, pubkey: Uint8Array, signBytes: Uint8Array, signature: Uint8Array): string {
  return createHash("sha256").update(Uint8Array.of(keyType)).update(pubkey).update(signBytes).update(signature).digest("base64");
}

/** The sign-bytes inputs of a proof (see plugin/sign-bytes.ts) plus its signature. */
export interface SignedProofFields {
  readonly deviceId: string;
  readonly sequence: bigint;
  readonly timestampMs: bigint;
  readonly payload: Uint8Array;
  readonly signature: Uint8Array;
}

/**
 * Cache key of a proof signature check. Variable-length parts are length-prefixed, so two
 * different checks never share a key; the "p" / "P" tag tells an inline payload from a digest.
 */
export function proofSignatureKey(chainId: string, keyType: number, pubkey: Uint8Array, proof: SignedProofFields): string {
  const payload = proof.payload.length <= INLINE_PAYLOAD_BYTES ? `p${proof.payload.length}|${latin1(proof.payload)}` : `P|${latin1(createHash("sha256").update(proof.payload).digest())}`;
  return `${keyType}|${chainId.length}|${chainId}|${proof.deviceId.length}|${proof.deviceId}|${proof.sequence}|${proof.timestampMs}|${pubkey.length}|${latin1(pubkey)}|${proof.signature.length}|${latin1(proof.signature)}|${payload}`;
}

/** The device key a proof's signature was verified with by the pre-verification worker. */
export interface VerifiedWith {
  readonly keyType: number;
  readonly pubkey: Uint8Array;
}

/**
 * The worker's verdicts for one tx, by position: `byMsg[m][p]` is set when proof p of message m
 * verified (message index in the tx body). The tx hash fixes every byte of every proof, so a
 * position plus the key and chain-id it was checked with identify the check exactly.
 */
interface TxVerdicts {
  readonly chainId: string;
  readonly byMsg: Map<number, ReadonlyArray<VerifiedWith | undefined>>;
}

export class SignatureCache {
  private readonly verified: LazyLruCache<string, true>;
  // Txs (by hash) whose proofs the pre-verification worker has already been through, with its
  // verdicts: CheckTx then skips its own pass over the proofs and FinalizeBlock reads the verdicts
  // by position, with no cache key to build per proof.
  private readonly preverifiedTxs = new LazyLruCache<string, TxVerdicts>({ max: 20_000 });
  hits = 0;
  misses = 0;

  constructor(max = 500_000) {
    this.verified = new LazyLruCache<string, true>({ max });
  }

  markTxPreverified(txHash: string, chainId: string, byMsg: Map<number, ReadonlyArray<VerifiedWith | undefined>>): void {
    this.preverifiedTxs.set(txHash, { chainId, byMsg });
  }

  txPreverified(txHash: string): boolean {
    return txHash !== "" && this.preverifiedTxs.has(txHash);
  }

  /**
   * FinalizeBlock: the worker's verdicts for the proofs of message `msgIndex` of tx `txHash`, taken
   * out of the cache (their last reader); undefined when the worker did not see this tx on this
   * chain. A verdict counts only for the key it names: callers compare it with the device's key.
   */
  takeMsgVerdicts(txHash: string, msgIndex: number, chainId: string): ReadonlyArray<VerifiedWith | undefined> | undefined {
    if (txHash === "") return undefined;
    const tx = this.preverifiedTxs.get(txHash);
    if (tx === undefined || tx.chainId !== chainId) return undefined;
    const verdicts = tx.byMsg.get(msgIndex);
    tx.byMsg.delete(msgIndex);
    if (tx.byMsg.size === 0) this.preverifiedTxs.delete(txHash);
    return verdicts;
  }

  /** Whether `verdict` is a pass for exactly this key (counted as a cache hit). */
  verdictCovers(verdict: VerifiedWith | undefined, keyType: number, pubkey: Uint8Array): boolean {
    if (verdict === undefined || verdict.keyType !== keyType || !equalBytes(verdict.pubkey, pubkey)) return false;
    this.hits++;
    return true;
  }

  /** verifyDeviceSignature, skipping the curve maths when this exact check already passed. */
  verify(keyType: number, pubkey: Uint8Array, signBytes: Uint8Array, signature: Uint8Array, consume = false): boolean {
    return this.check(keyType, pubkey, signBytes, signature, () => verifyDeviceSignature(keyType, pubkey, signBytes, signature), consume);
  }

  /**
   * Any signature scheme: `scheme` keeps the schemes' keys apart (device key types are 1 and 2;
   * other users of the cache pick their own tag), `verify` runs only on a miss. `consume`: as in
   * `verifyProof`, for the last reader of the entry (FinalizeBlock).
   */
  check(scheme: number, pubkey: Uint8Array, signBytes: Uint8Array, signature: Uint8Array, verify: () => boolean, consume = false): boolean {
    return this.lookup(signatureCacheKey(scheme, pubkey, signBytes, signature), verify, consume);
  }

  /**
   * A proof's device signature: a cache hit costs one string build and a lookup; on a miss the sign
   * bytes are built (`signBytes`, only then) and verified, and a success is remembered.
   *
   * `consume`: FinalizeBlock is the last reader of a proof's entry (once executed, its sequence is
   * spent and a replay is rejected whatever its signature), so it removes the entry on a hit, and a
   * miss there is not remembered. Without this the cache filled to `max` entries of ~300-byte keys
   * (~200 MB of heap at the default size) that nothing would read again.
   */
  verifyProof(chainId: string, keyType: number, pubkey: Uint8Array, proof: SignedProofFields, signBytes: () => Uint8Array, consume = false): boolean {
    return this.lookup(proofSignatureKey(chainId, keyType, pubkey, proof), () => verifyDeviceSignature(keyType, pubkey, signBytes(), proof.signature), consume);
  }

  /**
   * Records that this exact check passed elsewhere (a pre-verification worker), so the next
   * `check` with the same inputs is a hit. Only for checks the caller verified with the same rules.
   */
  protected remember(scheme: number, pubkey: Uint8Array, signBytes: Uint8Array, signature: Uint8Array): void {
    this.verified.set(signatureCacheKey(scheme, pubkey, signBytes, signature), true);
  }

  /** A hit passes (and is taken out when `consume`); a miss runs `verify` and remembers a success unless consuming. */
  private lookup(key: string, verify: () => boolean, consume: boolean): boolean {
    if (consume ? this.verified.delete(key) : this.verified.has(key)) {
      this.hits++;
      return true;
    }
    this.misses++;
    const ok = verify();
    if (ok && !consume) this.verified.set(key, true);
    return ok;
  }

  /** Entries held (verified signatures not yet consumed by FinalizeBlock). */
  get size(): number {
    return this.verified.size;
  }
}
