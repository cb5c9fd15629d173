import { BASELINE_STRATEGY, FAIR_BAND, strategyFor, type Result, type Scenario } from "@threadlab/core";
import type { ResultSet } from "../results/read-results.ts";
import { scalingCell } from "./cells.ts";
import { byColumn, type Table } from "./format/table.ts";
import { bytes, ms, usOrMs, withCi } from "./format/units.ts";
import { viewScenario } from "./scenario-view.ts";

function scenario(r: Result, workload: string, strategy: Scenario["strategy"], threads: number, variant?: string) {
  return r.scenarios.find(
    (s) => s.workload === workload && s.strategy === strategy && s.threads === threads && (variant === undefined || s.variant === variant),
  );
}

export function asyncTable(set: ResultSet): Table | undefined {
  const cols = byColumn(set).filter(([, r]) => r.experiments?.async);
  if (cols.length === 0) return undefined;
  const first = cols[0]![1].experiments!.async!;
  const keys = [...new Set(cols.flatMap(([, r]) => r.experiments!.async!.runs.map((x) => `${x.source}/${x.mode}`)))];
  return {
    id: "async",
    title: "Asynchronous processing: K operations on one thread",
    note:
      `K = ${first.k} operations per run; the loopback HTTP server and the timers wait ${first.delayMs} ms each; "limited" keeps at most ${first.limit} in flight. ` +
      "Waiting overlaps: all-at-once approaches one wait, not K of them (a browser opens at most 6 HTTP/1.1 connections to one host, so there it takes about K/6 waits). The cpu rows wrap synchronous work in the same async code and gain nothing.",
    head: ["source / mode", ...cols.map(([c]) => c)],
    rows: keys.map((key) => [
      key.replace("/", " · "),
      ...cols.map(([, r]) => {
        const run = r.experiments!.async!.runs.find((x) => `${x.source}/${x.mode}` === key);
        const skipped = r.experiments!.skipped?.[`async/${key.split("/")[0]}`];
        return run ? withCi(run.summary) : skipped ? `n/a: ${skipped.replace(/^not applicable: /, "")}` : "–";
      }),
    ]),
  };
}

/** The scenarios of one strategy's rows: the workloads (and counts) a concept table has rows for. */
const rowsOf = (set: ResultSet, strategy: Scenario["strategy"]) => set.results.flatMap((r) => r.scenarios.filter((s) => s.strategy === strategy));

export function concurrencyTable(set: ResultSet): Table | undefined {
  const cols = byColumn(set);
  const slices = strategyFor("slices");
  const workloads = [...new Set(rowsOf(set, slices).map((s) => s.workload))];
  if (workloads.length === 0) return undefined;
  const rows: string[][] = [];
  for (const w of workloads) {
    for (const variant of ["setTimeout", "messageChannel"]) {
      if (!set.results.some((r) => scenario(r, w, slices, 1, variant))) continue;
      rows.push([
        `${w} · ${variant}`,
        ...cols.map(([, r]) => {
          const seq = scenario(r, w, BASELINE_STRATEGY, 1);
          const s = scenario(r, w, slices, 1, variant);
          if (!s?.summary || !seq?.summary || !s.switches) return s?.status === "failed" ? "FAILED" : "–";
          // Overlapping intervals: the switches cost less than the noise can show.
          const measurable = s.summary.ci.low > seq.summary.ci.high;
          const perSwitch = ((s.summary.median - seq.summary.median) / s.switches) * 1000;
          const cost = measurable ? `${usOrMs(perSwitch)} per switch` : "per-switch cost within noise";
          const lag = s.eventLoopLagMs ? ` · lag p99 ${ms(s.eventLoopLagMs.p99)} (sequential ${ms(seq.eventLoopLagMs?.p99 ?? 0)})` : "";
          return `${ms(s.summary.median)} vs ${ms(seq.summary.median)} · ${s.switches} switches · ${cost}${lag}`;
        }),
      ]);
    }
  }
  return {
    id: "concurrency",
    title: "Concurrency on one thread: work cut into slices that yield",
    note:
      "Interleaved time vs sequential time, the number of yields to the event loop in one run, the cost of each (the difference divided by the yields), and the event-loop lag while it ran. " +
      "CPU work yields once per 10 ms of work through a MessageChannel message; noop yields after each of its 16 slices by both mechanisms, so the switch alone is timed: " +
      "setTimeout(0) is clamped (about 1 ms in Node, 4 ms once nested in browsers); a MessageChannel message is not.",
    head: ["workload · yield", ...cols.map(([c]) => c)],
    rows,
  };
}

