import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reportCommand } from "../src/report/report-command.ts";
import { fixtureResult } from "./fixtures/results.ts";
import { scratch } from "./helpers.ts";

describe("timelines in report.html", () => {
  it("draws the rows each strategy traces, the calling thread's first, even when a file kept a timeline on every row", async () => {
    const result = fixtureResult("node");
    const seq = result.scenarios.find((s) => s.workload === "mandelbrot" && s.strategy === "sequential")!;
    for (const variant of ["setTimeout", "messageChannel"]) result.scenarios.push({ ...seq, strategy: "interleaved", variant });
    const dir = scratch("threadlab-timelines-");
    writeFileSync(join(dir, "node.json"), JSON.stringify(result));
    await reportCommand(dir);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    const section = html.slice(html.indexOf('id="w-mandelbrot"'), html.indexOf('id="w-n-body"'));
    const drawn = [...section.matchAll(/<div class="tl-label">([^<]+)<\/div><div class="scroll">(<svg[\s\S]*?<\/svg>)/g)].map(([, label, svg]) => [
      label,
      [...svg!.matchAll(/text-anchor="end">([^<]+)</g)].map((m) => m[1]),
    ]);
    expect(drawn).toEqual([
      ["sequential", ["main"]],
      ["interleaved(messageChannel)", ["main"]],
      ["workers(2)", ["worker 1", "worker 2"]],
    ]);
  });
});
