import { poolsRuntimeName, type ResultSet } from "../results/read-results.ts";
import type { PoolsFile } from "../results/pools-file.ts";
import { CI_MIN_ROUNDS, idleText } from "../pools/race-result.ts";
import type { Table } from "./format/table.ts";
import { int, pct, us, usDigits, withCi } from "./format/units.ts";

type Contender = PoolsFile["contenders"][number];

const runtimeOf = (p: PoolsFile) => (p.runtime ? `${p.runtime.name} ${p.runtime.version}` : poolsRuntimeName(p));

/** One table per runtime: every pool on the same three jobs, in the same run. */
export function poolsTables(set: ResultSet): Table[] {
  return set.pools.filter((p) => !p.error).map((p) => ({
    id: `pools-${poolsRuntimeName(p)}`,
    title: `Pools in ${runtimeOf(p)}, ${p.settings.threads} threads each`,
    note:
      `Tiny tasks: ${int(p.settings.calls)} calls of a + b${p.settings.minMs ? ` or more, for ${p.settings.minMs} ms at least,` : ""} with ${p.settings.inFlight} in flight. ` +
      "Call p50 / p99: one call awaited at a time, nothing queued. " +
      `~1 ms tasks: spin(${p.settings.spinUs} µs) for every core at once; efficiency against every core busy all the time. ` +
      "CPU per call: the process's CPU time over all threads (workers included), tiny tasks / one at a time, where the runtime reports it. " +
      `Idle: share of one core the whole process used in the ${p.settings.idleMs} ms after the calls, the runtime's JIT and GC threads included ` +
      "(where the OS names threads, the JavaScript threads' share is given in brackets). Medians over rounds that interleave the pools (95% CI with five rounds or more).",
    head: ["pool", "version", "tiny tasks/s", "vs best peer", "call p50 / p99 µs", "~1 ms tasks", "CPU µs per call", "idle"],
    rows: p.contenders.map((c) =>
      !c.ok
        ? [c.name, c.version, `did not run: ${c.error ?? "unknown"}`, "", "", "", "", ""]
        : [
            c.ours ? `${c.name} (this project)` : c.name,
            c.version,
            withCi(c.throughput, int),
            c.vsBestPeer !== undefined ? `${c.vsBestPeer.toFixed(2)}×` : "–",
            c.latencyUs ? `${usDigits(c.latencyUs.p50.median)} / ${usDigits(c.latencyUs.p99.median)}` : "–",
            c.cpuTasks ? pct(c.cpuTasks.efficiency) : "–",
            c.cpuUsPerCall ? `${usDigits(c.cpuUsPerCall.throughput.median)} / ${usDigits(c.cpuUsPerCall.sequential.median)}` : "n/a",
            idleText(c),
          ],
    ),
  }));
}

/** A round trip of 0 is one shorter than the clock's step (a page's clock moves in 5 µs steps), never free. */
const awaited = (x: number) => (x === 0 ? "less than one step of the clock" : us(x));

/** Sentences generated from the race, one paragraph per runtime: what the numbers say about choosing. */
export function poolFindings(set: ResultSet): string[] {
  const out: string[] = [];
  for (const p of set.pools) {
    const ours = p.contenders.find((c) => c.ours && c.ok && c.name === "threadlab") ?? p.contenders.find((c) => c.ours && c.ok);
    const peers = p.contenders.filter((c) => !c.ours && c.ok);
    const rt = runtimeOf(p);
    if (p.error) {
      out.push(`${rt}: the race did not run: ${p.error}.`);
      continue;
    }
    if (!ours || peers.length === 0) {
      out.push(`${rt}: ${ours ? "no peer pool ran here" : "threadlab's pool did not run"}, so there is nothing to compare.`);
      continue;
    }
    const best = peers.reduce((a, b) => (b.throughput!.median > a.throughput!.median ? b : a));
    const quickest = peers.reduce((a, b) => (b.latencyUs!.p50.median < a.latencyUs!.p50.median ? b : a));
    const rounds = p.settings.rounds;
    const parts = [
      `${rt}${rounds < CI_MIN_ROUNDS ? ` (${rounds === 1 ? "one round" : `${rounds} rounds`}, no interval: indicative, not for comparing)` : ""}: threadlab ran tiny tasks at ${int(ours.throughput!.median)}/s, ${(ours.throughput!.median / best.throughput!.median).toFixed(1)}× the fastest peer (${best.name}, ${int(best.throughput!.median)}/s);` +
        ` a call awaited alone took ${awaited(ours.latencyUs!.p50.median)} at the median against ${awaited(quickest.latencyUs!.p50.median)} for the quickest peer (${quickest.name}).`,
    ];
    const effs = p.contenders.filter((c) => c.ok && c.cpuTasks).map((c) => c.cpuTasks!.efficiency * 100);
    if (effs.length > 1) {
      parts.push(
        `With ~${p.settings.spinUs / 1000} ms tasks every pool kept ${Math.min(...effs).toFixed(0)}–${Math.max(...effs).toFixed(0)}% of the cores busy: at that size the pool's own cost no longer decides.`,
      );
    }
    const cpu = cpuSentence(ours, best, peers, Number(p.settings.idleMs));
    if (cpu) parts.push(cpu);
    const failed = p.contenders.filter((c) => !c.ok);
    if (failed.length) parts.push(`Did not run here: ${failed.map((c) => `${c.name} (${c.error ?? "unknown"})`).join("; ")}.`);
    out.push(parts.join(" "));
  }
  return out;
}

