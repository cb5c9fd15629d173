import { gridBudgetMs, resolvePlan, type Plan } from "../schema/plan.ts";
import { RESULT_SCHEMA, type MachineCheck, type Result, type Scenario } from "../schema/result.ts";
import type { RuntimeAdapter } from "../probe/runtime-probe.ts";
import { experimentsEstimateMs, runExperiments } from "../experiments/run-experiments.ts";
import { markSuspects } from "./fairness.ts";
import { CHECKS_AT, machineCheck, markBusy, parallelRow } from "./machine-check.ts";
import { byPreset } from "../workloads/types.ts";
import type { ProgressEvent } from "../bench-kit/runner-protocol.ts";
import { runWorkload } from "./run-workload.ts";
import { expandSteps, type Step } from "../strategies/index.ts";

export interface RunOptions {
  onProgress?: (event: ProgressEvent) => void;
}


/** Runs every scenario of `plan` through `adapter`, then its experiments, and returns the result document. */
export async function runPlan(request: Plan, adapter: RuntimeAdapter, options: RunOptions = {}): Promise<Result> {
  const emit = options.onProgress ?? (() => {});
  const startedAt = new Date().toISOString();
  const cores = adapter.cpuCount();
  const plan = resolvePlan(request, cores);
  const all = expandSteps(plan, cores);
  const grid = gridBudgetMs(plan);
  const experimentsMs = experimentsEstimateMs(plan);
  // Parallel rows are only as fast as the cores the machine gives them then: checked before the first and after the last
  // (after the last only, in smoke and quick: CHECKS_AT).
  const checks: MachineCheck[] = [];
  const checkErrors: string[] = [];
  const checkAt = byPreset(plan.preset, CHECKS_AT);
  let checkMs: number | undefined;
  const check = async (at: MachineCheck["at"]) => {
    const started = adapter.now();
    try {
      const c = await machineCheck(adapter, at, plan.workloads);
      if (c) checks.push(c);
      checkMs = adapter.now() - started;
    } catch (error) {
      // Recorded, not fatal: the rows measure themselves; a check that failed at the start is not tried again.
      checkErrors.push(`${at}: ${error instanceof Error ? error.message : String(error)}`);
      checkMs = 0;
    }
  };
  const t0 = adapter.now();
  const scenarios: Scenario[] = [];
  // Each workload's rows take turns with its baseline (runWorkload); a workload is a run of consecutive steps.
  for (const steps of byWorkload(all)) {
    // Not at the very start: a runner's own start-up (a browser page loading, modules compiling) kept a core busy for
    // a while, and two threads got 0.94-1.19x there against 1.83-2.0x at the end of the same rows in Chromium.
    if (checkAt.includes("start") && checkMs === undefined && steps.some(parallelRow)) await check("start");
    const spent = adapter.now() - t0;
    const left = all.length - scenarios.length;
    // What is left of the grid's budget, shared out by rows: a workload that stops early leaves its time to the rest;
    // after a start check the end check comes out of it too, at about what the start check cost.
    const budgetMs = (Math.max(0, grid - (checkMs ?? 0) - spent) * steps.length) / left;
    const index = scenarios.length;
    const started = adapter.now();
    scenarios.push(
      ...(await runWorkload({
        plan,
        adapter,
        steps,
        offset: index,
        total: all.length,
        budgetMs,
        // Past the budget (floors cost more than it allowed) the pace so far is the better guess.
        etaMs: () => {
          const now = adapter.now() - t0;
          return Math.max(grid - now, index > 0 ? ((started - t0) / index) * left - (now - (started - t0)) : 0) + experimentsMs;
        },
        emit,
      })),
    );
  }
  // Not after a start check that failed (it would fail again), nor where no row ran in parallel.
  if (checkAt.includes("end") && scenarios.some((s) => s.summary && parallelRow(s)) && checkErrors.length === 0) await check("end");
  markBusy(scenarios, checks, cores);
  // A workload whose one-thread rows all beat its baseline has no trustworthy ratio at all.
  markSuspects(scenarios, cores);
  const experiments = plan.experiments.length > 0 ? await runExperiments(plan, adapter, emit) : undefined;
  return {
    schema: RESULT_SCHEMA,
    runtime: adapter.runtime(),
    machine: adapter.machine(),
    startedAt,
    finishedAt: new Date().toISOString(),
    plan,
    scenarios,
    ...(experiments ? { experiments } : {}),
    ...(checks.length ? { machineChecks: checks } : {}),
    ...(checkErrors.length ? { machineCheckErrors: checkErrors } : {}),
  };
}

/** The grid's steps as runs of one workload each, in order. */
function byWorkload(steps: readonly Step[]): Step[][] {
  const out: Step[][] = [];
  for (const step of steps) {
    const last = out.at(-1);
    if (last && last[0]!.workload.name === step.workload.name) last.push(step);
    else out.push([step]);
  }
  return out;
}
