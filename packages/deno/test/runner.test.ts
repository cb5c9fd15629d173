import assert from "node:assert/strict";
import { makePlan, parseResult, type Result } from "@threadlab/core";
import { flagsFor, runDeno } from "./helpers.ts";

Deno.test("the runner, with exactly permissions.json's flags, runs the smoke plan: every scenario and experiment ok, and exits by itself", async () => {
  const plan = makePlan({ preset: "smoke" });
  assert.deepEqual([...plan.strategies].sort(), ["interleaved", "processes", "sequential", "shared", "workers"]);
  assert.deepEqual([...plan.experiments].sort(), ["async", "breakEven", "overheads", "race", "responsiveness", "singleCore"]);
  const run = await runDeno(["run", "--no-prompt", ...(await flagsFor()), "src/runner.ts", JSON.stringify(plan)], 240_000);
  assert.equal(run.code, 0, run.stderr);
  const progress = run.stderr.trim().split("\n").map((line) => JSON.parse(line));
  assert.ok(progress.every((p) => p.threadlab === "progress"));
  const result: Result = parseResult(JSON.parse(run.stdout), "deno runner");
  assert.equal(result.runtime.name, "deno");

  const strategies = new Set(result.scenarios.map((s) => s.strategy));
  assert.deepEqual([...strategies].sort(), ["interleaved", "processes", "sequential", "shared", "workers"]);
  for (const s of result.scenarios) {
    const id = `${s.workload}/${s.strategy}${s.variant ? `:${s.variant}` : ""}/${s.threads}`;
    assert.equal(`${id}: ${s.status}`, `${id}: ok`, s.error?.message ?? s.reason);
    assert.equal(s.verification?.ok, true, `${id} verification`);
  }

  // Smoke checks the machine after the rows (timed, so only the shape is asserted).
  if (result.machine.cores >= 2) {
    assert.deepEqual(result.machineChecks?.map((c) => c.at), ["end"]);
    for (const c of result.machineChecks!) assert.ok(c.threads === result.machine.cores && c.soloMs > 0 && c.speedup > 0, JSON.stringify(c));
  }

  const ex = result.experiments!;
  assert.deepEqual(ex.errors, undefined);
  // Only the idle-memory figure may be missing: RSS does not always grow measurably for idle workers.
  assert.deepEqual(Object.keys(ex.skipped ?? {}).filter((k) => k !== "overheads/idle-memory"), []);
  assert.ok(ex.async && ex.race && ex.responsiveness && ex.overheads);
  assert.deepEqual(new Set(ex.async.runs.map((r) => r.source)), new Set(["http", "file", "timer", "cpu"]));
  // K waits awaited together take about one wait; one by one, K of them.
  const median = (source: string, mode: string) => ex.async!.runs.find((r) => r.source === source && r.mode === mode)!.summary.median;
  for (const source of ["http", "timer"]) assert.ok(median(source, "all") < median(source, "sequential") / 2, `${source} overlap`);
  for (const mode of ["atomic", "lock"] as const) {
    const run = ex.race.runs.find((r) => r.mode === mode)!;
    assert.ok(run.lost.length > 0 && run.lost.every((n) => n === 0), `${mode} lost updates: ${run.lost.join(",")}`);
  }
  const o = ex.overheads;
  for (const k of ["postMessage", "comlink", "atomicsWait", "atomicsSpin"] as const) assert.ok(o.roundTripUs[k], k);
  assert.ok(o.workerStartupMs && o.processStartupMs);
});
