/** Context switches the OS counted so far, since the process (or thread) started. */
export interface SwitchCounts {
  voluntary: number;
  involuntary: number;
}

export interface SwitchCounter {
  /** `resourceUsage`: the whole process, every thread; `proc-self-status`: the main thread only. */
  source: "resourceUsage" | "proc-self-status";
  read(): Promise<SwitchCounts>;
}

interface ResourceUsage {
  userCPUTime: number;
  voluntaryContextSwitches: number;
  involuntaryContextSwitches: number;
}

/**
 * How this runtime can count its context switches, feature-detected so core
 * stays free of runtime imports: `process.resourceUsage()` (getrusage over
 * all threads) where it reports real figures, else Linux's /proc/self/status
 * read through fetch (the main thread's counts only). A resourceUsage()
 * that reports no CPU time at all is taken as none (Bun's reads zero until
 * its clock has ticked). Undefined where neither works (a browser page).
 */
export async function switchCounter(): Promise<SwitchCounter | undefined> {
  const usage = (globalThis as { process?: { resourceUsage?: () => ResourceUsage } }).process?.resourceUsage;
  try {
    if (usage && usage().userCPUTime > 0) {
      return {
        source: "resourceUsage",
        read: async () => {
          const u = usage();
          return { voluntary: u.voluntaryContextSwitches, involuntary: u.involuntaryContextSwitches };
        },
      };
    }
  } catch {
    // resourceUsage exists but throws: try /proc
  }
  const fromProc = async (): Promise<SwitchCounts> => parseProcStatus(await (await fetch("file:///proc/self/status")).text());
  try {
    await fromProc();
    return { source: "proc-self-status", read: fromProc };
  } catch {
    return undefined;
  }
}

/** The two counters in a /proc/<pid>/status text; throws if either is missing. */
export function parseProcStatus(text: string): SwitchCounts {
  const voluntary = /^voluntary_ctxt_switches:\s+(\d+)/m.exec(text)?.[1];
  const involuntary = /^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(text)?.[1];
  if (voluntary === undefined || involuntary === undefined) throw new Error("no context-switch counts in /proc/self/status");
  return { voluntary: Number(voluntary), involuntary: Number(involuntary) };
}
