import type { ContenderFactory } from "./contender.ts";
import { timerResolutionUs, type CpuClock, type ThreadClock } from "./measure.ts";
import { race } from "./race.ts";
import { parseRunnerRequest, type RunnerRequest } from "./settings.ts";
import { poolsResult, type PoolsHost, type PoolsResult } from "./race-result.ts";

// Runtime-neutral: the Node CLI (in process), the Deno and Bun runners and the Chromium page all race through here.

/** What a runtime brings to the race: its contenders, what it knows of itself and, where it can read one, a CPU clock. */
export interface RaceEnv {
  host: PoolsHost;
  factories: ContenderFactory[];
  cpu?: CpuClock;
  /** Per-thread CPU, where the OS lists threads: splits the idle figure into the JavaScript threads' and the runtime's. */
  threads?: ThreadClock;
}

/**
 * The contenders --only names (all when it names none); one named there
 * explicitly is run even where it is known to fail, to check whether it still does.
 */
export function selectContenders(all: readonly ContenderFactory[], only: readonly string[] | undefined): ContenderFactory[] {
  if (!only) return [...all];
  return all
    .filter((f) => only.includes(f.name))
    .map((f) => {
      const { unsupported: _, ...rest } = f;
      return rest;
    });
}

export async function racePools(request: RunnerRequest, env: RaceEnv, log: (line: string) => void): Promise<{ result: PoolsResult; leaked: boolean }> {
  const factories = selectContenders(env.factories, request.only);
  const s = request.settings;
  const { name, version } = env.host.runtime;
  log(`threadlab pools in ${name} ${version}: ${factories.map((c) => c.name).join(", ")}; ${s.threads} thread(s), ${s.rounds} round(s)`);
  const resolution = timerResolutionUs();
  const { runs, leaked } = await race(factories, s, log, env.cpu, env.threads);
  return { result: poolsResult(runs, s, env.host, resolution), leaked };
}

export interface RunnerIo {
  /** Writes all of `text` to stdout; resolves once it is out (the runner may exit right after). */
  stdout(text: string): Promise<void>;
  stderr(text: string): void;
}

/**
 * A runner's whole life: the request JSON in, progress lines on stderr, one
 * PoolsResult JSON on stdout. Returns the exit code (0 with a result, even if
 * contenders failed: those are rows; 2 for a bad request; 1 when the race
 * itself broke) and whether a pool may have left threads behind, in which
 * case the runner must exit explicitly.
 */
export async function runnerMain(requestJson: string | undefined, env: (request: RunnerRequest) => RaceEnv | Promise<RaceEnv>, io: RunnerIo): Promise<{ code: number; leaked: boolean }> {
  let request: RunnerRequest;
  try {
    request = parseRunnerRequest(requestJson);
  } catch (error) {
    io.stderr(`threadlab pools runner: ${error instanceof Error ? error.message : String(error)}\n`);
    return { code: 2, leaked: false };
  }
  try {
    const { result, leaked } = await racePools(request, await env(request), (line) => io.stderr(`${line}\n`));
    await io.stdout(`${JSON.stringify(result)}\n`);
    return { code: 0, leaked };
  } catch (error) {
    io.stderr(`threadlab pools runner: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return { code: 1, leaked: true };
  }
}
