import type { Contender, ContenderFactory } from "./contender.ts";
import { cpuTasks, idleCpu, latency, throughput, withCpu, type CpuClock, type ThreadClock } from "./measure.ts";
import type { PoolsSettings } from "./settings.ts";

// Runtime-neutral: no `node:` imports, so the same race runs in Node, Deno, Bun and a browser page.

export interface RoundSample {
  /** add tasks per second with `inFlight` outstanding. */
  throughput: number;
  /** Sequential add round trip, µs. */
  p50: number;
  p99: number;
  /** spin tasks per second with every task submitted at once. */
  cpu: number;
  /** CPU time (all threads) per add call in the throughput and the sequential phase, µs; absent without a CPU clock. */
  throughputCpuUs?: number;
  latencyCpuUs?: number;
  /** Percent of one core used while the pool sits idle after the calls; absent without a CPU clock. */
  idlePct?: number;
  /** Of which JavaScript threads (the caller and the workers), where the OS names threads (see idleCpu). */
  idleJsPct?: number;
}

export interface ContenderRun {
  name: string;
  ours: boolean;
  version: string;
  samples: RoundSample[];
  /** Set when the contender failed; it then sits out the remaining rounds. */
  error?: string;
  /** The contender was not run: it is known not to work in this runtime (`error` says why). */
  unsupported?: boolean;
}

export interface RaceOutcome {
  runs: ContenderRun[];
  /** A pool that did not close in time may still have threads: the CLI must exit explicitly. */
  leaked: boolean;
}

class PhaseTimeout extends Error {}

/**
 * How long a pool may take to close. A healthy one closes in milliseconds;
 * poolifier's destroy() now and then never settles (in Node and Deno), and
 * at 30 s that one hang took a 3 min 40 s bench to 4 min 7 s.
 */
const CLOSE_LIMIT_MS = 5_000;

/**
 * A hung pool (a crashed worker whose call never settles) must become an error
 * row, not a run that never ends. The limit is generous: a minute plus 1 ms
 * per task, far above any healthy pool on any machine.
 */
function limited<T>(what: string, ms: number, work: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PhaseTimeout(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([Promise.resolve().then(work), deadline]).finally(() => clearTimeout(timer));
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name === "Error" ? "" : `${error.name}: `}${error.message}` : String(error);
  const line = text.split("\n").find((l) => l.trim()) ?? "failed";
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

async function oneRound(c: Contender, s: PoolsSettings, cpu: CpuClock | undefined, threads: ThreadClock | undefined): Promise<RoundSample> {
  const limit = (tasks: number) => 60_000 + tasks;
  await limited("start", limit(0), () => c.start(s.threads));
  // Warm-up runs both tasks so neither is timed while the JIT is still compiling it, in the pool or the worker.
  await limited("warm-up", limit(s.warmupCalls), async () => {
    await throughput(c, s.warmupCalls, s.inFlight, s.minMs);
    await cpuTasks(c, s.threads * 2, 100);
  });
  const tp = await limited("throughput", limit(s.calls + s.minMs), () =>
    withCpu((r) => r.calls, () => throughput(c, s.calls, s.inFlight, s.minMs), cpu),
  );
  const lat = await limited("latency", limit(s.latencyWarmup + s.latencyCalls), () =>
    withCpu(s.latencyWarmup + s.latencyCalls, () => latency(c, s.latencyWarmup, s.latencyCalls), cpu),
  );
  const idle = cpu ? await idleCpu(s.idleMs, cpu, threads) : undefined;
  const tasksPerSecond = await limited("1 ms tasks", limit(s.spinTasks * (s.spinUs / 1000)), () => cpuTasks(c, s.spinTasks, s.spinUs));
  return {
    throughput: tp.value.perSecond,
    p50: lat.value.p50,
    p99: lat.value.p99,
    cpu: tasksPerSecond,
    ...(tp.cpuUsPerCall !== undefined ? { throughputCpuUs: tp.cpuUsPerCall } : {}),
    ...(lat.cpuUsPerCall !== undefined ? { latencyCpuUs: lat.cpuUsPerCall } : {}),
    ...(idle ? { idlePct: idle.pct } : {}),
    ...(idle?.jsPct !== undefined ? { idleJsPct: idle.jsPct } : {}),
  };
}

/**
 * Every contender runs in every round, and each round starts with the next
 * contender in turn, so drift over the run (thermal throttling, a noisy
 * neighbour) falls on all of them alike. Each round starts its pools afresh
 * and closes them before the next contender, so pools never compete for cores.
 * `cpu` reads the process's CPU time; without it (a browser page) the CPU
 * figures are left out. A contender marked unsupported is not run: its row
 * carries the reason.
 */
export async function race(
  factories: readonly ContenderFactory[],
  s: PoolsSettings,
  log: (line: string) => void,
  cpu?: CpuClock,
  threads?: ThreadClock,
): Promise<RaceOutcome> {
  const runs: ContenderRun[] = factories.map((f) => {
    const run: ContenderRun = { name: f.name, ours: f.ours, version: "?", samples: [] };
    if (f.unsupported !== undefined) {
      run.error = f.unsupported;
      run.unsupported = true;
      try {
        run.version = f.create().version; // creating starts nothing: pools start in start()
      } catch {
        // the version stays "?"
      }
    }
    return run;
  });
  let leaked = false;
  for (let round = 0; round < s.rounds; round++) {
    for (let k = 0; k < factories.length; k++) {
      const i = (round + k) % factories.length;
      const run = runs[i]!;
      if (run.error !== undefined) continue;
      log(`round ${round + 1}/${s.rounds}: ${run.name}`);
      let c: Contender | undefined;
      try {
        c = factories[i]!.create();
        run.version = c.version;
        run.samples.push(await oneRound(c, s, cpu, threads));
      } catch (error) {
        run.error = oneLine(error);
        log(`round ${round + 1}/${s.rounds}: ${run.name} failed: ${run.error}`);
      } finally {
        const started = c;
        if (started) {
          try {
            await limited("close", CLOSE_LIMIT_MS, () => started.close());
          } catch (error) {
            run.error ??= `close: ${oneLine(error)}`;
            if (error instanceof PhaseTimeout) leaked = true;
          }
        }
      }
    }
  }
  return { runs, leaked };
}
