import { EXPERIMENTS, PRESET_DEFAULTS, PRESETS, RUNTIME_NAMES, STRATEGIES, type PresetName } from "@threadlab/core";
import { availableParallelism } from "node:os";
import { cac } from "cac";
import pc from "picocolors";
import { doctorCommand } from "./doctor.ts";
import { compareCommand } from "./compare/compare-command.ts";
import { mergeCommand } from "./merge.ts";
import { DEFAULTS as POOLS_DEFAULTS, poolsRequest, type PoolsFlags } from "./pools/options.ts";
import { poolsCommand, runPools } from "./pools/pools-command.ts";
import { PRESET_SETTINGS } from "./pools/settings.ts";
import { reportCommand } from "./report/report-command.ts";
import { runService } from "./service/service-command.ts";
import { renderServiceTable } from "./service/table.ts";
import { killAllRunners } from "./run/run-runtime.ts";
import { runCommand, type RunRequest } from "./run/run-command.ts";
import { checkPlan } from "./plan-usage.ts";
import { UsageError } from "./usage-error.ts";
import { VERSION } from "./version.ts";

/** The experiment that races pools: run by the CLI after the runners, as `threadlab pools` does. */
const POOLS = "pools";
/** The service under load: also run by the CLI after the runners, as `threadlab service` does. */
const SERVICE = "service";

/** "1,2,4" or 2 or ["1,2", "4"] → ["1","2","4"]; cac gives numbers for numeric values. */
function list(value: unknown): string[] | undefined {
  if (value === undefined || value === true) return undefined;
  const items = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(","));
  return items.map((s) => s.trim()).filter(Boolean);
}

function numbers(flag: string, value: unknown): number[] | undefined {
  return list(value)?.map((s) => {
    const n = Number(s);
    if (!/^-?\d+(\.\d+)?$/.test(s) || !Number.isFinite(n)) throw new UsageError(`--${flag}: "${s}" is not a number`);
    return n;
  });
}

function oneNumber(flag: string, value: unknown): number | undefined {
  const ns = numbers(flag, value);
  if (ns && ns.length !== 1) throw new UsageError(`--${flag} takes one number`);
  return ns?.[0];
}

interface RunFlags {
  runtimes?: unknown;
  workloads?: unknown;
  threads?: unknown;
  strategies?: unknown;
  experiments?: unknown;
  preset?: unknown;
  samples?: unknown;
  warmup?: unknown;
  precision?: unknown;
  minSample?: unknown;
  budget?: unknown;
  timeout?: unknown;
  out: string;
}

function runRequest(flags: RunFlags): RunRequest {
  // A repeated --out (the bench script sets one, a user may add another): the last one wins.
  const request: RunRequest = { out: outDir(flags.out) };
  const runtimes = list(flags.runtimes);
  const workloads = list(flags.workloads);
  const threads = numbers("threads", flags.threads);
  const strategies = list(flags.strategies);
  const samples = oneNumber("samples", flags.samples);
  const warmup = oneNumber("warmup", flags.warmup);
  const timeout = oneNumber("timeout", flags.timeout);
  const precision = oneNumber("precision", flags.precision);
  const budget = oneNumber("budget", flags.budget);
  const minSample = oneNumber("min-sample", flags.minSample);
  if (runtimes) request.runtimes = runtimes;
  if (workloads) request.workloads = workloads;
  if (threads) request.threads = threads;
  // Names are checked below by core's plan schema, with the rest of the plan.
  if (strategies) request.strategies = strategies as RunRequest["strategies"];
  const experiments = list(flags.experiments);
  if (experiments) {
    const named = experiments.filter((e) => e !== "none");
    // The pools race runs from the CLI after the runs, not inside a runner.
    request.pools = named.includes(POOLS);
    request.service = named.includes(SERVICE);
    request.experiments = named.filter((e) => e !== POOLS && e !== SERVICE) as RunRequest["experiments"];
  }
  if (flags.preset !== undefined) request.preset = String(flags.preset) as RunRequest["preset"];
  if (samples !== undefined) request.samples = samples;
  if (warmup !== undefined) request.warmup = warmup;
  if (precision !== undefined) {
    if (!(precision >= 0 && precision <= 100)) throw new UsageError(`--precision is a percentage from 0 to 100, got ${precision}`);
    request.precision = precision / 100;
  }
  if (minSample !== undefined) request.minSampleMs = minSample;
  if (budget !== undefined) {
    if (!(budget >= 0)) throw new UsageError(`--budget must be a number of seconds ≥ 0, got ${budget}`);
    request.budgetMs = budget * 1000;
  }
  if (timeout !== undefined) {
    // setTimeout takes at most 2^31−1 ms (about 24.8 days); anything longer would fire at once.
    if (!(timeout > 0) || timeout * 60_000 > 2 ** 31 - 1) throw new UsageError(`--timeout must be between 0 and 35791 minutes, got ${timeout}`);
    request.timeoutMinutes = timeout;
  }
  checkPlan(request, { experiments: `the CLI also takes ${POOLS}, ${SERVICE} and none` });
  return request;
}

