import * as fs from "node:fs";
import { randomBytes } from "node:crypto";
import { DeterminismViolation, isDeterminismGuardActive, withDeterminismGuard } from "./determinism";
import { gridDisk } from "./h3";
import { sha256 } from "./bytes";

function violation(fn: () => unknown): string | undefined {
  try {
    withDeterminismGuard(fn);
  } catch (e) {
    if (e instanceof DeterminismViolation) return e.what;
    throw e;
  }
  return undefined;
}

describe("determinism guard", () => {
  it("blocks clocks, randomness, timers and I/O", () => {
    expect(violation(() => Date.now())).toBe("Date.now");
    expect(violation(() => new Date())).toBe("Date");
    expect(violation(() => Math.random())).toBe("Math.random");
    expect(violation(() => performance.now())).toBe("performance.now");
    expect(violation(() => process.hrtime.bigint())).toBe("process.hrtime.bigint");
    expect(violation(() => setTimeout(() => undefined, 1))).toBe("setTimeout");
    // (under jest the fs namespace is an interop copy; the patched inner call is what throws)
    expect(violation(() => fs.readFileSync("/etc/hostname"))).toMatch(/^fs\./);
    expect(violation(() => randomBytes(4))).toBe("crypto.randomBytes");
    expect(violation(() => crypto.getRandomValues(new Uint8Array(4)))).toBe("crypto.getRandomValues");
    expect(violation(() => Promise.resolve(1))).toMatch(/async/);
  });

  it("restores everything afterwards, also after a throw, and nests", () => {
    violation(() => Date.now());
    expect(typeof Date.now()).toBe("number");
    expect(Math.random()).toBeLessThan(1);
    expect(fs.existsSync("/")).toBe(true);
    expect(randomBytes(2)).toHaveLength(2);
    const inner = withDeterminismGuard(() => withDeterminismGuard(() => isDeterminismGuardActive()));
    expect(inner).toBe(true);
    expect(isDeterminismGuardActive()).toBe(false);
    expect(new Date(0).getTime()).toBe(0);
  });

  it("lets deterministic work through (hashing, H3 grid, bigint)", () => {
    const out = withDeterminismGuard(() => [sha256(new Uint8Array(1)).length, gridDisk("8928308280fffff", 1).length, 2n ** 70n]);
    expect(out).toEqual([32, 7, 2n ** 70n]);
  });
});