/** "the least", "the most", "the 3rd least": where `mine` ranks among `all` (lower first), for a claim made from the numbers. */
function rank(mine: number, all: readonly number[]): string {
  const below = all.filter((v) => v < mine).length;
  if (below === 0) return "the least";
  if (below === all.length - 1) return "the most";
  return `more than ${below} of the other ${all.length - 1}`;
}

/**
 * What threadlab's speed cost in CPU, each comparison made from the numbers
 * it quotes: per tiny task against the fastest peer, and idle after the
 * calls against every pool that ran (Bun's race once said "it did not buy
 * that speed with extra CPU" beside the most idle CPU of the seven pools).
 */
export function cpuSentence(ours: Contender, best: Contender, peers: readonly Contender[], idleMs: number): string | undefined {
  if (!ours.cpuUsPerCall || !best.cpuUsPerCall) return undefined;
  const mine = ours.cpuUsPerCall.throughput.median;
  const theirs = best.cpuUsPerCall.throughput.median;
  const perCall = `Per tiny task it used ${us(mine)} of CPU over all threads, ${mine <= theirs ? "no more than" : "more than"} the ${us(theirs)} of ${best.name}`;
  if (!ours.idlePct) return `${perCall}.`;
  const idles = [ours, ...peers].filter((c) => c.idlePct).map((c) => c.idlePct!.median);
  const others = peers.filter((c) => c.idlePct).map((c) => c.idlePct!.median);
  const idle = ours.idlePct.median;
  const range = others.length ? ` (the others ${Math.min(...others).toFixed(1)}–${Math.max(...others).toFixed(1)}%)` : "";
  const js = ours.idleJsPct ? `, ${ours.idleJsPct.median.toFixed(2)}% of it in JavaScript threads, the rest the runtime's own JIT and GC threads` : "";
  return `${perCall}; in the ${idleMs} ms after the calls it used ${idle.toFixed(2)}% of one core, ${idles.length > 1 ? `${rank(idle, idles)} of the ${idles.length} pools${range}` : "alone measured"}${js}.`;
}

/** Per runtime that raced, threadlab's tiny-task rate against the fastest peer's: the verdict's "which pool". */
export interface PoolsVerdict {
  runtime: string;
  vsBestPeer: number;
}

export function poolsVerdicts(set: ResultSet): PoolsVerdict[] {
  return set.pools.flatMap((p) => {
    const ours = p.contenders.find((c) => c.ours && c.ok && c.name === "threadlab");
    const peers = p.contenders.filter((c) => !c.ours && c.ok && c.throughput);
    if (p.error || !ours?.throughput || peers.length === 0) return [];
    const best = Math.max(...peers.map((c) => c.throughput!.median));
    return [{ runtime: poolsRuntimeName(p), vsBestPeer: ours.throughput.median / best }];
  });
}

/** What each pool is for, from its own documentation: the numbers above say how fast, this says what else matters. */
export const POOL_PROFILES: ReadonlyArray<[string, string]> = [
  ["threadlab", "one typed API in Node, Deno, Bun and browsers; calls through shared memory with a message fallback; crash, hang and abort handling; best when calls are small and many."],
  ["piscina", "the most used pool built on Node's `worker_threads`: task queue, per-task AbortSignal, resource limits, transfer lists, idle timeouts and dynamic sizing."],
  ["tinypool", "a smaller fork of piscina (the pool behind Vitest), on Node's `worker_threads` or child processes, with isolation between tasks."],
  ["workerpool", "offloads functions sent as strings or a worker script, in Node (threads or processes) and browsers; good for ad-hoc offloading."],
  ["poolifier", "fixed and dynamic pools with worker choice strategies and per-worker statistics, on Node's `worker_threads` or cluster processes."],
  ["poolifier-web-worker", "poolifier's design for Web Workers, for Deno, Bun and browsers."],
  ["multithreading", "spawns closures with explicit move semantics and Rust-style shared-memory primitives (Mutex, RwLock, channels) across runtimes."],
  ["comlink-rr", "not a pool: comlink's RPC over postMessage with round-robin, the reference for what one message round trip costs."],
];