function outDir(value: unknown): string {
  return String(Array.isArray(value) ? value.at(-1) : value);
}

/** "smoke 1, quick 4, default 24, full 900": one preset default per preset, from core. */
function perPreset(value: (d: (typeof PRESET_DEFAULTS)[PresetName]) => number): string {
  return PRESETS.map((p) => `${p} ${value(PRESET_DEFAULTS[p])}`).join(", ");
}

function runOptions(command: ReturnType<ReturnType<typeof cac>["command"]>) {
  return command
    .option("--runtimes <list>", "Runtimes to run, comma-separated (default: every runtime found)")
    .option("--workloads <list>", "Workloads, comma-separated (default: all)")
    .option("--threads <list>", "Worker counts, e.g. 1,2,4 (default: 1, 2, 4 … up to each runtime's cores, and 2× cores except in smoke and quick)")
    .option("--strategies <list>", `Strategies, comma-separated: ${STRATEGIES.join(", ")} (default: from the preset)`)
    .option("--experiments <list>", `Experiments, comma-separated: ${EXPERIMENTS.join(", ")}, ${POOLS}, ${SERVICE}, or none (default: all of them)`)
    .option("--preset <name>", `${PRESETS.join(" | ")} (default: default)`)
    .option("--samples <n>", "The floor: timed samples every scenario takes (default: 5)")
    .option("--precision <percent>", "Sample a row until its speed-up's 95% CI (the baseline's median's) is within ± this % (default: 2)")
    .option("--min-sample <ms>", `A timed sample is the mean of back-to-back runs lasting at least this (default: from the preset: ${perPreset((d) => d.minSampleMs)})`)
    .option("--budget <seconds>", `Time for one runtime's scenarios, shared out among them (default: from the preset: ${perPreset((d) => d.budgetMs / 1000)})`)
    .option("--warmup <n>", "Untimed warm-up runs per scenario at the least; more while runs keep getting faster (default: 1)")
    .option("--timeout <minutes>", "Kill a runtime's run after this many minutes (default: from the preset)")
    .option("--out <dir>", "Folder for <runtime>.json results", { default: "results" });
}

async function report(dir: string, json: boolean): Promise<boolean> {
  const outcome = await reportCommand(dir);
  if (json) process.stdout.write(`${JSON.stringify(outcome.summary, null, 2)}\n`);
  else {
    process.stdout.write(outcome.terminal);
    const [html, ...others] = outcome.files;
    process.stdout.write(`\nalso written: ${others.join(", ")}\n${pc.bold("open the report:")} ${html}\n`);
  }
  return outcome.allOk;
}

const cli = cac("threadlab");

/** `run`, then the service experiment and the pools race into the same folder when the experiments include them. */
async function runWithPools(flags: RunFlags): Promise<{ exitCode: number; leaked: boolean }> {
  const request = runRequest(flags);
  let { exitCode, plan } = await runCommand(request);
  if (request.service !== false) {
    const served = await runService({ preset: plan.preset, ...(request.runtimes ? { runtimes: request.runtimes } : {}), out: request.out });
    exitCode ||= served.exitCode;
  }
  if (request.pools === false) return { exitCode, leaked: false };
  const raced = await runPools({
    settings: { ...POOLS_DEFAULTS, threads: availableParallelism(), ...PRESET_SETTINGS[plan.preset] },
    ...(request.runtimes ? { runtimes: request.runtimes } : {}),
    builds: [],
    json: false,
    out: request.out,
  });
  // A peer's failure is a finding of the race (its reason is in the report), not a failure of the benchmark.
  const oursFailed = raced.results.some((r) => r.error !== undefined || r.contenders.some((c) => c.ours && !c.ok));
  return { exitCode: exitCode || (oursFailed ? 1 : 0), leaked: raced.leaked };
}

/** A peer pool that would not close may still hold live threads in this process: end it rather than wait for them. */
function exitIfLeaked(leaked: boolean): void {
  if (!leaked) return;
  process.stderr.write("threadlab: a pool in the race did not close in time; exiting without waiting for its threads\n");
  process.exit(process.exitCode ?? 0);
}

runOptions(cli.command("run", "Run the plan in each runtime and write <out>/<runtime>.json (and the pools race, <out>/pools.<runtime>.json)")).example(
  "threadlab run --preset quick --workloads mandelbrot,spectral-norm --threads 1,2 --out results",
).action(async (flags: RunFlags) => {
  const { exitCode, leaked } = await runWithPools(flags);
  process.exitCode = exitCode;
  exitIfLeaked(leaked);
});

