import type { ResultSet } from "../results/read-results.ts";
import { findingLine, findings } from "./findings.ts";
import { viewScenario } from "./scenario-view.ts";

export const SUMMARY_SCHEMA = "threadlab.summary/v1";

/** The machine-readable comparison: one row per workload × strategy × threads × runtime. */
export function buildSummary(set: ResultSet, generatedAt = new Date()) {
  return {
    schema: SUMMARY_SCHEMA,
    generatedAt: generatedAt.toISOString(),
    runtimes: set.results.map((r) => ({ ...r.runtime, machine: r.machine, startedAt: r.startedAt, preset: r.plan.preset })),
    failures: set.failures.map((f) => ({ runtime: f.runtime, at: f.at, message: f.message })),
    findings: findings(set).map((f) => ({ concept: f.concept, text: findingLine(f) })),
    // A suspect row carries its ratio under `suspect`, never as `speedup`; figures that mean nothing are null.
    rows: set.results.flatMap((r) =>
      r.scenarios.map((s) => {
        const view = viewScenario(s, r.machine.cores);
        return {
          workload: s.workload,
          size: s.size,
          strategy: s.strategy,
          ...(s.variant ? { variant: s.variant } : {}),
          threads: s.threads,
          runtime: r.runtime.name,
          status: s.status,
          verified: s.verification?.ok ?? false,
          ...(s.summary
            ? {
                medianMs: s.summary.median,
                ci95Ms: [s.summary.ci.low, s.summary.ci.high],
                samples: s.summary.n,
                noisy: view.noisy,
                outliers: s.outliers ?? [],
                ...(s.stop ? { stop: s.stop } : {}),
              }
            : {}),
          ...(view.suspect
            ? { suspect: { reason: view.suspect, ratioToSequential: view.ratio } }
            : view.ratio !== undefined
              ? { speedup: view.ratio, efficiency: view.efficiency ?? null, karpFlatt: view.karpFlatt ?? null }
              : {}),
          ...(s.error ? { error: s.error.message } : {}),
        };
      }),
    ),
  };
}
