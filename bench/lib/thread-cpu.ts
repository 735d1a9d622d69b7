/**
 * CPU time of the calling process: its main thread alone (Linux: /proc/self/task/<pid>/stat, utime +
 * stime), and all its threads together (worker threads, V8's GC and compiler threads).
 * Unlike wall-clock busy time it does not grow while the thread waits for a core; it still moves
 * with cache and hypervisor contention (±20% between runs on the shared dev VM).
 */
import { readFileSync } from "node:fs";

/** USER_HZ: the unit of /proc tick counts, fixed at 100 by the Linux ABI on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** utime + stime in seconds from a /proc stat file, or undefined where /proc is not available. */
function statCpuSeconds(path: string): number | undefined {
  try {
    const stat = readFileSync(path, "utf8");
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Main-thread CPU seconds so far, or undefined where /proc is not available. */
export function mainThreadCpuSeconds(): number | undefined {
  return statCpuSeconds(`/proc/self/task/${process.pid}/stat`);
}

/** CPU seconds of another process (all its threads) so far, or undefined where /proc is not available. */
export function processCpuSecondsOf(pid: number): number | undefined {
  return statCpuSeconds(`/proc/${pid}/stat`);
}

/** CPU seconds of every thread of this process so far (user + system, any platform). */
export function processCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
