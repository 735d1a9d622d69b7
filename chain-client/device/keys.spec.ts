/** Device keys: fresh keys of both types sign what the chain verifies, survive export/import, and generating many never hangs. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { verifyDeviceSignature } from "../../modules/plugin/device-keys";
import { DeviceKey } from "./keys";

describe("DeviceKey", () => {
  it.each(["ed25519", "secp256k1"] as const)("a generated %s key signs what the chain verifies and round-trips through export/import", (type) => {
    const key = DeviceKey.generate(type);
    const message = new Uint8Array(Buffer.from("fieldnet device key spec"));
    expect(verifyDeviceSignature(key.keyType, key.pubkey, message, key.sign(message))).toBe(true);
    const again = DeviceKey.import(key.export());
    expect(again.id).toBe(key.id);
    expect(Buffer.from(again.pubkey).equals(Buffer.from(key.pubkey))).toBe(true);
    expect(DeviceKey.generate(type).id).not.toBe(key.id);
  });

  it("generates thousands of keys without deadlocking (Node 20: a JWK export of a generateKeyPairSync key can hang)", () => {
    // In a child process, so a deadlock fails this test by its timeout instead of freezing jest's
    // main thread (a deadlocked thread runs no timers). The old code hung after ~200 secp256k1 keys.
    const script = `
      const { DeviceKey } = require(${JSON.stringify(join(__dirname, "keys.ts"))});
      for (let i = 0; i < 1500; i++) { DeviceKey.generate("secp256k1"); DeviceKey.generate("ed25519"); }
      process.stdout.write("ok");`;
    const run = spawnSync(process.execPath, ["--require", require.resolve("tsx/cjs"), "--max-semi-space-size=1", "-e", script], { timeout: 90_000, encoding: "utf8" });
    expect({ status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr.slice(0, 500) }).toEqual({ status: 0, signal: null, stdout: "ok", stderr: "" });
  }, 120_000);
});
