import { ResultSchema, summarize, type MachineInfo } from "@threadlab/core";
import * as v from "valibot";
import type { ContenderRun } from "./race.ts";
import { PoolsSettingsSchema, type PoolsSettings } from "./settings.ts";

// One runtime's pools race as a result (pools.<runtime>.json), from the rounds its contenders ran: described once,
// as a schema, whose types the race builds and from which the report's reader (results/pools-file.ts) is made.
// Runtime-neutral: no `node:` imports. What only a runtime knows (its name, the machine) comes in as a PoolsHost.

export const POOLS_SCHEMA = "threadlab.pools/v1";

/** Fewer rounds than this give an interval too wide (or too dishonest) to print. */
export const CI_MIN_ROUNDS = 5;

const StatSchema = v.object({
  median: v.number(),
  /** 95% distribution-free interval for the median; only with ≥ 5 rounds. */
  ci: v.optional(v.object({ low: v.number(), high: v.number(), level: v.number() })),
  /** One value per round, in round order. */
  rounds: v.array(v.number()),
});

export type Stat = v.InferOutput<typeof StatSchema>;

export const ContenderResultSchema = v.object({
  name: v.string(),
  version: v.string(),
  ours: v.boolean(),
  ok: v.boolean(),
  error: v.optional(v.string()),
  /** Not run: known not to work in this runtime (`error` says why); the exit code ignores it. */
  unsupported: v.optional(v.boolean()),
  /** add tasks/s with `inFlight` outstanding. */
  throughput: v.optional(StatSchema),
  latencyUs: v.optional(v.object({ p50: StatSchema, p99: StatSchema })),
  /** ~1 ms CPU tasks per second, and that ÷ the ideal of every usable core busy all the time. */
  cpuTasks: v.optional(v.object({ ...StatSchema.entries, efficiency: v.number() })),
  /** CPU time, all threads, per add call (µs): what polling costs beside the time it saves. Absent where CPU time cannot be read (a browser). */
  cpuUsPerCall: v.optional(v.object({ throughput: StatSchema, sequential: StatSchema })),
  /** Percent of one core used by an idle pool after a burst. Absent where CPU time cannot be read (a browser). */
  idlePct: v.optional(StatSchema),
  /** Of which JavaScript threads (the caller and the workers), where the OS names threads; the rest is the runtime's JIT, GC and I/O threads. */
  idleJsPct: v.optional(StatSchema),
  /** Median throughput ÷ the best peer's (a non-threadlab contender), set once every contender has its figures. */
  vsBestPeer: v.optional(v.number()),
});

export type ContenderResult = v.InferOutput<typeof ContenderResultSchema>;

/** The runtime the race ran in, and what it knows of the machine. */
export interface PoolsHost {
  runtime: { name: string; version: string };
  /** From node:os where the runtime has it (machineFromOs); in a page, what the page can see. */
  machine: MachineInfo;
}

/** The fields in the order the race writes them. */
export const PoolsResultSchema = v.object({
  schema: v.literal(POOLS_SCHEMA),
  createdAt: v.string(),
  /** The runtime the pools ran in: "node" 20.x, "deno" 2.x, "bun" 1.x, "chromium" 14x.x. */
  runtime: v.object({ name: v.string(), version: v.string() }),
  /** A result's machine as core describes it (core exports that schema only as part of its result's). */
  machine: ResultSchema.entries.machine,
  settings: PoolsSettingsSchema,
  /** The smallest step of the runtime's performance.now(), µs: latencies below it read as 0 (5 µs in Chromium). */
  timerResolutionUs: v.optional(v.number()),
  bestPeer: v.optional(v.string()),
  contenders: v.array(ContenderResultSchema),
  /** Set when the runtime's runner failed (crashed, hung, printed no result); `contenders` is then empty. */
  error: v.optional(v.string()),
  /** Node's process.version; only in Node's result (it was the only runtime before `runtime` came). */
  node: v.optional(v.string()),
});

export type PoolsResult = v.InferOutput<typeof PoolsResultSchema>;

function stat(xs: number[]): Stat {
  const s = summarize(xs);
  return { median: s.median, ...(xs.length >= CI_MIN_ROUNDS ? { ci: s.ci } : {}), rounds: xs };
}

/** A Stat over the rounds that have the figure, or undefined when none has it (no CPU clock). */
function optionalStat(xs: Array<number | undefined>): Stat | undefined {
  const present = xs.filter((x): x is number => x !== undefined);
  return present.length === xs.length && present.length > 0 ? stat(present) : undefined;
}

export function poolsResult(runs: readonly ContenderRun[], settings: PoolsSettings, host: PoolsHost, timerResolutionUs?: number): PoolsResult {
  // More threads than cores cannot run more 1 ms tasks at once: the ideal is capped by the cores.
  const ideal = (Math.min(settings.threads, host.machine.cores) * 1e6) / settings.spinUs;
  const results: ContenderResult[] = runs.map((run) => {
    const base = { name: run.name, version: run.version, ours: run.ours };
    if (run.error !== undefined || run.samples.length === 0) {
      return { ...base, ok: false, error: run.error ?? "no rounds ran", ...(run.unsupported ? { unsupported: true } : {}) };
    }
    const cpu = stat(run.samples.map((x) => x.cpu));
    const throughputCpu = optionalStat(run.samples.map((x) => x.throughputCpuUs));
    const sequentialCpu = optionalStat(run.samples.map((x) => x.latencyCpuUs));
    const idle = optionalStat(run.samples.map((x) => x.idlePct));
    const idleJs = optionalStat(run.samples.map((x) => x.idleJsPct));
    return {
      ...base,
      ok: true,
      throughput: stat(run.samples.map((x) => x.throughput)),
      latencyUs: { p50: stat(run.samples.map((x) => x.p50)), p99: stat(run.samples.map((x) => x.p99)) },
      cpuTasks: { ...cpu, efficiency: cpu.median / ideal },
      ...(throughputCpu && sequentialCpu ? { cpuUsPerCall: { throughput: throughputCpu, sequential: sequentialCpu } } : {}),
      ...(idle ? { idlePct: idle } : {}),
      ...(idleJs ? { idleJsPct: idleJs } : {}),
    };
  });
  const peers = results.filter((r) => r.ok && !r.ours);
  const best = peers.reduce<ContenderResult | undefined>((b, r) => (!b || r.throughput!.median > b.throughput!.median ? r : b), undefined);
  if (best) for (const r of results) if (r.ok) r.vsBestPeer = r.throughput!.median / best.throughput!.median;
  return {
    schema: POOLS_SCHEMA,
    createdAt: new Date().toISOString(),
    runtime: host.runtime,
    machine: host.machine,
    settings,
    ...(timerResolutionUs !== undefined ? { timerResolutionUs } : {}),
    ...(best ? { bestPeer: best.name } : {}),
    contenders: results,
  };
}

/** The entry for a runtime whose runner failed: no contenders, one reason. */
export function failedResult(settings: PoolsSettings, host: PoolsHost, error: string): PoolsResult {
  return { schema: POOLS_SCHEMA, createdAt: new Date().toISOString(), runtime: host.runtime, machine: host.machine, settings, contenders: [], error };
}

/** "2.10% (JS 0.00%)": idle CPU of the whole process, and of its JavaScript threads where the OS names threads; "n/a" without a CPU clock. */
export function idleText(c: { idlePct?: { median: number }; idleJsPct?: { median: number } }): string {
  if (!c.idlePct) return "n/a";
  return `${c.idlePct.median.toFixed(2)}%${c.idleJsPct ? ` (JS ${c.idleJsPct.median.toFixed(2)}%)` : ""}`;
}
