import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cli, expectUsageError, scratch } from "./helpers.ts";

/** The workspace's own built @threadlab/node, raced again through --threadlab-from to exercise that path. */
const WORKSPACE_NODE = fileURLToPath(new URL("../../../packages/node", import.meta.url));

/** Small enough for a busy 2-core machine; only that every number exists is asserted, never a speed. */
const TINY = ["--rounds", "1", "--calls", "500", "--latency-calls", "50", "--spin-tasks", "8", "--threads", "2"];

type ContenderResult = import("../src/pools/summary.ts").ContenderResult;

describe("threadlab pools", () => {
  it("--help describes the race and its options", () => {
    const r = cli(["pools", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage:");
    for (const flag of ["--threads", "--rounds", "--calls", "--only", "--threadlab-from", "--json", "--out"]) expect(r.stdout).toContain(flag);
  });

  it("races every pool and reports numbers for each, with no error rows", () => {
    const out = join(scratch(), "nested", "pools.json");
    const r = cli(["pools", ...TINY, "--json", "--out", out, "--threadlab-from", `self=${WORKSPACE_NODE}`]);
    // A pool left running would keep the CLI alive until the helper's timeout kills it (code null).
    expect(r.stderr).not.toContain("ERROR");
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { schema: string; contenders: ContenderResult[] };
    expect(result.schema).toBe("threadlab.pools/v1");
    expect(result.contenders.map((c) => c.name)).toEqual(["threadlab", "threadlab@self", "piscina", "tinypool", "workerpool", "poolifier", "comlink-rr"]);
    for (const c of result.contenders) {
      expect(c.error, c.name).toBeUndefined();
      expect(c.ok, c.name).toBe(true);
      expect(c.version, c.name).toMatch(/^\d+\.\d+\.\d+/);
      for (const value of [c.throughput!.median, c.latencyUs!.p50.median, c.latencyUs!.p99.median, c.cpuTasks!.median, c.cpuTasks!.efficiency, c.vsBestPeer!]) {
        expect(value, c.name).toBeGreaterThan(0);
        expect(Number.isFinite(value), c.name).toBe(true);
      }
    }
    // --out holds the same document as stdout.
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(result);
    // Progress goes to stderr, one line per contender per round.
    expect(r.stderr).toContain("round 1/1: piscina");
  });

  it("prints a table naming each contender without --json", () => {
    const r = cli(["pools", ...TINY, "--only", "threadlab,piscina"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("add tasks/s");
    expect(r.stdout).toMatch(/^threadlab\s/m);
    expect(r.stdout).toMatch(/^piscina\s/m);
  });

  it("a contender that cannot start is an error row with its reason, not a crash", () => {
    const dir = scratch();
    mkdirSync(join(dir, "dist"));
    writeFileSync(join(dir, "dist", "index.js"), 'export function createPool() { throw new Error("this build is broken"); }\n');
    writeFileSync(join(dir, "dist", "worker.js"), "export function expose() {}\n");
    const r = cli(["pools", ...TINY, "--json", "--threadlab-from", `broken=${dir}`, "--only", "threadlab@broken,piscina"]);
    expect(r.code).toBe(1);
    const { contenders } = JSON.parse(r.stdout) as { contenders: ContenderResult[] };
    expect(contenders.find((c) => c.name === "threadlab@broken")).toMatchObject({ ok: false, error: "this build is broken" });
    expect(contenders.find((c) => c.name === "piscina")?.ok).toBe(true);
  });

  it.each([
    [["--only", "nosuchpool"], 'unknown contender "nosuchpool"'],
    [["--threads", "0"], "--threads"],
    [["--rounds", "two"], "--rounds"],
    [["--threadlab-from", "/nonexistent/threadlab"], "/nonexistent/threadlab/dist/index.js not found"],
    [["--frobnicate"], "Unknown option"],
  ])("bad input %j exits 2 with one line", (args, mentions) => {
    expectUsageError(cli(["pools", ...args]), mentions);
  });
});
