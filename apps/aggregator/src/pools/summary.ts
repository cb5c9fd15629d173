import * as os from "node:os";
import { machineFromOs, summarize } from "@threadlab/core";
import type { PoolsSettings } from "./options.ts";
import type { ContenderRun } from "./race.ts";

export const POOLS_SCHEMA = "threadlab.pools/v1";

/** Fewer rounds than this give an interval too wide (or too dishonest) to print. */
const CI_MIN_ROUNDS = 5;

export interface Stat {
  median: number;
  /** 95% distribution-free interval for the median; only with ≥ 5 rounds. */
  ci?: { low: number; high: number; level: number };
  /** One value per round, in round order. */
  rounds: number[];
}

export interface ContenderResult {
  name: string;
  version: string;
  ours: boolean;
  ok: boolean;
  error?: string;
  /** add tasks/s with `inFlight` outstanding. */
  throughput?: Stat;
  /** Median throughput ÷ the best peer's (a non-threadlab contender). */
  vsBestPeer?: number;
  latencyUs?: { p50: Stat; p99: Stat };
  /** ~1 ms CPU tasks per second, and that ÷ the ideal of every usable core busy all the time. */
  cpuTasks?: Stat & { efficiency: number };
  /** CPU time, all threads, per add call (µs): what polling costs beside the time it saves. */
  cpuUsPerCall?: { throughput: Stat; sequential: Stat };
  /** Percent of one core used by an idle pool after a burst. */
  idlePct?: Stat;
}

export interface PoolsResult {
  schema: typeof POOLS_SCHEMA;
  createdAt: string;
  node: string;
  machine: ReturnType<typeof machineFromOs>;
  settings: PoolsSettings;
  bestPeer?: string;
  contenders: ContenderResult[];
}

function stat(xs: number[]): Stat {
  const s = summarize(xs);
  return { median: s.median, ...(xs.length >= CI_MIN_ROUNDS ? { ci: s.ci } : {}), rounds: xs };
}

export function poolsResult(runs: readonly ContenderRun[], settings: PoolsSettings): PoolsResult {
  // More threads than cores cannot run more 1 ms tasks at once: the ideal is capped by the cores.
  const ideal = (Math.min(settings.threads, os.availableParallelism()) * 1e6) / settings.spinUs;
  const results: ContenderResult[] = runs.map((run) => {
    const base = { name: run.name, version: run.version, ours: run.ours };
    if (run.error !== undefined || run.samples.length === 0) return { ...base, ok: false, error: run.error ?? "no rounds ran" };
    const cpu = stat(run.samples.map((x) => x.cpu));
    return {
      ...base,
      ok: true,
      throughput: stat(run.samples.map((x) => x.throughput)),
      latencyUs: { p50: stat(run.samples.map((x) => x.p50)), p99: stat(run.samples.map((x) => x.p99)) },
      cpuTasks: { ...cpu, efficiency: cpu.median / ideal },
      cpuUsPerCall: { throughput: stat(run.samples.map((x) => x.throughputCpuUs)), sequential: stat(run.samples.map((x) => x.latencyCpuUs)) },
      idlePct: stat(run.samples.map((x) => x.idlePct)),
    };
  });
  const peers = results.filter((r) => r.ok && !r.ours);
  const best = peers.reduce<ContenderResult | undefined>((b, r) => (!b || r.throughput!.median > b.throughput!.median ? r : b), undefined);
  if (best) for (const r of results) if (r.ok) r.vsBestPeer = r.throughput!.median / best.throughput!.median;
  return {
    schema: POOLS_SCHEMA,
    createdAt: new Date().toISOString(),
    node: process.version,
    machine: machineFromOs(os),
    settings,
    ...(best ? { bestPeer: best.name } : {}),
    contenders: results,
  };
}
