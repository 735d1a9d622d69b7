/**
 * CPU time of the calling process: its main thread alone (Linux: /proc/self/task/<pid>/stat, utime +
 * stime), and all its threads together (worker threads, V8's GC and compiler threads).
 * Unlike wall-clock busy time it does not grow while the thread waits for a core; it still moves
 * with cache and hypervisor contention (±20% between runs on the shared dev VM).
 */
import { readdirSync, readFileSync } from "node:fs";

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

/** CPU seconds so far of every thread of process `pid`, by thread id (empty where /proc is not available). */
export function threadCpuSecondsOf(pid: number = process.pid): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    const seconds = statCpuSeconds(`/proc/${pid}/task/${tid}/stat`);
    if (seconds !== undefined) out.set(Number(tid), seconds);
  }
  return out;
}

/**
 * CPU per item of a process's threads between two `threadCpuSecondsOf` snapshots: the main thread
 * (thread id = pid), the `top` busiest other threads (descending), and all the rest together.
 * Linux threads here carry no names to tell them apart, hence "busiest": in the chain's process the
 * busiest other thread is the signature worker (it verifies every signature), then, in the devnet,
 * the tx-index worker; V8's garbage-collector and compiler helpers each take a fraction of that.
 * Undefined where /proc is not available.
 */
export interface ThreadCpuSplit {
  readonly mainMicros: number;
  readonly busiestOtherMicros: readonly number[];
  readonly restMicros: number;
}

export function threadCpuSplit(pid: number, before: Map<number, number>, after: Map<number, number>, items: number, top = 1): ThreadCpuSplit | undefined {
  if (after.size === 0 || items <= 0) return undefined;
  let main = 0;
  const others: number[] = [];
  for (const [tid, seconds] of after) {
    const used = seconds - (before.get(tid) ?? 0);
    if (tid === pid) main = used;
    else others.push(used);
  }
  others.sort((a, b) => b - a);
  const micros = (seconds: number) => Math.round((seconds * 1e6) / items);
  const rest = others.slice(top).reduce((sum, used) => sum + used, 0);
  return { mainMicros: micros(main), busiestOtherMicros: others.slice(0, top).map(micros), restMicros: micros(rest) };
}

/**
 * The busiest other thread's (the signature worker's) CPU per second of the run: `ratePerSecond`
 * times its CPU per item. Until 2026-11-27 the worker verified every signature, so this was also
 * the ratio of our rate to the worker's own verification rate in the run (a figure that cancels
 * the host's speed swings to first order); since the main thread verifies part of the backlog when
 * it is idle (modules/app/tx/parallel-verifier.ts), it is only how busy the worker was. Null when
 * the split is unknown.
 */
export function busiestOtherThreadUtilization(ratePerSecond: number, split: ThreadCpuSplit | undefined): number | null {
  const micros = split?.busiestOtherMicros[0];
  return micros ? Number(((ratePerSecond * micros) / 1e6).toFixed(3)) : null;
}
