/**
 * Deterministic dev accounts. Mnemonic i is the BIP39 encoding of
 * sha256("fieldnet devnet account " + i) (32 bytes of entropy, 24 words); the address is the first
 * Cosmos account of that mnemonic (m/44'/118'/0'/0/0), exactly what
 * `DirectSecp256k1HdWallet.fromMnemonic(m, { prefix })` yields (checked in accounts.spec.ts).
 * Derivation uses node:crypto (PBKDF2, HMAC, secp256k1 ECDH) rather than cosmjs' pure-JS code:
 * ten accounts take milliseconds instead of ~10 s, which matters for time-to-first-block.
 */
import { createECDH, createHash, createHmac, pbkdf2Sync } from "node:crypto";
import { Bip39, EnglishMnemonic } from "@cosmjs/crypto";
import { toBech32 } from "@cosmjs/encoding";

export interface DevAccount {
  readonly address: string;
  readonly mnemonic: string;
}

const SECP256K1_N = BigInt("0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");

export function devMnemonic(index: number): string {
  const entropy = createHash("sha256").update(`fieldnet devnet account ${index}`).digest();
  return Bip39.encode(new Uint8Array(entropy)).toString();
}

function compressedPubkey(privkey: Buffer): Buffer {
  const ecdh = createECDH("secp256k1");
  ecdh.setPrivateKey(privkey);
  return ecdh.getPublicKey(null, "compressed") as Buffer;
}

function toKey32(n: bigint): Buffer {
  return Buffer.from(n.toString(16).padStart(64, "0"), "hex");
}

/** BIP32 private derivation along a path of indices (hardened ones already offset by 2^31). */
function deriveBip32(seed: Buffer, path: readonly number[]): Buffer {
  let I: Buffer = createHmac("sha512", "Bitcoin seed").update(seed).digest();
  let key: Buffer = I.subarray(0, 32);
  let chain: Buffer = I.subarray(32);
  for (const index of path) {
    const data = Buffer.alloc(37);
    if (index >= 0x80000000) {
      key.copy(data, 1);
    } else {
      compressedPubkey(key).copy(data, 0);
    }
    data.writeUInt32BE(index, 33);
    I = createHmac("sha512", chain).update(data).digest();
    const child = (BigInt("0x" + I.subarray(0, 32).toString("hex")) + BigInt("0x" + key.toString("hex"))) % SECP256K1_N;
    // A zero or out-of-range child (probability ~2^-127) would need the next index; not worth code.
    if (child === 0n) throw new Error("BIP32: invalid child key");
    key = toKey32(child);
    chain = I.subarray(32);
  }
  return key;
}

const H = 0x80000000;

export function addressFromMnemonic(mnemonic: string, prefix: string): string {
  const seed = pbkdf2Sync(Buffer.from(mnemonic.normalize("NFKD"), "utf8"), "mnemonic", 2048, 64, "sha512");
  const privkey = deriveBip32(seed, [44 + H, 118 + H, 0 + H, 0, 0]);
  const pub = compressedPubkey(privkey);
  const hash = createHash("ripemd160").update(createHash("sha256").update(pub).digest()).digest();
  return toBech32(prefix, new Uint8Array(hash));
}

/** Explicit mnemonics if given (validated as BIP39), else `count` deterministic ones. */
export function devAccounts(prefix: string, count: number, mnemonics?: readonly string[]): DevAccount[] {
  const list = mnemonics && mnemonics.length > 0 ? mnemonics.map((m) => m.trim().split(/\s+/).join(" ")) : Array.from({ length: count }, (_, i) => devMnemonic(i));
  return list.map((mnemonic) => {
    // Validates words and checksum; throws a clear error on a typo.
    Bip39.decode(new EnglishMnemonic(mnemonic));
    return { mnemonic, address: addressFromMnemonic(mnemonic, prefix) };
  });
}