export function responsivenessTable(set: ResultSet): Table | undefined {
  const cols = byColumn(set).filter(([, r]) => r.experiments?.responsiveness);
  if (cols.length === 0) return undefined;
  const first = cols[0]![1].experiments!.responsiveness!;
  return {
    id: "responsiveness",
    title: "Responsiveness: the chef cooks, or an assistant does",
    note: `A 10 ms ticker on the calling thread while ${first.workload} (N = ${first.size}) runs inline, then in one worker. Inline, nothing else runs until the job ends: the lag is the whole job.`,
    head: ["where", ...cols.map(([c]) => c)],
    rows: (["inline", "worker"] as const).map((where) => [
      where,
      ...cols.map(([, r]) => {
        const run = r.experiments!.responsiveness!.runs.find((x) => x.where === where);
        return run ? `job ${ms(run.durationMs)} · lag p99 ${ms(run.lagMs.p99)}, max ${ms(run.lagMs.max)} · ${run.ticks} ticks` : "–";
      }),
    ]),
  };
}

export function parallelTable(set: ResultSet): Table | undefined {
  const cols = byColumn(set);
  const pool = strategyFor("thread-pool");
  const workloads = [...new Set(rowsOf(set, pool).map((s) => s.workload))];
  if (workloads.length === 0) return undefined;
  const threads = [...new Set(rowsOf(set, pool).map((s) => s.threads))].sort((a, b) => a - b);
  const cores = Math.min(...set.results.map((r) => r.machine.cores));
  return {
    id: "parallelism",
    title: "Parallelism: speed-up of workers(n) over sequential",
    note:
      `Speed-up, efficiency and Karp–Flatt serial fraction at each worker count (this machine: ${cores} cores). ` +
      (threads.some((t) => t > cores)
        ? "Rows with more workers than cores show oversubscription: the operating system switches threads and nothing gets faster."
        : "The default sweep goes to twice the cores to show oversubscription; this run's --threads stopped short of it.") +
      ` A suspect row (workers(1) outside ${FAIR_BAND.low}–${FAIR_BAND.high}× of sequential) shows no speed-up; efficiency and Karp–Flatt appear only where they mean something.`,
    head: ["workload · workers", ...cols.map(([c]) => c)],
    rows: workloads.flatMap((w) =>
      threads.map((t) => [
        `${w} · ${t}${t > cores ? " (oversubscribed)" : ""}`,
        ...cols.map(([, r]) => {
          const s = scenario(r, w, pool, t);
          if (!s) return "–";
          if (s.status !== "ok" || !s.scaling) return s.status === "skipped" ? "n/a" : "FAILED";
          const view = viewScenario(s, r.machine.cores);
          const kf = view.karpFlatt === undefined ? "" : ` · KF ${view.karpFlatt.toFixed(2)}`;
          return `${scalingCell(view)}${kf}`;
        }),
      ]),
    ),
  };
}

