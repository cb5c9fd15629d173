import { availableParallelism } from "node:os";
import { rmSync } from "node:fs";
import { makePlan, parseResult } from "@threadlab/core";
import { afterAll, describe, expect, it } from "vitest";
import { findChromium } from "../src/find-chromium.ts";
import { pageDeadlineMs } from "../src/run-in-chromium.ts";
import { noChromium, pgidOf, pidsInGroup, pidsMatching, runRunner, standInPage, waitFor, type RunnerRun } from "./helpers.ts";

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** Chromium's processes for one runner: its profile lives under the runner's TMPDIR. */
function chromiumOf(run: Pick<RunnerRun, "tmp">): number[] {
  return pidsMatching(run.tmp);
}

/** Every Chromium process of that run is gone (a few seconds allowed for the last ones to exit). */
async function expectNoStrays(run: Pick<RunnerRun, "tmp">, groups: number[] = []): Promise<void> {
  const gone = await waitFor(() => chromiumOf(run).length === 0 && groups.every((g) => pidsInGroup(g).length === 0), 10_000);
  expect(gone, `chromium processes left: ${chromiumOf(run).join(", ")}`).toBe(true);
}

const lastLine = (run: RunnerRun) => run.stderrLines.filter((l) => l.trim()).at(-1) ?? "";

describe("findChromium", () => {
  it("honours CHROMIUM_PATH and explains in one line when it is wrong", () => {
    const bad = findChromium({ ...process.env, CHROMIUM_PATH: "/nonexistent/chromium" });
    expect(bad).toHaveProperty("reason");
    expect((bad as { reason: string }).reason).toMatch(/CHROMIUM_PATH.*apt-get install -y chromium/);
    expect((bad as { reason: string }).reason).not.toContain("\n");
  });

  it("finds a browser here (or says how to get one)", () => {
    const found = findChromium();
    if ("path" in found) expect(found.path).toMatch(/chrom/i);
    else expect(found.reason).toMatch(/^no Chromium found: /);
  });
});

describe("pageDeadlineMs", () => {
  it("is one task timeout per scenario and experiment plus a minute, unless THREADLAB_PAGE_DEADLINE_MS says otherwise", () => {
    const plan = makePlan({ preset: "smoke", workloads: ["noop"], threads: [1, 2], experiments: ["overheads"] });
    // noop: sequential, workers(1), workers(2), interleaved(setTimeout), interleaved(messageChannel), processes(2); one experiment
    expect(pageDeadlineMs(plan, {}, 2)).toBe(plan.taskTimeoutMs * 7 + 60_000);
    expect(pageDeadlineMs(plan, { THREADLAB_PAGE_DEADLINE_MS: "1234" })).toBe(1234);
  });
});

