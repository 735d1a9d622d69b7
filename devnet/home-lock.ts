/** One process per devnet home: its pid in `<home>/devnet.pid` while it runs (or exports). */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DevnetError } from "./engine/errors";

export class HomeLockedError extends DevnetError {}

/** Homes held by this process (the pid file cannot tell two holders in one process apart). */
const heldHere = new Set<string>();

/** Throws HomeLockedError if a live process (this one included) holds `home`. */
export function checkLock(home: string): void {
  if (heldHere.has(home)) throw new HomeLockedError(`${home} is in use by a devnet in this process; stop it first`);
  const path = join(home, "devnet.pid");
  if (existsSync(path)) {
    const pid = Number(readFileSync(path, "utf8").trim());
    let alive = false;
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {
        alive = false;
      }
    }
    if (alive) throw new HomeLockedError(`${home} is in use by another devnet (pid ${pid}); stop it or use another --home`);
  }
}

/** Takes `home` for this process; `releaseLock` gives it back. */
export function acquireLock(home: string): void {
  checkLock(home);
  writeFileSync(join(home, "devnet.pid"), String(process.pid));
  heldHere.add(home);
}

export function releaseLock(home: string): void {
  if (!heldHere.delete(home)) return;
  rmSync(join(home, "devnet.pid"), { force: true });
}

