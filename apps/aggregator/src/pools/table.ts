import pc from "picocolors";
import { grid } from "../text-grid.ts";
import { idleText, type PoolsResult, type Stat } from "./race-result.ts";

const int = (x: number) => Math.round(x).toLocaleString("en-US");
const us = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** "182,345 [179,001–185,222]": the interval only where there were enough rounds for one. */
function withCi(s: Stat, format: (x: number) => string): string {
  return s.ci ? `${format(s.median)} ${pc.dim(`[${format(s.ci.low)}–${format(s.ci.high)}]`)}` : format(s.median);
}

const RUNTIME_TITLES: Record<string, string> = { node: "Node", deno: "Deno", bun: "Bun", chromium: "Chromium" };

/** One runtime's race as a table; a runtime whose runner failed is one line with the reason. */
export function renderTable(result: PoolsResult): string {
  const s = result.settings;
  const runtime = `${RUNTIME_TITLES[result.runtime.name] ?? result.runtime.name} ${result.runtime.version}`;
  if (result.error !== undefined) return [pc.bold(`threadlab pools: ${runtime}`), pc.red(`ERROR: ${result.error}`), ""].join("\n");
  // A round trip shorter than the clock's step reads as 0: say "<5.0" rather than "0.0".
  const step = result.timerResolutionUs;
  const latencyUs = (x: number) => (step !== undefined && step >= 0.5 && x < step ? `<${us(step)}` : us(x));
  const head = ["contender", "version", "add tasks/s", "vs best peer", "seq p50 µs", "seq p99 µs", "1 ms tasks/s", "efficiency", "CPU µs/call", "idle CPU"].map((h) => pc.cyan(h));
  const rows = result.contenders.map((r) => {
    const name = r.ours ? pc.bold(r.name) : r.name;
    if (!r.ok) return [name, r.version, pc.red(`ERROR: ${r.error}`)];
    return [
      name,
      r.version,
      withCi(r.throughput!, int),
      r.vsBestPeer === undefined ? "–" : `${r.vsBestPeer.toFixed(2)}×`,
      withCi(r.latencyUs!.p50, latencyUs),
      withCi(r.latencyUs!.p99, latencyUs),
      withCi(r.cpuTasks!, int),
      `${(r.cpuTasks!.efficiency * 100).toFixed(0)}%`,
      // A browser page cannot read CPU time: those figures are absent there.
      r.cpuUsPerCall ? `${us(r.cpuUsPerCall.throughput.median)} / ${us(r.cpuUsPerCall.sequential.median)}` : "n/a",
      idleText(r),
    ];
  });
  const intervals = s.rounds >= 5 ? "median over rounds [95% CI]" : "median over rounds (no CI below 5 rounds)";
  return [
    pc.bold(`threadlab pools: ${runtime}, ${s.threads} thread(s) per pool, ${s.rounds} round(s), ${intervals}`),
    grid([head, ...rows]),
    pc.dim(
      `add: ${int(s.calls)} calls or more, for ${s.minMs} ms at least, with ${s.inFlight} in flight · seq: ${int(s.latencyCalls)} awaited one by one · ` +
        `1 ms: ${s.spinTasks} × spin(${s.spinUs} µs) at once, efficiency vs ${Math.min(s.threads, result.machine.cores)} core(s) × 1 task/ms` +
        (result.contenders.some((c) => c.ok && !c.cpuUsPerCall)
          ? " · CPU µs/call, idle CPU: n/a, a page cannot read CPU time"
          : ` · CPU µs/call: all threads, throughput / one by one · idle CPU: % of a core over ${s.idleMs} ms after the calls (JS: the caller's and workers' threads, the rest is the runtime's JIT and GC)`) +
        (result.bestPeer ? ` · best peer: ${result.bestPeer}` : ""),
    ),
    "",
  ].join("\n");
}
