import { generateKeyPairSync, sign } from "node:crypto";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { KeyType, SMALL_ORDER_ED25519_KEYS, verifyDeviceSignature } from "../../plugin/device-keys";
import { secp256k1SForms } from "../../plugin/secp256k1-s-forms";
import { accountFromMnemonic, msgSend, signTx, testMnemonic } from "../testing/test-accounts";
import { ParallelVerifier } from "./parallel-verifier";

describe.each([1, 2])("ParallelVerifier with %i signature worker(s)", (workers) => {
  it("marks exactly the validly signed txs of a burst larger than one worker message", async () => {
    const chainId = "pv-test-1";
    const account = await accountFromMnemonic(testMnemonic(0, "parallel verifier"), "depin");
    const txs: Uint8Array[] = [];
    const valid = new Set<string>();
    for (let i = 0; i < 150; i++) {
      const signed = await signTx(account, [msgSend(account.address, account.address, "1")], { chainId, accountNumber: 3n, sequence: BigInt(i) });
      if (i % 7 === 3) {
        const raw = TxRaw.decode(signed);
        raw.signatures[0][5] ^= 0xff;
        txs.push(TxRaw.encode(raw).finish());
      } else {
        txs.push(signed);
        valid.add(`tx${i}`);
      }
    }
    const verified = new Map<string, true>();
    const verifier = new ParallelVerifier(verified, { workers });
    try {
      // All in one turn, as a loaded RPC delivers them: the verifier must split them into
      // several chunks and still resolve each tx with its own result. Each tx notes how many
      // checks had been answered (by a worker or the main thread) when its own answer arrived.
      const answered = () => verifier.stats.byWorkers + verifier.stats.byMainThread;
      const answeredSeen = await Promise.all(txs.map((tx, i) => verifier.preverify(tx, `tx${i}`, chainId, () => 3n).then(answered)));
      expect(new Set(verified.keys())).toEqual(valid);
      // Results stream back chunk by chunk: txs are settled while the rest are still being
      // verified, so CheckTx can run meanwhile.
      expect(new Set(answeredSeen).size).toBeGreaterThanOrEqual(4);
      // Idle while it waited, the main thread verified some chunks itself (the newest ones).
      const { byWorkers, byMainThread } = verifier.stats;
      expect(byWorkers + byMainThread).toBe(txs.length);
      expect(byMainThread).toBeGreaterThan(0);
      expect(byWorkers).toBeGreaterThan(0);
    } finally {
      await verifier.close();
    }
  });

  it("answers false, without throwing, for keys and signatures too long to be valid, and leaves a high-S tx signature unmarked", async () => {
    const chainId = "pv-test-2";
    const account = await accountFromMnemonic(testMnemonic(1, "parallel verifier"), "depin");
    const good = await signTx(account, [msgSend(account.address, account.address, "1")], { chainId, accountNumber: 3n, sequence: 0n });
    const raw = TxRaw.decode(good);
    const goodSignature = raw.signatures[0];
    raw.signatures[0] = new Uint8Array(300).fill(7);
    const oversized = TxRaw.encode(raw).finish();
    // The same valid signature with S replaced by n - S: it verifies on the curve, but the SDK's rules
    // (and secp256k1.ts) refuse a high S, so the verifier must not mark the tx either.
    raw.signatures[0] = secp256k1SForms(goodSignature).highS;
    const highS = TxRaw.encode(raw).finish();
    const verified = new Map<string, true>();
    const verifier = new ParallelVerifier(verified, { workers });
    try {
      await Promise.all([
        verifier.preverify(oversized, "oversized", chainId, () => 3n),
        verifier.preverify(highS, "highS", chainId, () => 3n),
        verifier.preverify(good, "good", chainId, () => 3n),
      ]);
      expect([...verified.keys()]).toEqual(["good"]);
      const msg = new Uint8Array(40).fill(1);
      const results = await verifier.verifyDeviceSignatures([
        { keyType: 1, pub: new Uint8Array(32).fill(9), msg, sig: new Uint8Array(64).fill(9) },
        { keyType: 1, pub: new Uint8Array(32), msg, sig: new Uint8Array(1000) },
        { keyType: 2, pub: new Uint8Array(400), msg, sig: new Uint8Array(64) },
      ]);
      expect(results).toEqual([false, false, false]);
      // The identity key with R = identity, S = 0 would pass OpenSSL for any message; like
      // verifyDeviceSignature, the verifier refuses small-order keys.
      const identity = Buffer.from("01" + "00".repeat(31), "hex");
      const forged = Buffer.concat([identity, Buffer.alloc(32)]);
      expect(await verifier.verifyDeviceSignatures([{ keyType: 1, pub: identity, msg, sig: forged }])).toEqual([false]);
    } finally {
      await verifier.close();
    }
  });

  it("gives each device signature of a mixed batch verifyDeviceSignature's verdict, in order", async () => {
    const msg = Buffer.from("parallel verifier device jobs");
    const jobs: Array<{ keyType: number; pub: Uint8Array; msg: Uint8Array; sig: Uint8Array }> = [];
    for (let i = 0; i < 6; i++) {
      const ed = generateKeyPairSync("ed25519");
      const edPub = ed.publicKey.export({ format: "der", type: "spki" }).subarray(12);
      const edSig = sign(null, msg, ed.privateKey);
      const tampered = Buffer.from(edSig);
      tampered[i] ^= 1;
      jobs.push({ keyType: KeyType.ED25519, pub: edPub, msg, sig: edSig }, { keyType: KeyType.ED25519, pub: edPub, msg, sig: tampered });

      const k1 = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
      const point = k1.publicKey.export({ format: "der", type: "spki" }).subarray(-65);
      const k1Pub = Buffer.concat([Buffer.of(point[64] & 1 ? 3 : 2), point.subarray(1, 33)]);
      const k1Sig = sign("sha256", msg, { key: k1.privateKey, dsaEncoding: "ieee-p1363" });
      const { lowS, highS } = secp256k1SForms(k1Sig);
      // The high-S one is refused before any arithmetic; the low-S one verifies.
      jobs.push({ keyType: KeyType.SECP256K1, pub: k1Pub, msg, sig: lowS }, { keyType: KeyType.SECP256K1, pub: k1Pub, msg, sig: highS });
    }
    for (const hex of SMALL_ORDER_ED25519_KEYS) {
      const pub = Buffer.from(hex, "hex");
      jobs.push({ keyType: KeyType.ED25519, pub, msg, sig: Buffer.concat([Buffer.from("01" + "00".repeat(31), "hex"), Buffer.alloc(32)]) });
    }
    jobs.push({ keyType: 9, pub: new Uint8Array(32), msg, sig: new Uint8Array(64) });
    const expected = jobs.map((job) => verifyDeviceSignature(job.keyType, job.pub, job.msg, job.sig));
    expect(expected.filter(Boolean)).toHaveLength(12);
    const verifier = new ParallelVerifier(new Map(), { workers });
    try {
      expect(await verifier.verifyDeviceSignatures(jobs)).toEqual(expected);
      expect(await verifier.verifyDeviceSignatures(jobs.slice(-3))).toEqual([false, false, false]);
    } finally {
      await verifier.close();
    }
  });
  it("leaves every check to the workers while the main thread is busy with a block, and helps again after", async () => {
    const jobs = deviceJobs(300);
    const expected = jobs.map((job) => verifyDeviceSignature(job.keyType, job.pub, job.msg, job.sig));
    const verifier = new ParallelVerifier(new Map(), { workers });
    try {
      verifier.setMainThreadBusy(true);
      expect(await verifier.verifyDeviceSignatures(jobs)).toEqual(expected);
      expect(verifier.stats).toEqual({ byWorkers: jobs.length, byMainThread: 0 });
      verifier.setMainThreadBusy(false);
      expect(await verifier.verifyDeviceSignatures(jobs)).toEqual(expected);
      expect(verifier.stats.byMainThread).toBeGreaterThan(0);
      expect(verifier.stats.byWorkers + verifier.stats.byMainThread).toBe(2 * jobs.length);
    } finally {
      await verifier.close();
    }
  });

  it("answers every chunk exactly once when chunks share claim slots", async () => {
    // Two slots for 12 chunks in flight: most chunks find their slot taken by another one, which
    // is the wrap-around a long backlog would cause; each must still get its own verdicts.
    const jobs = deviceJobs(600);
    const expected = jobs.map((job) => verifyDeviceSignature(job.keyType, job.pub, job.msg, job.sig));
    const verifier = new ParallelVerifier(new Map(), { workers, claimSlots: 2 });
    try {
      const [first, second] = await Promise.all([verifier.verifyDeviceSignatures(jobs), verifier.verifyDeviceSignatures(jobs.slice(0, 120))]);
      expect(first).toEqual(expected);
      expect(second).toEqual(expected.slice(0, 120));
      expect(verifier.stats.byWorkers + verifier.stats.byMainThread).toBe(jobs.length + 120);
    } finally {
      await verifier.close();
    }
  });
});

/** Ed25519 device signature jobs over a few keys, every third one tampered. */
function deviceJobs(count: number): Array<{ keyType: number; pub: Uint8Array; msg: Uint8Array; sig: Uint8Array }> {
  const keys = Array.from({ length: 4 }, () => generateKeyPairSync("ed25519"));
  return Array.from({ length: count }, (_, i) => {
    const key = keys[i % keys.length];
    const msg = Buffer.from(`device job ${i}`);
    const sig = sign(null, msg, key.privateKey);
    if (i % 3 === 2) sig[7] ^= 1;
    return { keyType: KeyType.ED25519, pub: key.publicKey.export({ format: "der", type: "spki" }).subarray(12), msg, sig };
  });
}
