import { BASELINE_STRATEGY, strategyFor, strategyOf, workloadKind, type Result } from "@threadlab/core";
import type { ResultSet } from "../results/read-results.ts";
import { EFFICIENT, breakEvenSizes, shownFrom, taskSize } from "./break-even.ts";
import { byColumn } from "./experiment-tables.ts";
import { singleCoreSummary } from "./single-core.ts";
import { ms } from "./format.ts";
import { checkRange, machineFigures } from "./machine-figures.ts";
import { viewScenario, type ScenarioView } from "./scenario-view.ts";

/**
 * The report's opening: one sentence per concept, each with its number,
 * generated from the results (never written by hand). A concept whose
 * figures are missing, failed, suspect or meaningless here gets no sentence
 * rather than a misleading one.
 */
export interface Finding {
  concept: "asynchronous processing" | "concurrency" | "parallelism" | "break-even" | "multithreading" | "overheads";
  text: string;
}

type Column = [name: string, result: Result];

const x = (v: number) => `${v >= 10 ? v.toFixed(0) : v.toFixed(1)}×`;
const us = (v: number) => (v >= 100 ? `${v.toFixed(0)} µs` : v >= 10 ? `${v.toFixed(1)} µs` : `${v.toFixed(2)} µs`);
const pct = (v: number) => `${(v * 100).toFixed(0)}%`;

/** "Node 19×, Deno 18×": the first column named in full, the others as a list. */
function others(items: Array<[string, string]>): string {
  return items.length ? ` (${items.map(([c, v]) => `${c} ${v}`).join(", ")})` : "";
}

/** Awaiting many waits together against one by one: the overlap factor, and CPU work gaining nothing. */
function asyncFinding(cols: Column[]): Finding | undefined {
  const rows = cols.flatMap(([c, r]): Array<[string, number, number | undefined]> => {
    const a = r.experiments?.async;
    if (!a) return [];
    const median = (source: string, mode: string) => a.runs.find((run) => run.source === source && run.mode === mode)?.summary.median;
    const source = a.runs.some((run) => run.source === "http") ? "http" : "timer";
    const seq = median(source, "sequential");
    const all = median(source, "all");
    if (seq === undefined || all === undefined || all <= 0) return [];
    const cpuSeq = median("cpu", "sequential");
    const cpuAll = median("cpu", "all");
    return [[c, seq / all, cpuSeq !== undefined && cpuAll ? cpuSeq / cpuAll : undefined]];
  });
  if (rows.length === 0) return undefined;
  const a = cols.find(([c]) => c === rows[0]![0])![1].experiments!.async!;
  const [first, overlap, cpu] = rows[0]!;
  const what = a.runs.some((run) => run.source === "http") ? `${a.k} loopback HTTP requests (${a.delayMs} ms each)` : `${a.k} timers of ${a.delayMs} ms`;
  return {
    concept: "asynchronous processing",
    text:
      `awaiting ${what} together was ${x(overlap)} faster than one by one in ${first}${others(rows.slice(1).map(([c, v]) => [c, x(v)]))}` +
      (cpu !== undefined ? `, while CPU work awaited together ran at ${x(cpu)}: waiting overlaps, computing does not.` : "."),
  };
}

/**
 * The cost of one switch on one thread: interleaved minus sequential, over
 * the yields it made. From `noop`, where the switch is all there is to time;
 * a CPU workload's few switches drown in its run's noise otherwise.
 */
function concurrencyFinding(cols: Column[]): Finding | undefined {
  const perSwitch = (r: Result, workload: string, variant: string) => {
    const seq = r.scenarios.find((q) => q.workload === workload && q.strategy === BASELINE_STRATEGY && q.status === "ok" && q.summary);
    const s = r.scenarios.find((q) => q.workload === workload && q.strategy === strategyFor("slices") && q.variant === variant && q.status === "ok" && q.summary && q.switches);
    if (!seq || !s) return undefined;
    const cost = ((s.summary!.median - seq.summary!.median) * 1000) / s.switches!;
    return cost > 0 ? cost : undefined;
  };
  const rows = cols.flatMap(([c, r]): Array<[string, number, number | undefined]> => {
    const channel = perSwitch(r, "noop", "messageChannel");
    return channel === undefined ? [] : [[c, channel, perSwitch(r, "noop", "setTimeout")]];
  });
  if (rows.length === 0) return undefined;
  const [first, channel, timeout] = rows[0]!;
  return {
    concept: "concurrency",
    text:
      `a yield to the event loop, which keeps one thread responsive while CPU work is cut into slices, cost ${us(channel)} through a MessageChannel in ${first}` +
      `${others(rows.slice(1).map(([c, v]) => [c, us(v)]))}` +
      (timeout !== undefined ? ` and ${timeout >= 1000 ? ms(timeout / 1000) : us(timeout)} through setTimeout (its clamp)` : "") +
      "; slicing never makes the work faster.",
  };
}

