import * as os from "node:os";
import { fileURLToPath } from "node:url";
import { decodeRunnerMessage, expandSteps, joinResults, machineFromOs, PartsProgress, parseResult, planPerWorkload, ProgressReader, resolvePlan, type MachineInfo, type Plan, type ProgressEvent, type Result } from "@threadlab/core";
import { drivePages } from "./drive-page.ts";
import { PLAN_BRIDGE } from "./page/plan-bridge.ts";

export interface ChromiumRunOptions {
  onProgress?(event: ProgressEvent): void;
  /** Whole-run deadline in ms; default from THREADLAB_PAGE_DEADLINE_MS or derived from the plan. */
  deadlineMs?: number;
  /** The folder holding index.html, page.js and bench-worker.js; default dist/page beside this file. */
  pageDir?: string;
  /** Default: findChromium(). */
  executablePath?: string;
  /** Aborting ends the run (the browser and server are closed) and rejects with the reason. */
  signal?: AbortSignal;
  /** Page to open inside pageDir (tests use others). */
  pagePath?: string;
}

/**
 * THREADLAB_PAGE_DEADLINE_MS, or one task timeout per scenario of the grid
 * (every strategy's rows, as core expands them on this host's cores) and per
 * experiment, plus a minute to start.
 */
export function pageDeadlineMs(plan: Plan, env: NodeJS.ProcessEnv = process.env, cores = os.availableParallelism()): number {
  const fromEnv = Number(env.THREADLAB_PAGE_DEADLINE_MS);
  if (env.THREADLAB_PAGE_DEADLINE_MS && Number.isFinite(fromEnv) && fromEnv > 0) return fromEnv;
  const scenarios = expandSteps(resolvePlan(plan, cores), cores).length + plan.experiments.length;
  return plan.taskTimeoutMs * Math.max(1, scenarios) + 60_000;
}

/** The browser runs on this host, and sees less of it than node:os does (hostname included). */
export function hostMachine(): MachineInfo {
  return machineFromOs(os);
}

/** Names the page in protocol errors ("chromium page runner: malformed progress message ..."). */
const PAGE = "chromium page";

/**
 * Runs `plan` in headless Chromium on the prebuilt page (core's runPlan with
 * @threadlab/web's adapter) and returns the validated result, with the
 * browser's exact versions and the host machine filled in. Each workload
 * runs in a fresh page with its own renderer (see planPerWorkload), all in
 * one browser; progress is numbered across them.
 */
export async function runInChromium(plan: Plan, options: ChromiumRunOptions = {}): Promise<Result> {
  // A message from the page that does not decode ends the run with its reason once the page is done.
  const progressReader = new ProgressReader(PAGE);
  const parts = planPerWorkload(plan);
  const progress = new PartsProgress(plan, (event) => options.onProgress?.(event), os.availableParallelism());
  let onPartProgress = progress.forPart(0);
  const results: Result[] = [];
  const outcome = await drivePages({
    root: options.pageDir ?? fileURLToPath(new URL("./page/", import.meta.url)),
    page: options.pagePath,
    // The page's loopback I/O (the async scenario) goes to this route: a page cannot start a server.
    delayRoute: true,
    bridge: {
      ...PLAN_BRIDGE,
      listeners: {
        [PLAN_BRIDGE.progress](line: string) {
          const event = progressReader.read(line);
          if (event) onPartProgress(event);
        },
      },
    },
    inputs: parts.map((part) => JSON.stringify(part)),
    onOutput(index, output) {
      // A progress message that did not decode is the first thing wrong: it is what the run ends with.
      if (progressReader.error) throw progressReader.error;
      const part = decodeRunnerMessage(output, PAGE, "result").result;
      results.push(part);
      progress.partDone(part.scenarios.length);
      onPartProgress = progress.forPart(index + 1);
    },
    executablePath: options.executablePath,
    deadlineMs: options.deadlineMs ?? pageDeadlineMs(plan),
    deadlineHint: "set THREADLAB_PAGE_DEADLINE_MS to change it",
    signal: options.signal,
  });
  if (progressReader.error) throw progressReader.error;
  const raw = joinResults(plan, results);
  raw.runtime = {
    ...raw.runtime,
    name: "chromium",
    version: outcome.browserVersion,
    engine: "V8",
    ...(outcome.jsVersion ? { engineVersion: outcome.jsVersion } : {}),
    // drivePage refuses a page that is not cross-origin isolated.
    features: { ...raw.runtime.features, crossOriginIsolated: true, hardwareConcurrency: outcome.hardwareConcurrency, headless: true },
  };
  raw.machine = hostMachine();
  return parseResult(raw, "chromium runner");
}
