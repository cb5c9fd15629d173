import { mkdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Plan, PlanRequest, PresetName } from "@threadlab/core";
import pc from "picocolors";
import { FAILURE_SCHEMA, type Failure } from "../results/failure.ts";
import { writeAtomic } from "../results/write-atomic.ts";
import { selectRuntimes } from "../runtimes/registry.ts";
import { UsageError } from "../usage-error.ts";
import { checkPlan } from "../plan-usage.ts";
import { ProgressView } from "./progress.ts";
import { runRuntime } from "./run-runtime.ts";

export interface RunRequest extends PlanRequest {
  runtimes?: string[];
  out: string;
  /** Minutes each runtime may take before it is killed. */
  timeoutMinutes?: number;
  /** Also race the pools after the runs (the `pools` experiment); default: yes. */
  pools?: boolean;
  /** Also run the service experiment after the runs; default: yes. */
  service?: boolean;
}

const DEFAULT_TIMEOUT_MINUTES: Record<PresetName, number> = { smoke: 10, quick: 30, default: 90, full: 720 };

export interface RunSummary {
  exitCode: number;
  written: string[];
  plan: Plan;
}

/** `threadlab run`: the plan in each selected runtime, one after another, each result written as it lands. */
export async function runCommand(request: RunRequest, log = (s: string) => process.stderr.write(`${s}\n`)): Promise<RunSummary> {
  const plan = checkPlan(request);
  const timeoutMinutes = request.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES[plan.preset];
  if (!(timeoutMinutes > 0)) throw new UsageError(`--timeout must be a positive number of minutes, got ${request.timeoutMinutes}`);
  const selection = await selectRuntimes(request.runtimes);
  const out = resolve(request.out);
  try {
    await mkdir(out, { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot create output folder ${out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  for (const skipped of selection.skipped) log(`${pc.yellow("skip")} ${skipped.name}: ${skipped.reason}`);
  if (selection.run.length === 0) throw new UsageError("no runtime available to run (see `threadlab doctor`)");
  const threads = plan.threads.length ? plan.threads.join(",") : "1, 2, 4 … cores and 2× cores of each runtime";
  log(
    `threadlab run: preset ${plan.preset}, ${plan.workloads.length} workload(s), threads ${threads}, ` +
      `≥ ${plan.samples} samples to ±${(plan.precision * 100).toFixed(1)}% within ~${Math.round(plan.budgetMs / 1000)} s of scenarios a runtime; ` +
      `runtimes ${selection.run.map((r) => `${r.spec.name} ${r.found.version}`).join(", ")} → ${out}`,
  );

  const written: string[] = [];
  let exitCode = 0;
  // How long each finished runtime took: the time-left estimate for those still to come.
  const took: number[] = [];
  for (const [i, { spec, found }] of selection.run.entries()) {
    const later = selection.run.length - i - 1;
    const started = Date.now();
    const view: ProgressView = new ProgressView(spec.name, process.stderr, () => {
      const each = took.length ? took.reduce((a, b) => a + b, 0) / took.length : (view.firstEtaMs ?? 0);
      return later * each;
    });
    const outcome = await runRuntime(spec, found, plan, {
      deadlineMs: timeoutMinutes * 60_000,
      onProgress: (e) => view.update(e),
    });
    took.push(Date.now() - started);
    const resultPath = join(out, `${spec.name}.json`);
    const failurePath = join(out, `${spec.name}.failure.json`);
    if (outcome.ok) {
      await writeAtomic(resultPath, `${JSON.stringify(outcome.result, null, 2)}\n`);
      await rm(failurePath, { force: true });
      written.push(resultPath);
      const { scenarios, experiments } = outcome.result;
      const failed = scenarios.filter((s) => s.status === "failed").length + Object.keys(experiments?.errors ?? {}).length;
      const skipped = scenarios.filter((s) => s.status === "skipped").length;
      const ran = scenarios.length - skipped;
      if (failed > 0) exitCode = 1;
      const extra = `${skipped ? `, ${skipped} not applicable here` : ""}${experiments ? `, ${Object.keys(experiments).filter((k) => k !== "skipped" && k !== "errors").length} experiment(s)` : ""}`;
      view.done(
        failed === 0
          ? pc.green(`all ${ran} scenarios ok and verified${extra} → ${resultPath}`)
          : pc.red(`${failed} failed (scenarios and experiments)${extra} → ${resultPath}`),
      );
    } else {
      exitCode = 1;
      const failure: Failure = { schema: FAILURE_SCHEMA, runtime: spec.name, at: new Date().toISOString(), message: outcome.message, log: outcome.log };
      // An earlier good result for this runtime, if any, is left where it is.
      await writeAtomic(failurePath, `${JSON.stringify(failure, null, 2)}\n`);
      written.push(failurePath);
      view.done(pc.red(`failed: ${outcome.message}`));
    }
  }
  return { exitCode, written, plan };
}
