import { PlanError, makePlan, type Plan, type PlanIssue, type PlanRequest } from "@threadlab/core";
import { UsageError } from "./usage-error.ts";

/** The CLI flag that sets each plan field (sizes and the task timeout have none). */
const FLAGS: Record<string, string> = {
  preset: "preset",
  workloads: "workloads",
  strategies: "strategies",
  experiments: "experiments",
  threads: "threads",
  samples: "samples",
  warmup: "warmup",
  precision: "precision",
  minSampleMs: "min-sample",
  budgetMs: "budget",
};

/**
 * Checks a request with core's plan schema, the one source of these rules,
 * and words each problem for the command line: `--threads: invalid thread
 * count 0: …`. `hints` adds what a flag takes beyond the plan (`--experiments`
 * also takes `pools` and `none`). Returns the plan.
 */
export function checkPlan(request: PlanRequest, hints: Record<string, string> = {}): Plan {
  try {
    return makePlan(request);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    throw new UsageError(error.issues.length ? error.issues.map((issue) => flagged(issue, hints)).join("; ") : error.message);
  }
}

function flagged({ path, message }: PlanIssue, hints: Record<string, string>): string {
  const flag = path && FLAGS[path.split(".")[0]!];
  if (!flag) return path ? `${path}: ${message}` : message;
  return `--${flag}: ${message}${hints[flag] ? `; ${hints[flag]}` : ""}`;
}
