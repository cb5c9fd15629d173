import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { parseResult, type ProgressEvent, type Result } from "@threadlab/core";
import type { FoundRuntime, RuntimeSpec } from "../runtimes/types.ts";

export type RuntimeOutcome =
  | { ok: true; result: Result }
  | { ok: false; message: string; log: string[] };

export interface RunRuntimeOptions {
  /** Whole-run deadline; past it the runner (and anything it started) is killed. */
  deadlineMs: number;
  onProgress(event: ProgressEvent): void;
}

const live = new Set<ChildProcess>();

/** Kills every runner still running (and its process group): used on Ctrl-C and exit. */
export function killAllRunners(): void {
  for (const child of live) killGroup(child);
}

/**
 * Signals the runner's whole process group (negative pid), so children it
 * left behind go too, even after the runner itself has exited.
 */
function killGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already empty
  }
}

/** How long a runner that got SIGTERM may take to close its browser before SIGKILL. */
const TERM_GRACE_MS = 3_000;
/** How long to wait for a runner's pipes to drain after it exited. */
const DRAIN_MS = 2_000;

/** Runs one runtime's runner to completion; never throws for runner failures. */
export function runRuntime(
  spec: RuntimeSpec,
  found: FoundRuntime,
  planJson: string,
  options: RunRuntimeOptions,
): Promise<RuntimeOutcome> {
  const { command, args } = spec.command(found, planJson);
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
    live.add(child);
    const log: string[] = [];
    let stdout = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    createInterface({ input: child.stderr }).on("line", (line) => {
      const event = progressOf(line);
      if (event) options.onProgress(event);
      else {
        log.push(line);
        if (log.length > 40) log.shift();
      }
    });
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      // A polite stop first: the Chromium runner closes its browser on SIGTERM.
      killGroup(child, "SIGTERM");
      graceTimer = setTimeout(() => killGroup(child), TERM_GRACE_MS);
    }, options.deadlineMs);
    let finished = false;
    const finish = (outcome: RuntimeOutcome) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      live.delete(child);
      // Whatever the runner left behind in its group goes with it.
      killGroup(child);
      resolve(outcome);
    };
    // A grandchild holding the runner's pipes open would delay 'close' forever: after exit, wait briefly, then end it.
    child.on("exit", () => {
      setTimeout(() => {
        if (!finished) killGroup(child);
      }, DRAIN_MS).unref();
    });
    child.on("error", (error) => finish({ ok: false, message: `could not start ${command}: ${error.message}`, log }));
    child.on("close", (code, signal) => {
      if (timedOut) {
        return finish({ ok: false, message: `${spec.name} runner did not finish within ${Math.round(options.deadlineMs / 1000)} s and was killed`, log });
      }
      if (code !== 0) {
        const last = log.filter((l) => l.trim()).at(-1);
        return finish({
          ok: false,
          message: `${spec.name} runner exited with ${signal ? `signal ${signal}` : `code ${code}`}${last ? `: ${last}` : ""}`,
          log,
        });
      }
      try {
        finish({ ok: true, result: parseResult(JSON.parse(stdout), `${spec.name} runner output`) });
      } catch (error) {
        finish({ ok: false, message: error instanceof Error ? error.message : String(error), log });
      }
    });
  });
}

function progressOf(line: string): ProgressEvent | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const data = JSON.parse(line) as { threadlab?: string } & ProgressEvent;
    return data.threadlab === "progress" ? data : undefined;
  } catch {
    return undefined;
  }
}