export function processesTable(set: ResultSet): Table | undefined {
  const cols = byColumn(set);
  const rows: string[][] = [];
  const processes = strategyFor("processes");
  const pairs = new Set(rowsOf(set, processes).map((s) => `${s.workload}|${s.threads}`));
  if (pairs.size === 0) return undefined;
  for (const pair of pairs) {
    const [w, t] = pair.split("|") as [string, string];
    rows.push([
      `${w} · ${t}`,
      ...cols.map(([, r]) => {
        const p = scenario(r, w, processes, Number(t));
        const th = scenario(r, w, strategyFor("thread-pool"), Number(t));
        if (p?.status === "skipped") return "n/a";
        if (!p?.summary || !th?.summary) return p?.status === "failed" ? "FAILED" : "–";
        return `${ms(p.summary.median)} vs threads ${ms(th.summary.median)} · start-up ${ms(p.startupMs ?? 0)} vs ${ms(th.startupMs ?? 0)}`;
      }),
    ]);
  }
  return {
    id: "processes",
    title: "Process-based concurrency: child processes vs worker threads",
    note: "The same split run in child processes (JSON over pipes) and in worker threads (structured clone in memory): run time and pool start-up.",
    head: ["workload · n", ...cols.map(([c]) => c)],
    rows,
  };
}

export function sharedTable(set: ResultSet): Table | undefined {
  const cols = byColumn(set);
  const shared = strategyFor("shared-memory");
  const pairs = new Set(rowsOf(set, shared).map((s) => `${s.workload}|${s.threads}`));
  if (pairs.size === 0) return undefined;
  return {
    id: "shared",
    title: "Shared memory: one SharedArrayBuffer, rows claimed with Atomics.add",
    note: "shared(n) writes into one SharedArrayBuffer, each worker claiming rows from an atomic counter; workers(n) sends parts and copies results back.",
    head: ["workload · n", ...cols.map(([c]) => c)],
    rows: [...pairs].map((pair) => {
      const [w, t] = pair.split("|") as [string, string];
      return [
        `${w} · ${t}`,
        ...cols.map(([, r]) => {
          const s = scenario(r, w, shared, Number(t));
          const m = scenario(r, w, strategyFor("thread-pool"), Number(t));
          if (s?.status === "skipped") return "n/a";
          if (!s?.summary) return s?.status === "failed" ? "FAILED" : "–";
          const speedup = viewScenario(s, r.machine.cores).speedup;
          return `${ms(s.summary.median)}${speedup !== undefined ? ` (${speedup.toFixed(2)}×)` : ""} vs messages ${m?.summary ? ms(m.summary.median) : "–"}`;
        }),
      ];
    }),
  };
}

export function raceTable(set: ResultSet): Table | undefined {
  const cols = byColumn(set).filter(([, r]) => r.experiments?.race?.runs.length);
  if (cols.length === 0) return undefined;
  const first = cols[0]![1].experiments!.race!;
  return {
    id: "race",
    title: "The race: n workers increment one shared counter",
    note: `${first.threads} workers × ${first.incrementsPerThread.toLocaleString("en")} increments each. Lost updates = expected − final value, per sample (median, max). Plain read-modify-write may lose updates; Atomics.add and the lock never do, and cost more.`,
    head: ["mode", ...cols.map(([c]) => c)],
    rows: (["plain", "atomic", "lock"] as const).map((mode) => [
      mode,
      ...cols.map(([, r]) => {
        const run = r.experiments!.race!.runs.find((x) => x.mode === mode);
        if (!run) return "–";
        const lost = [...run.lost].sort((a, b) => a - b);
        return `${ms(run.summary.median)} · lost ${lost[lost.length >> 1]} (max ${lost.at(-1)})`;
      }),
    ]),
  };
}

