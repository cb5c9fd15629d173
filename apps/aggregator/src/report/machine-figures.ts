import type { MachineCheck } from "@threadlab/core";

/** What a run's machine checks say, in a few figures: independent threads against one, the worst check and the best. */
export interface MachineFigures {
  threads: number;
  worst: number;
  best: number;
}

/** Undefined for a run with no checks (one core, or a result from before they existed). */
export function machineFigures(checks: readonly MachineCheck[] | undefined): MachineFigures | undefined {
  if (!checks?.length) return undefined;
  const speedups = checks.map((c) => c.speedup);
  return { threads: checks[0]!.threads, worst: Math.min(...speedups), best: Math.max(...speedups) };
}

/** "1.41–1.97×", or "1.97×" when the checks agree within 3%: worst first, the one a busy mark comes from. */
export function checkRange(m: MachineFigures): string {
  return m.worst < m.best * 0.97 ? `${m.worst.toFixed(2)}–${m.best.toFixed(2)}×` : `${m.worst.toFixed(2)}×`;
}