/** The best fair speed-up per runtime among CPU workloads with 2 to `cores` workers (suspect rows never count; a clear row beats one on a busy machine). */
function parallelismFinding(cols: Column[]): Finding | undefined {
  const rows = cols.flatMap(([c, r]): Array<[string, string]> => {
    const best = r.scenarios
      // Parallelism needs two threads or more, and past the cores the figure is oversubscription; the sentence speaks of threads.
      .filter((s) => strategyOf(s.strategy).runsOn === "threads" && workloadKind(s.workload) === "cpu" && s.threads >= 2 && s.threads <= r.machine.cores)
      .map((s) => ({ s, view: viewScenario(s, r.machine.cores) }))
      .filter(({ view }) => view.speedup !== undefined && view.efficiency !== undefined)
      // A row measured on a busy machine speaks of the host: a clear row comes first. A noisy one still counts, and says so
      // (preferring quiet rows once named 0.98x on n-body the best, beside a noisy 1.94x on mandelbrot).
      // So does a row still warming up, whose median is not yet what the strategy costs.
      .sort((a, b) => doubt(a.view) - doubt(b.view) || b.view.speedup! - a.view.speedup!)[0];
    if (!best) return [];
    const { s, view } = best;
    const flags = [view.noisy ? "noisy" : "", view.busy ? "busy machine" : "", view.warming ? "still warming" : ""].filter(Boolean).join(", ");
    const machine = machineFigure(r, s.workload);
    return [[c, `${view.speedup!.toFixed(2)}× with ${s.threads} workers on ${s.workload} (efficiency ${pct(view.efficiency!)}${flags ? `, ${flags}` : ""}${machine})`]];
  });
  if (rows.length === 0) return undefined;
  const [first, text] = rows[0]!;
  return { concept: "parallelism", text: `the best speed-up was ${text} in ${first}${others(rows.slice(1))}.` };
}

/** Rows whose figure speaks of more than the strategy (a busy host, a JIT still warming) count 1. */
function doubt(view: ScenarioView): number {
  return view.busy || view.warming ? 1 : 0;
}

/** "; the machine itself gave 2 independent threads together 1.41–1.97× the speed of one": the checks beside `workload`'s rows, the ceiling its speed-up is measured against. */
function machineFigure(r: Result, workload: string): string {
  const m = machineFigures(r.machineChecks?.filter((c) => c.workloads.includes(workload)));
  if (!m) return "";
  return `; the machine itself gave ${m.threads} independent threads together ${checkRange(m)} the speed of one`;
}

/**
 * Per runtime, the smallest work per call from which workers(n)'s speed-up
 * interval lies above 1 at every larger size too, and the same for 80%
 * efficiency (at the widest count within the cores): decided from
 * intervals, so the sentence never contradicts the table it comes from.
 */
function breakEvenFinding(cols: Column[]): Finding | undefined {
  const rows = cols.flatMap(([c, r]) => {
    const b = r.experiments?.breakEven;
    if (!b || b.points.length === 0) return [];
    // The widest count within the cores: past them the question is oversubscription, not break-even.
    const widest = breakEvenSizes(b)
      .filter((s) => s.threads <= r.machine.cores && s.threads > 1)
      .sort((a, z) => z.threads - a.threads)[0];
    return widest ? [{ c, s: widest }] : [];
  });
  if (rows.length === 0) return undefined;
  const say = ({ c, s }: (typeof rows)[number], named: boolean) =>
    (s.beatsAtUs === undefined
      ? `${s.threads} workers beating inline was ${shownFrom(undefined, s)}`
      : `${s.threads} workers beat doing the work inline from ${taskSize(s.beatsAtUs)} of work per call`) +
    (named ? ` in ${c}` : "") +
    (s.beatsAtUs === undefined ? "" : s.efficientAtUs === undefined ? `, ${pct(EFFICIENT)} efficiency not shown` : `, ${pct(EFFICIENT)} efficiency from ${taskSize(s.efficientAtUs)}`);
  const [first, ...rest] = rows;
  return {
    concept: "break-even",
    text: `${say(first!, true)}${rest.length ? `; ${rest.map((r) => `${r.c}: ${say(r, false)}`).join("; ")}` : ""}.`,
  };
}