export function overheadsTable(set: ResultSet): Table | undefined {
  const cols = byColumn(set).filter(([, r]) => r.experiments?.overheads);
  if (cols.length === 0) return undefined;
  const na = (r: Result, part: string) => (r.experiments?.skipped?.[`overheads/${part}`] ? "n/a" : "–");
  const rtt = (name: string, label: string): string[] => [
    `round trip: ${label}`,
    ...cols.map(([, r]) => withCi(r.experiments!.overheads!.roundTripUs[name], usOrMs)),
  ];
  return {
    id: "overheads-table",
    title: "Start-up, round trip and idle memory",
    note:
      "Start-up: a new worker (or process) until it answers once. Round trip: one message there and back, by raw postMessage on a MessagePort, through the pool (its own transport: shared memory where the runtime has it), through comlink (RPC over postMessage), " +
      "and through a SharedArrayBuffer between two workers: sleeping in Atomics.wait at once (each hand-off pays the operating system's wake-up), polling briefly before sleeping (what real locks do), or only polling Atomics.load (fastest, burns a core). Medians with 95% CIs.",
    head: ["overhead", ...cols.map(([c]) => c)],
    rows: [
      ["worker start-up", ...cols.map(([, r]) => withCi(r.experiments!.overheads!.workerStartupMs))],
      ["process start-up", ...cols.map(([, r]) => withCi(r.experiments!.overheads!.processStartupMs) === "–" ? na(r, "process-startup") : withCi(r.experiments!.overheads!.processStartupMs))],
      rtt("postMessage", "postMessage"),
      rtt("pool", "threadlab pool call"),
      rtt("comlink", "comlink"),
      rtt("atomicsWait", "Atomics wait/notify"),
      rtt("atomicsAdaptive", "Atomics spin, then wait"),
      rtt("atomicsSpin", "Atomics spin"),
      ["memory per idle worker", ...cols.map(([, r]) => (r.experiments!.overheads!.idleWorkerBytes !== undefined ? bytes(r.experiments!.overheads!.idleWorkerBytes) : na(r, "idle-memory")))],
    ],
  };
}

export function payloadTable(set: ResultSet): Table | undefined {
  const cols = byColumn(set).filter(([, r]) => r.experiments?.overheads?.payload.length);
  if (cols.length === 0) return undefined;
  const keys = [...new Set(cols.flatMap(([, r]) => r.experiments!.overheads!.payload.map((p) => `${p.transport}|${p.shape}|${p.bytes}`)))];
  return {
    id: "payload",
    title: "Payload: moving data to a worker, by size",
    note: "Throughput of one call carrying the payload (MB/s, from the median): structured clone copies it, transfer moves an ArrayBuffer's ownership, shared passes a SharedArrayBuffer by reference. Objects can only be cloned.",
    head: ["transport · shape · size", ...cols.map(([c]) => c)],
    rows: keys.map((key) => {
      const [transport, shape, size] = key.split("|") as [string, string, string];
      return [
        `${transport} · ${shape} · ${bytes(Number(size))}`,
        ...cols.map(([, r]) => {
          const p = r.experiments!.overheads!.payload.find((x) => `${x.transport}|${x.shape}|${x.bytes}` === key);
          return p ? `${p.mbPerSecond >= 100 ? p.mbPerSecond.toFixed(0) : p.mbPerSecond.toFixed(1)} MB/s (${ms(p.summary.median)})` : "–";
        }),
      ];
    }),
  };
}

/** Experiments that failed, per runtime: shown, never silently dropped. */
export function experimentErrors(set: ResultSet): string[] {
  return byColumn(set).flatMap(([c, r]) => [
    ...Object.entries(r.experiments?.errors ?? {}).map(([name, message]) => `${c}: ${name} failed: ${message}`),
    // Rows beside a check that failed are unmarked, not known to be clear.
    ...(r.machineCheckErrors ?? []).map((message) => `${c}: machine check failed (its rows are unmarked): ${message}`),
  ]);
}

/** Which tables illustrate which concept (by the concept ids in concepts.ts). */
export function conceptTables(set: ResultSet): Record<string, Table[]> {
  const keep = (...ts: Array<Table | undefined>) => ts.filter((t): t is Table => !!t);
  return {
    async: keep(asyncTable(set)),
    concurrency: keep(concurrencyTable(set), responsivenessTable(set)),
    parallelism: keep(parallelTable(set), processesTable(set)),
    multithreading: keep(sharedTable(set), raceTable(set)),
  };
}