runOptions(cli.command("bench", "run, then report: the main job")).action(async (flags: RunFlags) => {
  const { exitCode, leaked } = await runWithPools(flags);
  const ok = await report(outDir(flags.out), false);
  process.exitCode = exitCode || (ok ? 0 : 1);
  exitIfLeaked(leaked);
});

cli
  .command("report <dir>", "Validate <dir>/*.json and write report.md and summary.json")
  .option("--json", "Print summary.json to stdout instead of the table")
  .example("threadlab report results")
  .action(async (dir: string, flags: { json?: boolean }) => {
    process.exitCode = (await report(dir, Boolean(flags.json))) ? 0 : 1;
  });

cli
  .command("compare <before> <after>", "Compare two result folders row by row: each speed-up (the baseline's time), changed only past both its intervals and the noise threshold")
  .option("--threshold <percent>", "The noise threshold: a move within ± this much is no change, whatever the intervals say", { default: 5 })
  .option("--json", "Print the comparison as JSON instead of the table")
  .example("threadlab run --preset quick --out a && threadlab run --preset quick --out b && threadlab compare a b")
  .action(async (before: string, after: string, flags: { threshold: number; json?: boolean }) => {
    process.stdout.write(`${await compareCommand(before, after, { threshold: Number(flags.threshold), json: Boolean(flags.json) })}\n`);
  });

cli
  .command("merge <...dirs>", "Combine result folders from several machines into one, for one report comparing machines")
  .option("--out <dir>", "Folder to write the merged results to", { default: "results-merged" })
  .example("threadlab merge results-linux results-mac --out all && threadlab report all")
  .action(async (dirs: string[], flags: { out: string }) => {
    const written = await mergeCommand(dirs, String(flags.out));
    process.stdout.write(`${written.length} file(s) merged into ${String(flags.out)}; next: threadlab report ${String(flags.out)}\n`);
  });

cli
  .command("pools", "Race worker pools in Node, Deno, Bun and Chromium: threadlab vs the pools people use in each")
  .usage(
    [
      "pools [options]",
      "",
      "  In each runtime (one after another: Node in this process, Deno and Bun in a runner each, Chromium in a page)",
      "  every pool is started fresh, warmed up, measured and closed in turn; the order rotates every round so drift",
      "  hits all alike. Medians over rounds, with a 95% CI from 5 rounds:",
      `    throughput   add(a, b) with ${POOLS_DEFAULTS.inFlight} calls in flight, for ${POOLS_DEFAULTS.minMs} ms at least: tasks/s, and the ratio to the best non-threadlab pool`,
      "    latency      add(a, b) awaited one call at a time: p50 and p99 round trip in µs",
      `    1 ms tasks   ${POOLS_DEFAULTS.spinTasks} × spin(${POOLS_DEFAULTS.spinUs} µs) submitted at once: tasks/s and efficiency vs cores × 1 task/ms`,
      "    CPU          CPU µs per call (all threads) and idle CPU; n/a in Chromium, where a page cannot read CPU time",
      "  Peers: Node: piscina, tinypool, workerpool, poolifier, comlink-rr, multithreading; Deno and Bun: poolifier-web-worker,",
      "  multithreading, piscina, tinypool, workerpool, poolifier; Chromium: poolifier-web-worker, multithreading.",
      "  A pool known not to work in a runtime is an error row with the reason (name it in --only to run it anyway).",
      "  A contender that fails is an error row with its reason, and the exit code is 1. Progress goes to stderr.",
    ].join("\n"),
  )
  .option("--runtimes <list>", `Runtimes to race in, comma-separated: ${RUNTIME_NAMES.join(", ")} (default: every runtime found)`)
  .option("--preset <name>", "Size the race as run/bench do for smoke | quick | default | full (default: the full race described above); the flags below override it")
  .option("--threads <n>", "Threads per pool (default: os.availableParallelism())")
  .option("--rounds <n>", `Rounds; every contender runs once per round, in rotating order (default: ${POOLS_DEFAULTS.rounds}; a 95% CI needs ≥ 5)`)
  .option("--calls <n>", `add calls timed for throughput, ${POOLS_DEFAULTS.inFlight} in flight, or more to last ${POOLS_DEFAULTS.minMs} ms (default: ${POOLS_DEFAULTS.calls})`)
  .option("--only <list>", "Contenders to run, comma-separated (each runtime runs those it has): threadlab, threadlab@<label>, or a peer above")
  .option("--threadlab-from <list>", "Also race the built @threadlab/node in DIR (dist/index.js, dist/worker.js) as threadlab@<label>, in Node; DIR or label=DIR, comma-separated")
  .option("--json", "Print the results as one JSON array (one threadlab.pools/v1 document per runtime) instead of the tables")
  .option("--out <dir>", "Also write <dir>/pools.<runtime>.json for each runtime (atomically)")
  .option("--timeout <minutes>", "Kill a runtime's runner after this many minutes (default: from the settings, generous)")
  .option("--latency-calls <n>", `Advanced: sequential calls timed for p50/p99 (default: ${POOLS_DEFAULTS.latencyCalls})`)
  .option("--spin-tasks <n>", `Advanced: ~1 ms CPU tasks submitted at once (default: ${POOLS_DEFAULTS.spinTasks})`)
  .example("threadlab pools --runtimes node,bun --threadlab-from base=/tmp/base/packages/node --rounds 7 --out results")
  .action(async (flags: PoolsFlags) => {
    process.exitCode = await poolsCommand(poolsRequest(flags));
  });

