import { readFileSync, readdirSync } from "node:fs";
import type { ThreadClock } from "./measure.ts";

/** CPU ticks per second in /proc's stat files (USER_HZ, 100 on Linux). */
const TICK_US = 10_000;

/**
 * Per-thread CPU from /proc/self/task on Linux (Deno and Bun read it through
 * node:fs); undefined where there is no /proc or it may not be read. A
 * thread whose name matches `runtimeThread` is the runtime's own; the main
 * thread never is.
 */
export function procThreadClock(runtimeThread: RegExp): ThreadClock {
  return () => {
    try {
      const self = Number(readFileSync("/proc/self/stat", "utf8").split(" ")[0]);
      return readdirSync("/proc/self/task").flatMap((tid) => {
        try {
          const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
          const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
          // Fields after the name: state is the 1st, utime the 12th, stime the 13th.
          const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
          const main = Number(tid) === self;
          return [{ tid: Number(tid), us: (Number(fields[11]) + Number(fields[12])) * TICK_US, js: main || !runtimeThread.test(name) }];
        } catch {
          return []; // the thread ended meanwhile
        }
      });
    } catch {
      return undefined;
    }
  };
}
