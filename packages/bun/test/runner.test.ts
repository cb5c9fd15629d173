import { expect, test } from "bun:test";
import { makePlan, parseResult, type StrategyName } from "@threadlab/core";

const ALL_STRATEGIES: StrategyName[] = ["interleaved", "processes", "sequential", "shared", "workers"];

test("the runner runs the smoke plan: every scenario and experiment ok, and exits by itself", async () => {
  const plan = makePlan({ preset: "smoke" });
  expect([...plan.strategies].sort()).toEqual(ALL_STRATEGIES);
  expect([...plan.experiments].sort()).toEqual(["async", "breakEven", "overheads", "race", "responsiveness", "singleCore"]);
  const proc = Bun.spawn([process.execPath, new URL("../src/runner.ts", import.meta.url).pathname, JSON.stringify(plan)], {
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  expect(code, stderr).toBe(0);
  for (const line of stderr.trim().split("\n")) expect(JSON.parse(line).threadlab).toBe("progress");
  const result = parseResult(JSON.parse(stdout), "bun runner");
  expect(result.runtime.name).toBe("bun");
  expect([...new Set(result.scenarios.map((s) => s.strategy))].sort()).toEqual(ALL_STRATEGIES);
  for (const s of result.scenarios) {
    const id = `${s.workload}/${s.strategy}${s.variant ? `:${s.variant}` : ""}/${s.threads}`;
    expect(`${id}: ${s.status} ${s.error?.message ?? s.reason ?? ""}`.trim()).toBe(`${id}: ok`);
    expect(s.verification?.ok).toBe(true);
  }

  // Smoke checks the machine after the rows (timed, so only the shape is asserted).
  if (result.machine.cores >= 2) {
    expect(result.machineChecks?.map((c) => c.at)).toEqual(["end"]);
    for (const c of result.machineChecks!) expect(c.threads === result.machine.cores && c.soloMs > 0 && c.speedup > 0).toBe(true);
  }

  const ex = result.experiments!;
  expect(ex.errors).toBeUndefined();
  // Only the idle-memory figure may be missing: RSS does not always grow measurably for idle workers.
  expect(Object.keys(ex.skipped ?? {}).filter((k) => k !== "overheads/idle-memory")).toEqual([]);
  expect(ex.async && ex.race && ex.responsiveness && ex.overheads).toBeTruthy();
  expect(new Set(ex.async!.runs.map((r) => r.source))).toEqual(new Set(["http", "file", "timer", "cpu"]));
  // K waits awaited together take about one wait; one by one, K of them.
  const median = (source: string, mode: string) => ex.async!.runs.find((r) => r.source === source && r.mode === mode)!.summary.median;
  for (const source of ["http", "timer"]) expect(median(source, "all")).toBeLessThan(median(source, "sequential") / 2);
  for (const mode of ["atomic", "lock"] as const) {
    const run = ex.race!.runs.find((r) => r.mode === mode)!;
    expect(run.lost.length).toBeGreaterThan(0);
    expect(run.lost.every((n) => n === 0)).toBe(true);
  }
  const o = ex.overheads!;
  for (const k of ["postMessage", "comlink", "atomicsWait", "atomicsSpin"] as const) expect(o.roundTripUs[k]).toBeDefined();
  expect(o.workerStartupMs).toBeDefined();
  expect(o.processStartupMs).toBeDefined();
}, 240_000);
