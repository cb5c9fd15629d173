import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RUNTIMES } from "../src/runtimes/registry.ts";
import { cli, expectUsageError, scratch } from "./helpers.ts";

/** The workspace's own built @threadlab/node, raced again through --threadlab-from to exercise that path. */
const WORKSPACE_NODE = fileURLToPath(new URL("../../../packages/node", import.meta.url));

/** Small enough for a busy 2-core machine (smoke's race: no timed minimum, a 0.1 s idle watch); only that every number exists is asserted, never a speed. */
const TINY = ["--preset", "smoke", "--rounds", "1", "--calls", "500", "--latency-calls", "50", "--spin-tasks", "8", "--threads", "2"];

type PoolsResult = import("../src/pools/race-result.ts").PoolsResult;
type ContenderResult = import("../src/pools/race-result.ts").ContenderResult;

/** Which runtimes this machine has, found as the CLI finds them: a missing one skips its tests. */
const found = Object.fromEntries(await Promise.all(RUNTIMES.map(async (r) => [r.name, (await r.probe()).ok] as const))) as Record<string, boolean>;

function results(stdout: string): PoolsResult[] {
  const parsed = JSON.parse(stdout) as PoolsResult[];
  expect(Array.isArray(parsed)).toBe(true);
  for (const r of parsed) expect(r.schema).toBe("threadlab.pools/v1");
  return parsed;
}

function expectPositive(values: number[], name: string): void {
  for (const value of values) {
    expect(Number.isFinite(value), name).toBe(true);
    expect(value, name).toBeGreaterThan(0);
  }
}

/** A row is numbers, or an error with a one-line reason: never anything in between. */
function expectNumbersOrReason(c: ContenderResult, result: PoolsResult): void {
  if (!c.ok) {
    expect(c.error, c.name).toMatch(/\S/);
    expect(c.error, c.name).not.toContain("\n");
    expect(c.throughput, c.name).toBeUndefined();
    return;
  }
  expect(c.error, c.name).toBeUndefined();
  expect(c.version, c.name).toMatch(/^\d+\.\d+\.\d+/);
  expectPositive([c.throughput!.median, c.latencyUs!.p99.median, c.cpuTasks!.median, c.cpuTasks!.efficiency, c.vsBestPeer ?? 1], c.name);
  // A round trip shorter than the clock's step (5 µs in a page) reads as 0.
  const p50 = c.latencyUs!.p50.median;
  expect(p50 > 0 || p50 < (result.timerResolutionUs ?? 0), `${c.name} p50 ${p50}`).toBe(true);
  if (result.runtime.name === "chromium") {
    // A page cannot read CPU time: the figures are absent, not zero.
    expect(c.cpuUsPerCall, c.name).toBeUndefined();
    expect(c.idlePct, c.name).toBeUndefined();
  } else {
    expectPositive([c.cpuUsPerCall!.throughput.median, c.cpuUsPerCall!.sequential.median], c.name);
    expect(c.idlePct!.median, c.name).toBeGreaterThanOrEqual(0);
  }
}

