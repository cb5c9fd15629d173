import { readFileSync, readdirSync } from "node:fs";
import type { ThreadClock } from "./measure.ts";

/** CPU ticks per second in /proc's stat files (USER_HZ, 100 on Linux). */
const TICK_US = 10_000;

/**
 * Per-thread CPU from /proc/self/task on Linux (Deno and Bun read it through
 * node:fs); undefined where there is no /proc or it may not be read. Each
 * thread's schedstat counts nanoseconds, so even the bench's 150 ms idle
 * watch can be split by thread (in Bun, threadlab's 13.8% of a core there was
 * 1.7% its own threads, the rest the runtime's); where it is missing, stat's
 * 10 ms ticks. A
 * thread whose name matches `runtimeThread` is the runtime's own; the main
 * thread never is.
 */
export function procThreadClock(runtimeThread: RegExp): ThreadClock {
  return () => {
    try {
      const self = Number(readFileSync("/proc/self/stat", "utf8").split(" ")[0]);
      let ticks = false;
      const threads = readdirSync("/proc/self/task").flatMap((tid) => {
        try {
          const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
          const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
          const js = Number(tid) === self || !runtimeThread.test(name);
          const ns = schedstatNs(tid);
          if (ns !== undefined) return [{ tid: Number(tid), us: ns / 1000, js }];
          ticks = true;
          // Fields after the name: state is the 1st, utime the 12th, stime the 13th.
          const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
          return [{ tid: Number(tid), us: (Number(fields[11]) + Number(fields[12])) * TICK_US, js }];
        } catch {
          return []; // the thread ended meanwhile
        }
      });
      return { resolutionUs: ticks ? TICK_US : 0.001, threads };
    } catch {
      return undefined;
    }
  };
}

/** Time the thread has spent on a CPU, in ns (the first field of schedstat); undefined where the kernel does not keep it. */
function schedstatNs(tid: string): number | undefined {
  try {
    const ns = Number(readFileSync(`/proc/self/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    return Number.isFinite(ns) ? ns : undefined;
  } catch {
    return undefined;
  }
}
