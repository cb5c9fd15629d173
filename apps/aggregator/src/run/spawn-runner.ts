import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

const live = new Set<ChildProcess>();

/** Kills every runner still running (and its process group): used on Ctrl-C and exit. */
export function killAllRunners(): void {
  for (const child of live) killGroup(child);
}

/** Counts `child` among the processes Ctrl-C and exit kill (its whole group); returns the undo. */
export function track(child: ChildProcess): () => void {
  live.add(child);
  return () => live.delete(child);
}

/**
 * Signals the runner's whole process group (negative pid), so children it
 * left behind go too, even after the runner itself has exited.
 */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already empty
  }
}

export type RunnerOutcome = { ok: true; stdout: string } | { ok: false; message: string };

export interface RunnerSpawn {
  /** "deno", "bun", "chromium": names the runner in messages. */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Past this the runner's whole process group is killed (SIGTERM, then SIGKILL). */
  deadlineMs: number;
  /** The limit the message names, when it is not `deadlineMs` (a later part of a run gets what is left of the run's limit). */
  limitMs?: number;
  /** Each line the runner writes on stderr; `true` when it was a progress event, not a line to quote if the runner fails. */
  onLine(line: string): boolean | void;
}

/** How long a runner that got SIGTERM may take to close its browser before SIGKILL. */
const TERM_GRACE_MS = 3_000;
/** How long to wait for a runner's pipes to drain after it exited. */
const DRAIN_MS = 2_000;

/**
 * Runs one runner (a runtime's plan runner, or a pools race) in its own
 * process group and collects its stdout; never throws for runner failures.
 * Past its deadline it gets SIGTERM then SIGKILL, sent to its group so
 * whatever it started goes too, and Ctrl-C on the CLI (killAllRunners)
 * reaches it.
 */
export function runRunner(r: RunnerSpawn): Promise<RunnerOutcome> {
  return new Promise((resolve) => {
    const child = spawn(r.command, r.args, { stdio: ["ignore", "pipe", "pipe"], detached: true, ...(r.env ? { env: r.env } : {}) });
    live.add(child);
    const tail: string[] = [];
    let stdout = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    createInterface({ input: child.stderr }).on("line", (line) => {
      if (r.onLine(line) === true) return;
      if (line.trim()) tail.push(line);
      if (tail.length > 20) tail.shift();
    });
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      // A polite stop first: the Chromium runner closes its browser on SIGTERM.
      killGroup(child, "SIGTERM");
      graceTimer = setTimeout(() => killGroup(child), TERM_GRACE_MS);
    }, r.deadlineMs);
    let finished = false;
    const finish = (outcome: RunnerOutcome) => {
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
    child.on("error", (error) => finish({ ok: false, message: `could not start ${r.command}: ${error.message}` }));
    child.on("close", (code, signal) => {
      if (timedOut) {
        return finish({ ok: false, message: `${r.name} runner did not finish within ${formatMs(r.limitMs ?? r.deadlineMs)} and was killed` });
      }
      if (code !== 0) {
        const last = tail.at(-1);
        return finish({ ok: false, message: `${r.name} runner exited with ${signal ? `signal ${signal}` : `code ${code}`}${last ? `: ${last}` : ""}` });
      }
      finish({ ok: true, stdout });
    });
  });
}

function formatMs(ms: number): string {
  return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}
