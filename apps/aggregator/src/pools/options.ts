import { availableParallelism } from "node:os";
import { UsageError } from "../usage-error.ts";
import { knownContenders } from "./catalogue.ts";
import type { ThreadlabBuild } from "./contenders/threadlab.ts";
import { PRESETS, type PresetName } from "@threadlab/core";
import { DEFAULTS, PRESET_SETTINGS, type PoolsSettings } from "./settings.ts";
import { threadlabBuilds } from "./threadlab-from.ts";

export { DEFAULTS, type PoolsSettings } from "./settings.ts";

/** What cac hands over for `threadlab pools`: strings, numbers, arrays when repeated, true when valueless. */
export interface PoolsFlags {
  preset?: unknown;
  runtimes?: unknown;
  threads?: unknown;
  rounds?: unknown;
  calls?: unknown;
  latencyCalls?: unknown;
  spinTasks?: unknown;
  only?: unknown;
  threadlabFrom?: unknown;
  timeout?: unknown;
  json?: unknown;
  out?: unknown;
}

export interface PoolsRequest {
  settings: PoolsSettings;
  /** --runtimes; absent: every runtime found. */
  runtimes?: string[];
  /** --only; absent: every contender of each runtime. */
  only?: string[];
  /** --threadlab-from builds, raced in Node only (they are @threadlab/node packages). */
  builds: ThreadlabBuild[];
  /** --timeout: a runtime's runner is killed after this long; absent: derived from the settings. */
  timeoutMinutes?: number;
  json: boolean;
  /** --out: the folder for pools.<runtime>.json. */
  out?: string;
}

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

/** --preset: the race as `run`/`bench` size it for that preset; absent, the full race of `threadlab pools`. */
function presetOf(value: unknown): PresetName | undefined {
  const v = last(value);
  if (v === undefined) return undefined;
  if (!PRESETS.includes(String(v) as PresetName)) throw new UsageError(`--preset: unknown preset ${JSON.stringify(v === true ? "" : String(v))} (known: ${PRESETS.join(", ")})`);
  return String(v) as PresetName;
}

export function poolsRequest(flags: PoolsFlags): PoolsRequest {
  const preset = presetOf(flags.preset);
  const base = { ...DEFAULTS, ...(preset ? PRESET_SETTINGS[preset] : {}) };
  const settings: PoolsSettings = {
    threads: wholeNumber("threads", flags.threads, availableParallelism()),
    rounds: wholeNumber("rounds", flags.rounds, base.rounds),
    calls: wholeNumber("calls", flags.calls, base.calls),
    inFlight: base.inFlight,
    warmupCalls: base.warmupCalls,
    minMs: base.minMs,
    latencyWarmup: base.latencyWarmup,
    latencyCalls: wholeNumber("latency-calls", flags.latencyCalls, base.latencyCalls),
    spinTasks: wholeNumber("spin-tasks", flags.spinTasks, base.spinTasks),
    spinUs: base.spinUs,
    idleMs: base.idleMs,
  };
  const from = list(flags.threadlabFrom);
  if (from?.length === 0) throw new UsageError("--threadlab-from needs DIR or label=DIR");
  const builds = threadlabBuilds(from ?? []);
  const only = list(flags.only);
  if (only) {
    if (only.length === 0) throw new UsageError("--only needs at least one contender name");
    const known = [...knownContenders(), ...builds.map((b) => b.name)];
    const unknown = only.find((name) => !known.includes(name));
    if (unknown) throw new UsageError(`--only: unknown contender "${unknown}" (known: ${known.join(", ")})`);
  }
  const runtimes = list(flags.runtimes);
  if (runtimes?.length === 0) throw new UsageError("--runtimes needs at least one runtime name");
  const timeout = last(flags.timeout);
  let timeoutMinutes: number | undefined;
  if (timeout !== undefined) {
    timeoutMinutes = Number(timeout);
    // setTimeout takes at most 2^31−1 ms (about 24.8 days); anything longer would fire at once.
    if (timeout === true || !/^\d+(\.\d+)?$/.test(String(timeout)) || !(timeoutMinutes > 0) || timeoutMinutes * 60_000 > 2 ** 31 - 1) {
      throw new UsageError(`--timeout must be a number of minutes between 0 and 35791, got ${timeout === true ? "nothing" : `"${String(timeout)}"`}`);
    }
  }
  const out = last(flags.out);
  if (out === true || out === "") throw new UsageError("--out needs a folder name");
  return {
    settings,
    ...(runtimes ? { runtimes } : {}),
    ...(only ? { only } : {}),
    builds,
    ...(timeoutMinutes !== undefined ? { timeoutMinutes } : {}),
    json: flags.json === true,
    ...(out !== undefined ? { out: String(out) } : {}),
  };
}