/** Workers confined to one core: all progress, none gains, and the switches it costs. */
function oneCoreFinding(cols: Column[]): Finding | undefined {
  for (const [c, r] of cols) {
    const half = r.experiments?.singleCore?.oneCore;
    // Its one-worker row disagrees with the unconfined one: the times measure the cores' speeds, not sharing one.
    if (!half || half.suspect) continue;
    const widest = singleCoreSummary(half).sort((a, z) => z.workers - a.workers)[0];
    if (!widest || widest.workers < 2 || widest.lostVsOne === undefined || !widest.allProgressed) continue;
    return {
      concept: "concurrency",
      text:
        `confined to one core, ${widest.workers} workers all progressed but took ${(widest.lostVsOne * 100).toFixed(0)}% longer than one worker in ${c} ` +
        `(${widest.speedupVsOne!.toFixed(2)}×), at ${widest.involuntaryPerSecond.toFixed(0)} involuntary context switches per second.`,
    };
  }
  return undefined;
}

/** Lost updates without Atomics, none with them, and what they cost. */
function multithreadingFinding(cols: Column[]): Finding | undefined {
  for (const [c, r] of cols) {
    const race = r.experiments?.race;
    const plain = race?.runs.find((run) => run.mode === "plain");
    const atomic = race?.runs.find((run) => run.mode === "atomic");
    if (!race || !plain || !atomic) continue;
    const lost = [...plain.lost].sort((a, b) => a - b)[plain.lost.length >> 1]!;
    const lostAtomic = Math.max(0, ...atomic.lost);
    const total = race.threads * race.incrementsPerThread;
    return {
      concept: "multithreading",
      text:
        `${race.threads} threads incrementing one shared counter without Atomics lost ${lost.toLocaleString("en")} of ${total.toLocaleString("en")} updates in ${c} (median); ` +
        `with Atomics.add ${lostAtomic === 0 ? "none were lost" : `${lostAtomic} were lost`}, at ${x(atomic.summary.median / plain.summary.median)} the time.`,
    };
  }
  return undefined;
}

/** What a round trip to a worker costs by transport, and a worker's start-up. */
function overheadsFinding(cols: Column[]): Finding | undefined {
  const labels: Array<[string, string]> = [
    ["postMessage", "by postMessage"],
    ["comlink", "through comlink"],
    ["pool", "through threadlab's pool"],
    ["atomicsSpin", "spinning on shared memory"],
  ];
  for (const [c, r] of cols) {
    const o = r.experiments?.overheads;
    if (!o) continue;
    const parts = labels.flatMap(([key, label]) => (o.roundTripUs[key] ? [`${us(o.roundTripUs[key]!.median)} ${label}`] : []));
    if (parts.length === 0) continue;
    const startup = o.workerStartupMs ? `; starting a worker took ${ms(o.workerStartupMs.median)}` : "";
    return { concept: "overheads", text: `a round trip to a worker took ${parts.join(", ")} in ${c}${startup}.` };
  }
  return undefined;
}

export function findings(set: ResultSet): Finding[] {
  const cols = byColumn(set);
  return [
    asyncFinding(cols),
    concurrencyFinding(cols),
    oneCoreFinding(cols),
    parallelismFinding(cols),
    breakEvenFinding(cols),
    multithreadingFinding(cols),
    overheadsFinding(cols),
  ].filter(
    (f): f is Finding => f !== undefined,
  );
}

/** "Asynchronous processing: …": a finding as one line of prose. */
export function findingLine(f: Finding): string {
  return `${f.concept[0]!.toUpperCase()}${f.concept.slice(1)}: ${f.text}`;
}
