/**
 * Determinism guard. While a guarded function runs, sources of non-determinism are unreachable:
 * touching one throws DeterminismViolation (and the call fails) instead of silently making nodes
 * disagree. Used by the plugin test kit around every plugin call and available to the app (e.g. a
 * "strict plugins" dev mode).
 *
 * Blocked: Date (construction and Date.now), Math.random, performance.now, process.hrtime,
 * timers (setTimeout/setInterval/setImmediate/queueMicrotask), fetch, crypto.getRandomValues /
 * randomUUID / randomBytes, common I/O entry points of fs, child_process, net, http(s), dns, and
 * require() of modules not yet loaded via Module.prototype.require. Returning a Promise
 * (an async verify) is a violation too: plugin calls are synchronous.
 *
 * It is a guard against mistakes, not a sandbox against a malicious plugin (which is code the
 * network chose to run). Static imports made at module load time are not affected.
 */
import { createRequire } from "node:module";

export class DeterminismViolation extends Error {
  override readonly name = "DeterminismViolation";
  /** What was touched, e.g. "Date.now", "Math.random", "fs.readFileSync". */
  readonly what: string;
  constructor(what: string) {
    super(`non-deterministic API used in consensus code: ${what}`);
    this.what = what;
  }
}

type Patch = { target: Record<string, unknown>; key: string; original: unknown; had: boolean };

const nodeRequire = createRequire(__filename);
const IO_MODULES: Record<string, readonly string[]> = {
  fs: [
    "readFileSync", "writeFileSync", "appendFileSync", "readFile", "writeFile", "appendFile", "openSync", "open",
    "existsSync", "readdirSync", "readdir", "statSync", "stat", "createReadStream", "createWriteStream",
  ],
  child_process: ["exec", "execSync", "execFile", "execFileSync", "spawn", "spawnSync", "fork"],
  net: ["connect", "createConnection", "createServer"],
  http: ["request", "get", "createServer"],
  https: ["request", "get", "createServer"],
  dns: ["lookup", "resolve"],
};

let depth = 0;
let patches: Patch[] = [];

function thrower(what: string): (...args: unknown[]) => never {
  return () => {
    throw new DeterminismViolation(what);
  };
}

function patch(target: object, key: string, replacement: unknown): void {
  const t = target as Record<string, unknown>;
  const desc = Object.getOwnPropertyDescriptor(t, key);
  if (desc && !desc.writable && !desc.set && !desc.configurable) return; // cannot patch; skip
  patches.push({ target: t, key, original: t[key], had: Object.prototype.hasOwnProperty.call(t, key) });
  try {
    Object.defineProperty(t, key, { value: replacement, writable: true, configurable: true, enumerable: desc?.enumerable ?? false });
  } catch {
    patches.pop();
  }
}

function install(): void {
  const g = globalThis as unknown as Record<string, unknown>;
  const BlockedDate = function Date(): never {
    throw new DeterminismViolation("Date");
  } as unknown as Record<string, unknown>;
  BlockedDate["now"] = thrower("Date.now");
  BlockedDate["parse"] = thrower("Date.parse");
  BlockedDate["UTC"] = thrower("Date.UTC");
  patch(g, "Date", BlockedDate);
  patch(Math, "random", thrower("Math.random"));
  if (typeof performance !== "undefined") patch(performance, "now", thrower("performance.now"));
  patch(process, "hrtime", Object.assign(thrower("process.hrtime"), { bigint: thrower("process.hrtime.bigint") }));
  for (const t of ["setTimeout", "setInterval", "setImmediate", "queueMicrotask"]) patch(g, t, thrower(t));
  if (typeof g["fetch"] === "function") patch(g, "fetch", thrower("fetch"));
  const webCrypto = g["crypto"] as Record<string, unknown> | undefined;
  if (webCrypto) {
    patch(webCrypto, "getRandomValues", thrower("crypto.getRandomValues"));
    patch(webCrypto, "randomUUID", thrower("crypto.randomUUID"));
  }
  const nodeCrypto = nodeRequire("crypto") as Record<string, unknown>;
  for (const k of ["randomBytes", "randomInt", "randomUUID", "randomFillSync", "randomFill", "getRandomValues"]) {
    if (typeof nodeCrypto[k] === "function") patch(nodeCrypto, k, thrower(`crypto.${k}`));
  }
  for (const [mod, fns] of Object.entries(IO_MODULES)) {
    const m = nodeRequire(mod) as Record<string, unknown>;
    for (const fn of fns) if (typeof m[fn] === "function") patch(m, fn, thrower(`${mod}.${fn}`));
  }
  const Module = nodeRequire("node:module") as { prototype: Record<string, unknown> };
  patch(Module.prototype, "require", thrower("require"));
}

function uninstall(): void {
  for (let i = patches.length - 1; i >= 0; i--) {
    const p = patches[i]!;
    if (p.had) Object.defineProperty(p.target, p.key, { value: p.original, writable: true, configurable: true });
    else delete p.target[p.key];
  }
  patches = [];
}

/** Run `fn` with the guard installed (re-entrant). Restores everything, also on throw. */
export function withDeterminismGuard<T>(fn: () => T): T {
  if (depth === 0) install();
  depth++;
  try {
    const result = fn();
    if (result !== null && typeof result === "object" && typeof (result as { then?: unknown }).then === "function") {
      throw new DeterminismViolation("async result (plugin calls must be synchronous)");
    }
    return result;
  } finally {
    depth--;
    if (depth === 0) uninstall();
  }
}

/** True while a guard is active. */
export function isDeterminismGuardActive(): boolean {
  return depth > 0;
}
