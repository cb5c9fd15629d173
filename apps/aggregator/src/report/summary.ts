import type { ResultSet } from "../results/read-results.ts";

export const SUMMARY_SCHEMA = "threadlab.summary/v1";

/** The machine-readable comparison: one row per workload × strategy × threads × runtime. */
export function buildSummary(set: ResultSet, generatedAt = new Date()) {
  return {
    schema: SUMMARY_SCHEMA,
    generatedAt: generatedAt.toISOString(),
    runtimes: set.results.map((r) => ({ ...r.runtime, machine: r.machine, startedAt: r.startedAt, preset: r.plan.preset })),
    failures: set.failures.map((f) => ({ runtime: f.runtime, at: f.at, message: f.message })),
    rows: set.results.flatMap((r) =>
      r.scenarios.map((s) => ({
        workload: s.workload,
        size: s.size,
        strategy: s.strategy,
        ...(s.variant ? { variant: s.variant } : {}),
        threads: s.threads,
        runtime: r.runtime.name,
        status: s.status,
        verified: s.verification?.ok ?? false,
        ...(s.summary ? { medianMs: s.summary.median, ci95Ms: [s.summary.ci.low, s.summary.ci.high], samples: s.summary.n } : {}),
        ...(s.scaling
          ? { speedup: s.scaling.speedup.value, efficiency: s.scaling.efficiency, karpFlatt: s.scaling.karpFlatt ?? null }
          : {}),
        ...(s.error ? { error: s.error.message } : {}),
      })),
    ),
  };
}