cli
  .command("service", "An HTTP service under load in Node, Deno and Bun (a page in Chromium): CPU work per request inline, through the pool, or in several processes")
  .usage(
    [
      "service [options]",
      "",
      "  Each runtime serves /work on 127.0.0.1 with its own server (node:http, Deno.serve, Bun.serve): every request awaits",
      "  a 2 ms timer, then runs a spin kernel of the chosen size, inline on the event loop, through the threadlab pool",
      "  (one worker per core), or in one process per core sharing the port (node:cluster; SO_REUSEPORT in Deno and Bun).",
      "  An open-loop generator in this process offers fixed rates, rising until a mode stops keeping up; latency counts",
      "  from each request's scheduled time, so queueing shows. Every answer is checked; a wrong one fails the run.",
      "  At 80% of inline's saturation every mode is measured once more: p99, a /health endpoint's p99, the loop's lag.",
      "  Chromium has no server: a page keeps a requestAnimationFrame loop while it fetches and runs kernels inline or",
      "  in the web pool, and its frame times are compared.",
    ].join("\n"),
  )
  .option("--runtimes <list>", `Runtimes, comma-separated: ${RUNTIME_NAMES.join(", ")} (default: every runtime found)`)
  .option("--preset <name>", `${PRESETS.join(" | ")}: how many rates and how long each (default: default)`)
  .option("--kernel-ms <list>", "CPU per request in ms, comma-separated (default: 1; full: 0.1,1,10)")
  .option("--out <dir>", "Also write <dir>/service.<runtime>.json for each runtime (atomically)")
  .option("--json", "Print the results as one JSON array instead of the tables")
  .example("threadlab service --runtimes node,bun --preset quick --out results")
  .action(async (flags: { runtimes?: unknown; preset?: unknown; kernelMs?: unknown; out?: unknown; json?: boolean }) => {
    const preset = String(flags.preset ?? "default");
    if (!(PRESETS as readonly string[]).includes(preset)) throw new UsageError(`--preset must be one of ${PRESETS.join(", ")}, got ${preset}`);
    const runtimes = list(flags.runtimes);
    const kernelMs = numbers("kernel-ms", flags.kernelMs);
    const { results, exitCode } = await runService({
      preset: preset as PresetName,
      ...(runtimes ? { runtimes } : {}),
      ...(kernelMs ? { kernelMs } : {}),
      ...(flags.out !== undefined ? { out: outDir(flags.out) } : {}),
    });
    const text = flags.json ? `${JSON.stringify(results, null, 2)}\n` : results.map(renderServiceTable).join("\n");
    await new Promise<void>((ok) => process.stdout.write(text, () => ok()));
    process.exitCode = exitCode;
  });

cli.command("doctor", "Show which runtimes were found, their versions and paths, and why any is unusable").action(async () => {
  process.exitCode = await doctorCommand();
});

cli.help();
cli.version(VERSION);

// A reader that stops reading (`threadlab report results | head`) is no error: stop quietly, as other tools do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  killAllRunners();
  process.exit(0);
});

for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  process.on(signal, () => {
    killAllRunners();
    process.exit(code);
  });
}

async function main(): Promise<void> {
  try {
    cli.parse(process.argv, { run: false });
    if (!cli.matchedCommand) {
      if (cli.args.length > 0) throw new UsageError(`unknown command "${cli.args[0]}" (see threadlab --help)`);
      if (!cli.options.help && !cli.options.version) {
        cli.outputHelp();
        process.exitCode = 2;
      }
      return;
    }
    await cli.runMatchedCommand();
  } catch (error) {
    killAllRunners();
    if (error instanceof UsageError || (error instanceof Error && error.name === "CACError")) {
      process.stderr.write(`threadlab: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`threadlab: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  }
}

await main();