describe("threadlab pools", () => {
  it("--help describes the race and its options", () => {
    const r = cli(["pools", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage:");
    for (const flag of ["--preset", "--runtimes", "--threads", "--rounds", "--calls", "--only", "--threadlab-from", "--json", "--out", "--timeout"]) expect(r.stdout).toContain(flag);
  });

  it("races every pool in Node and reports numbers for each; only a pool Node cannot run is an error row", () => {
    const out = join(scratch(), "nested");
    const r = cli(["pools", ...TINY, "--runtimes", "node", "--json", "--out", out, "--threadlab-from", `self=${WORKSPACE_NODE}`]);
    // A pool left running would keep the CLI alive until the helper's timeout kills it (code null).
    // Exit 1 only names a peer's failure: poolifier's destroy() now and then never settles (an error row after 5 s).
    expect([0, 1], r.stderr).toContain(r.code);
    const [result, ...more] = results(r.stdout);
    expect(more).toHaveLength(0);
    expect(result!.runtime).toEqual({ name: "node", version: process.versions.node });
    // --preset smoke sized the race as smoke's run does; the flags given override it.
    expect(result!.settings).toMatchObject({ minMs: 0, idleMs: 100, rounds: 1, calls: 500 });
    expect(result!.contenders.map((c) => c.name)).toEqual(["threadlab", "threadlab@self", "piscina", "tinypool", "workerpool", "poolifier", "comlink-rr", "multithreading"]);
    for (const c of result!.contenders) {
      expectNumbersOrReason(c, result!);
      // multithreading needs Node ≥ 21's global navigator; threadlab must run; another peer may fail only with its reason.
      if (c.name === "multithreading") expect(c).toMatchObject({ ok: false, unsupported: true, error: expect.stringContaining("navigator") });
      else if (c.name.startsWith("threadlab")) expect(c.ok, c.error).toBe(true);
    }
    if (r.code === 1) expect(result!.contenders.some((c) => !c.ok && !c.unsupported)).toBe(true);
    // --out holds the same document as stdout, named for the runtime.
    expect(JSON.parse(readFileSync(join(out, "pools.node.json"), "utf8"))).toEqual(result);
    // Progress goes to stderr, one line per contender per round, tagged with the runtime.
    expect(r.stderr).toContain("[node] round 1/1: piscina");
  });

  it("prints a table per runtime without --json", () => {
    const r = cli(["pools", ...TINY, "--runtimes", "node", "--only", "threadlab,piscina"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`threadlab pools: Node ${process.versions.node}`);
    expect(r.stdout).toContain("add tasks/s");
    expect(r.stdout).toMatch(/^threadlab\s/m);
    expect(r.stdout).toMatch(/^piscina\s/m);
  });

  it("a contender that cannot start is an error row with its reason, not a crash", () => {
    const dir = scratch();
    mkdirSync(join(dir, "dist"));
    writeFileSync(join(dir, "dist", "index.js"), 'export function createPool() { throw new Error("this build is broken"); }\n');
    writeFileSync(join(dir, "dist", "worker.js"), "export function expose() {}\n");
    const r = cli(["pools", ...TINY, "--runtimes", "node", "--json", "--threadlab-from", `broken=${dir}`, "--only", "threadlab@broken,piscina"]);
    expect(r.code).toBe(1);
    const [{ contenders }] = results(r.stdout) as [PoolsResult];
    expect(contenders.find((c) => c.name === "threadlab@broken")).toMatchObject({ ok: false, error: "this build is broken" });
    expect(contenders.find((c) => c.name === "piscina")?.ok).toBe(true);
  });

  for (const runtime of ["deno", "bun", "chromium"] as const) {
    describe.skipIf(!found[runtime])(`in ${runtime}`, () => {
      it("threadlab has numbers; every peer has numbers or an error with a reason", () => {
        const out = scratch();
        const r = cli(["pools", ...TINY, "--runtimes", runtime, "--json", "--out", out]);
        const [result, ...more] = results(r.stdout);
        expect(more).toHaveLength(0);
        expect(result!.error, r.stderr).toBeUndefined();
        expect(result!.runtime.name).toBe(runtime);
        expect(result!.runtime.version).toMatch(/^\d+\.\d+/);
        expect(result!.machine.cores).toBeGreaterThan(0);
        const [ours, ...peers] = result!.contenders;
        expect(ours).toMatchObject({ name: "threadlab", ours: true, ok: true });
        expectNumbersOrReason(ours!, result!);
        expect(peers.length).toBeGreaterThan(0);
        for (const c of peers) expectNumbersOrReason(c, result!);
        // Exit code 1 exactly when a pool that was run failed; known-unsupported rows do not count.
        expect(r.code, r.stderr).toBe(result!.contenders.some((c) => !c.ok && !c.unsupported) ? 1 : 0);
        expect(JSON.parse(readFileSync(join(out, `pools.${runtime}.json`), "utf8"))).toEqual(result);
      });
    });
  }

  const hangable = (["bun", "deno"] as const).find((rt) => found[rt]);
  describe.skipIf(!hangable)("a runner past its deadline", () => {
    it("is killed with its process group and becomes an error entry, not a hang", () => {
      const out = scratch();
      // 0.02 min = 1.2 s: the runner is still warming up its first pool.
      const r = cli(["pools", ...TINY, "--runtimes", hangable!, "--timeout", "0.02", "--json", "--out", out]);
      expect(r.code).toBe(1);
      const [result] = results(r.stdout);
      expect(result).toMatchObject({ runtime: { name: hangable }, contenders: [], error: expect.stringMatching(/did not finish within 1 s and was killed/) });
      expect(JSON.parse(readFileSync(join(out, `pools.${hangable}.json`), "utf8"))).toEqual(result);
      // Nothing of the runner is left running.
      let left = "";
      try {
        left = execFileSync("pgrep", ["-f", `src/pools/runners/${hangable}.ts`], { encoding: "utf8" });
      } catch {
        // pgrep exits 1 when nothing matches
      }
      expect(left).toBe("");
    });
  });

  const notNode = (["deno", "bun", "chromium"] as const).find((rt) => found[rt]);
  it.skipIf(!notNode)("--only naming no contender of the runtimes asked for exits 2 with one line", () => {
    expectUsageError(cli(["pools", "--runtimes", notNode!, "--only", "comlink-rr"]), `--only: none of comlink-rr races in ${notNode}`);
  });

  it.each([
    [["--only", "nosuchpool"], 'unknown contender "nosuchpool"'],
    [["--threads", "0"], "--threads"],
    [["--rounds", "two"], "--rounds"],
    [["--runtimes", "nosuch"], 'unknown runtime "nosuch"'],
    [["--timeout", "0"], "--timeout"],
    [["--threadlab-from", "/nonexistent/threadlab"], "/nonexistent/threadlab/dist/index.js not found"],
    [["--frobnicate"], "Unknown option"],
    [["--preset", "huge"], '--preset: unknown preset "huge"'],
  ])("bad input %j exits 2 with one line", (args, mentions) => {
    expectUsageError(cli(["pools", ...args]), mentions);
  });
});
