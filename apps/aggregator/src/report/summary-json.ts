import type { ReportModel } from "./model.ts";

export const SUMMARY_SCHEMA = "threadlab.summary/v1";

/** summary.json, the machine-readable comparison: one row per workload × strategy × threads × runtime. */
export function buildSummary(model: ReportModel) {
  return {
    schema: SUMMARY_SCHEMA,
    generatedAt: model.generatedAt.toISOString(),
    runtimes: model.runtimes.map(({ result: r }) => ({ ...r.runtime, machine: r.machine, startedAt: r.startedAt, preset: r.plan.preset, machineChecks: r.machineChecks ?? [] })),
    failures: model.failures.map((f) => ({ runtime: f.runtime, at: f.at, message: f.message })),
    findings: model.findings,
    ...(model.service ? { service: { findings: model.service.findings, overview: Object.fromEntries(model.service.overview), tables: model.service.tables } } : {}),
    // A suspect row carries its ratio under `suspect`, never as `speedup`; figures that mean nothing are null.
    rows: model.scenarios.map(({ result: r, scenario: s, view }) => ({
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
            ...(view.busy ? { busy: view.busy } : {}),
            ...(view.warming ? { warming: view.warming } : {}),
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
    })),
  };
}
