import { availableParallelism } from "node:os";
import { UsageError } from "../usage-error.ts";
import type { ContenderFactory } from "./contender.ts";
import { contenders } from "./registry.ts";
import { threadlabBuilds } from "./threadlab-from.ts";

/** What cac hands over for `threadlab pools`: strings, numbers, arrays when repeated, true when valueless. */
export interface PoolsFlags {
  threads?: unknown;
  rounds?: unknown;
  calls?: unknown;
  latencyCalls?: unknown;
  spinTasks?: unknown;
  only?: unknown;
  threadlabFrom?: unknown;
  json?: unknown;
  out?: unknown;
}

export interface PoolsSettings {
  threads: number;
  rounds: number;
  /** add calls timed for throughput, kept `inFlight` outstanding. */
  calls: number;
  inFlight: number;
  /** Untimed calls after each pool starts, so no contender is timed while its code is still cold. */
  warmupCalls: number;
  latencyWarmup: number;
  latencyCalls: number;
  spinTasks: number;
  spinUs: number;
  /** How long an idle pool is watched for CPU use after the calls. */
  idleMs: number;
}

export interface PoolsRequest {
  settings: PoolsSettings;
  contenders: ContenderFactory[];
  json: boolean;
  out?: string;
}

export const DEFAULTS = { rounds: 5, calls: 20_000, inFlight: 256, warmupCalls: 5000, latencyWarmup: 2000, idleMs: 250, latencyCalls: 5000, spinTasks: 200, spinUs: 1000 };

function list(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (value === true || value === "") return [];
  return (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(",")).map((s) => s.trim()).filter(Boolean);
}

/** A repeated flag: the last one wins, as for --out in `run`. */
function last(value: unknown): unknown {
  return Array.isArray(value) ? value.at(-1) : value;
}

function wholeNumber(flag: string, value: unknown, fallback: number, min = 1): number {
  const v = last(value);
  if (v === undefined) return fallback;
  const s = String(v);
  if (v === true || !/^\d+$/.test(s) || Number(s) < min) throw new UsageError(`--${flag} must be a whole number ≥ ${min}, got ${v === true ? "nothing" : `"${s}"`}`);
  return Number(s);
}

export function poolsRequest(flags: PoolsFlags): PoolsRequest {
  const settings: PoolsSettings = {
    threads: wholeNumber("threads", flags.threads, availableParallelism()),
    rounds: wholeNumber("rounds", flags.rounds, DEFAULTS.rounds),
    calls: wholeNumber("calls", flags.calls, DEFAULTS.calls),
    inFlight: DEFAULTS.inFlight,
    warmupCalls: DEFAULTS.warmupCalls,
    latencyWarmup: DEFAULTS.latencyWarmup,
    latencyCalls: wholeNumber("latency-calls", flags.latencyCalls, DEFAULTS.latencyCalls),
    spinTasks: wholeNumber("spin-tasks", flags.spinTasks, DEFAULTS.spinTasks),
    spinUs: DEFAULTS.spinUs,
    idleMs: DEFAULTS.idleMs,
  };
  const from = list(flags.threadlabFrom);
  if (from?.length === 0) throw new UsageError("--threadlab-from needs DIR or label=DIR");
  let all = contenders(threadlabBuilds(from ?? []));
  const only = list(flags.only);
  if (only) {
    if (only.length === 0) throw new UsageError("--only needs at least one contender name");
    const known = all.map((c) => c.name);
    const unknown = only.find((name) => !known.includes(name));
    if (unknown) throw new UsageError(`--only: unknown contender "${unknown}" (known: ${known.join(", ")})`);
    all = all.filter((c) => only.includes(c.name));
  }
  const out = last(flags.out);
  if (out === true || out === "") throw new UsageError("--out needs a file name");
  return { settings, contenders: all, json: flags.json === true, ...(out !== undefined ? { out: String(out) } : {}) };
}
