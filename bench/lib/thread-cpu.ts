/**
 * CPU time of the calling process's main thread (Linux: /proc/self/task/<pid>/stat, utime + stime).
 * Unlike wall-clock busy time it does not grow while the thread waits for a core; it still moves
 * with cache and hypervisor contention (±20% between runs on the shared dev VM).
 */
import { readFileSync } from "node:fs";

/** USER_HZ: the unit of /proc tick counts, fixed at 100 by the Linux ABI on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** Main-thread CPU seconds so far, or undefined where /proc is not available. */
export function mainThreadCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