describe.skipIf(noChromium)("the Chromium runner (node dist/runner.js '<plan>')", () => {
  it("runs the smoke plan in a cross-origin isolated page and prints one valid result", async () => {
    // Thread counts given, so the plan is run as it is rather than resized to the page's cores.
    const plan = makePlan({ preset: "smoke", threads: [1, 2] });
    let groups: number[] = [];
    const run = await runRunner(JSON.stringify(plan), {
      onLine: (_line, _child, tmp) => {
        if (groups.length === 0) {
          const pid = pidsMatching(tmp)[0];
          const g = pid && pgidOf(pid);
          if (g) groups = [g];
        }
      },
    });
    scratch.push(run.tmp);
    expect(run.code, lastLine(run)).toBe(0);

    const result = parseResult(JSON.parse(run.stdout), "runner stdout");
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
    expect(result.runtime).toMatchObject({ name: "chromium", engine: "V8" });
    expect(result.runtime.version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(result.runtime.engineVersion).toMatch(/^\d+\.\d+/);
    expect(result.runtime.features?.crossOriginIsolated).toBe(true);
    expect(result.runtime.features?.hardwareConcurrency).toBeGreaterThanOrEqual(1);
    expect(result.machine.cores).toBe(availableParallelism());
    expect(result.machine.cpuModel).not.toBe("");
    expect(result.machine.memoryBytes).toBeGreaterThan(0);
    expect(result.plan).toEqual(plan);
    // Every strategy runs, except processes: a page cannot start one, and says so.
    for (const s of result.scenarios) {
      if (s.strategy === "processes") {
        expect(s.status).toBe("skipped");
        expect(s.reason).toMatch(/^not applicable/);
        continue;
      }
      expect(s.status, `${s.workload}/${s.strategy}/${s.variant ?? s.threads}: ${s.error?.message}`).toBe("ok");
      expect(s.verification?.ok, `${s.workload} verification`).toBe(true);
      expect(s.samplesMs?.length).toBeGreaterThanOrEqual(plan.samples);
    }
    expect(new Set(result.scenarios.map((s) => s.strategy))).toEqual(new Set(["sequential", "workers", "interleaved", "shared", "processes"]));
    // Per CPU workload sequential, workers(1, 2), interleaved(messageChannel); noop both yields; mandelbrot shared(1, 2).
    expect(result.scenarios.filter((s) => s.status === "ok")).toHaveLength(plan.workloads.length * 4 + 1 + 2);

    // Smoke runs the whole plan in one page, whose workers checked the machine after its rows (timed, so only the shape is asserted).
    if (result.machine.cores >= 2) {
      expect(result.machineChecks?.map((c) => `${c.workloads.join()}@${c.at}`)).toEqual([`${plan.workloads.join()}@end`]);
      for (const c of result.machineChecks!) expect(c.threads === result.machine.cores && c.soloMs > 0 && c.speedup > 0).toBe(true);
    }

    // The experiments too; shared memory works because the page is cross-origin isolated.
    const x = result.experiments!;
    expect(x.errors).toBeUndefined();
    expect(Object.keys(x.skipped ?? {}).sort()).toEqual(["async/file", "overheads/idle-memory", "overheads/process-startup", "singleCore/all"]);
    for (const mode of ["atomic", "lock"]) expect(x.race!.runs.find((r) => r.mode === mode)!.lost.every((l) => l === 0)).toBe(true);
    expect(x.overheads!.roundTripUs.atomicsWait!.median).toBeGreaterThan(0);
    const median = (source: string, mode: string) => x.async!.runs.find((r) => r.source === source && r.mode === mode)!.summary.median;
    // Timers overlap by a wide margin. Loopback requests overlap too, but a page opens at most 6 connections per host,
    // so K=8 takes two rounds and a loaded CI machine stretches them: only "faster than one by one" is asserted there.
    expect(median("timer", "all")).toBeLessThan(median("timer", "sequential") / 3);
    expect(median("http", "all")).toBeLessThan(median("http", "sequential"));

    // Progress: NDJSON on stderr, one start and one end per scenario.
    const events = run.stderrLines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { threadlab: string; type: string });
    expect(events.every((e) => e.threadlab === "progress")).toBe(true);
    expect(events.filter((e) => e.type === "scenario-start")).toHaveLength(result.scenarios.length);
    expect(events.filter((e) => e.type === "scenario-end")).toHaveLength(result.scenarios.length);
    // A fresh page per workload, numbered as one run: 0, 1, … and the same total throughout.
    const starts = events.filter((e) => e.type === "scenario-start") as unknown as Array<{ index: number; total: number }>;
    expect(starts.map((e) => e.index)).toEqual(result.scenarios.map((_, i) => i));
    expect(new Set(starts.map((e) => e.total))).toEqual(new Set([result.scenarios.length]));

    expect(groups.length, "saw Chromium's processes while it ran").toBe(1);
    await expectNoStrays(run, groups);
  });

  it("rejects a bad plan with exit code 2 and one line", async () => {
    const run = await runRunner('{"preset":"nope"}');
    scratch.push(run.tmp);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderrLines.filter(Boolean)).toHaveLength(1);
    expect(lastLine(run)).toMatch(/^threadlab chromium runner: invalid plan/);
  });

  /** Runs a small plan on a stand-in page from test/fixtures that fails; the runner must end with exit code 1 and no result. */
  async function failingPageRun(script: string): Promise<RunnerRun> {
    const page = standInPage(script);
    scratch.push(page);
    const run = await runRunner(JSON.stringify(makePlan({ preset: "smoke", workloads: ["noop"] })), {
      env: { THREADLAB_WEB_PAGE_DIR: page },
    });
    scratch.push(run.tmp);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    return run;
  }

  it("ends with a clear message when the page throws", async () => {
    const run = await failingPageRun("throwing-page.js");
    expect(lastLine(run)).toBe("threadlab chromium runner: uncaught error in the page: Error: boom from the page");
    await expectNoStrays(run);
  });

  it("ends with a message naming the page when a progress message from it does not decode", async () => {
    const run = await failingPageRun("garbling-page.js");
    // The good message went through first, re-encoded as the other runtimes' runners print it.
    expect(run.stderrLines[0]).toBe('{"threadlab":"progress","type":"experiment","name":"race","status":"start"}');
    expect(lastLine(run)).toMatch(/^threadlab chromium runner: chromium page runner: malformed progress message \(index: .+\): \{"threadlab"/);
    await expectNoStrays(run);
  });

  it("ends a page that hangs at the deadline, closing the browser", async () => {
    // A real plan whose sequential run blocks the page's main thread far longer than the deadline:
    // no progress can leave the page then, and the browser must still be closed.
    const plan = makePlan({ preset: "smoke", workloads: ["mandelbrot"], strategies: ["sequential"], sizes: { mandelbrot: 16_000 } });
    const run = await runRunner(JSON.stringify(plan), { env: { THREADLAB_PAGE_DEADLINE_MS: "3000" } });
    scratch.push(run.tmp);
    expect(run.code).toBe(1);
    expect(lastLine(run)).toMatch(/^threadlab chromium runner: the page did not finish within 3 s \(deadline/);
    expect(run.ms).toBeLessThan(30_000);
    await expectNoStrays(run);
  });

  // Workers busy for a long time while the page's main thread stays free (so progress flows).
  const busyWorkers = () => makePlan({ preset: "smoke", workloads: ["mandelbrot"], strategies: ["workers"], threads: [2], sizes: { mandelbrot: 16_000 } });

  it("closes the browser and exits non-zero on SIGTERM", async () => {
    const plan = busyWorkers();
    let sent = false;
    const run = await runRunner(JSON.stringify(plan), {
      onLine: (line, child) => {
        if (!sent && line.includes('"scenario-start"')) {
          sent = true;
          setTimeout(() => child.kill("SIGTERM"), 300);
        }
      },
    });
    scratch.push(run.tmp);
    expect(sent).toBe(true);
    expect(run.code).toBe(143);
    expect(run.ms).toBeLessThan(20_000);
    expect(lastLine(run)).toBe("threadlab chromium runner: aborted: received SIGTERM");
    await expectNoStrays(run);
  });

  it("leaves no Chromium behind when its process group is SIGKILLed (the aggregator's deadline)", async () => {
    const plan = busyWorkers();
    let browserGroup: number | undefined;
    const run = await runRunner(JSON.stringify(plan), {
      detached: true,
      onLine: (line, child, tmp) => {
        if (browserGroup === undefined && line.includes('"scenario-start"')) {
          browserGroup = pgidOf(pidsMatching(tmp)[0] ?? -1) ?? -1;
          setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 300);
        }
      },
    });
    scratch.push(run.tmp);
    expect(run.signal).toBe("SIGKILL");
    expect(browserGroup).toBeGreaterThan(0);
    // Chromium exits by itself once the runner's DevTools pipe closes.
    await expectNoStrays(run, [browserGroup!]);
  });
});
