import pc from "picocolors";
import { grid } from "../text-grid.ts";
import type { ModeRun, ServiceResult } from "./types.ts";

const int = (x: number) => Math.round(x).toLocaleString("en-US");
const ms = (x: number | undefined) => (x === undefined ? "–" : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** "pool(2)", "cluster(2)", "inline". */
export function modeLabel(run: { mode: string; threads: number }): string {
  return run.mode === "inline" ? "inline" : `${run.mode}(${run.threads})`;
}

/** "1.20 [0.95–1.80]"; only the low end, "[≥0.95]", where too few probes gave the interval no top. */
function healthCi(at: ModeRun["at80"]): string {
  const ci = at?.health.p99Ci;
  if (!ci) return ms(at?.health.p99);
  return `${ms(at!.health.p99)} [${ci.bounded ? `${ms(ci.low)}–${ms(ci.high)}` : `≥${ms(ci.low)}`}]`;
}

/** One runtime's service result as a table for a terminal of 100 columns. */
export function renderServiceTable(result: ServiceResult): string {
  const title = pc.bold(`threadlab service: ${result.runtime.name} ${result.runtime.version}`);
  if (result.error !== undefined) return [title, pc.red(`ERROR: ${result.error}`), ""].join("\n");
  if (result.page) {
    const head = ["page mode", "req/s", "answered", "frame p50 ms", "frame p99 ms", "latency p99 ms"].map((h) => pc.cyan(h));
    const rows = result.page.map((p) => [modeLabel(p), int(p.rateRps), `${p.ok}/${p.ok + p.wrong + p.errors}`, ms(p.frameMs.p50), ms(p.frameMs.p99), ms(p.latency.p99)]);
    return [title, grid([head, ...rows]), pc.dim(`${result.page[0]?.kernelMs ?? "?"} ms of CPU per fetch; frames of a requestAnimationFrame loop`), ""].join("\n");
  }
  const lines = [title];
  for (const kernelMs of result.settings.kernelMs) {
    const runs = result.runs.filter((r) => r.kernelMs === kernelMs);
    const inline = runs.find((r) => r.mode === "inline" && !r.error);
    const head = ["mode", "saturation req/s", "× inline", "p99 ms", "health p99 ms [95% CI]", "loop lag p99 ms", "generator late p99"].map((h) => pc.cyan(h));
    const rows = runs.map((r: ModeRun) => {
      if (r.error) return [modeLabel(r), pc.red(`ERROR: ${r.error}`)];
      const at = r.at80;
      return [
        modeLabel(r),
        int(r.saturationRps),
        inline ? `${(r.saturationRps / inline.saturationRps).toFixed(2)}×` : "–",
        ms(at?.latency.p99),
        healthCi(at),
        ms(at?.lagMs?.p99),
        ms(at?.generatorLateMs?.p99),
      ];
    });
    const rate = inline?.at80?.offeredRps;
    lines.push(
      pc.bold(`${kernelMs} ms of CPU per request, after ${result.settings.ioDelayMs} ms of I/O`),
      grid([head, ...rows]),
      pc.dim(`p99, health and lag at ${rate ? `${int(rate)} req/s, ` : ""}80% of inline's saturation, for every mode`),
    );
  }
  if (result.generator) lines.push(pc.dim(`the generator alone: ${int(result.generator.capacityRps)} req/s`));
  lines.push("");
  return lines.join("\n");
}
