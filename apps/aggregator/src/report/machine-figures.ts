import type { MachineCheck } from "@threadlab/core";

/** What a run's machine checks say, in a few figures: independent threads against one, the typical check and the worst. */
export interface MachineFigures {
  threads: number;
  median: number;
  worst: number;
}

/** Undefined for a run with no checks (one core, or a result from before they existed). */
export function machineFigures(checks: readonly MachineCheck[] | undefined): MachineFigures | undefined {
  if (!checks?.length) return undefined;
  const speedups = checks.map((c) => c.speedup).sort((x, y) => x - y);
  return { threads: checks[0]!.threads, median: speedups[speedups.length >> 1]!, worst: speedups[0]! };
}
