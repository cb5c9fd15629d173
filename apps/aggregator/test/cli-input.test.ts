import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, expectUsageError, scratch } from "./helpers.ts";

describe("threadlab --help", () => {
  it.each([[[]], [["run"]], [["bench"]], [["report"]], [["doctor"]], [["service"]]])("%j --help exits 0 and describes the command", (args) => {
    const r = cli([...args, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage:");
  });

  it("run --help lists the plan options", () => {
    const r = cli(["run", "--help"]);
    for (const flag of ["--runtimes", "--workloads", "--threads", "--preset", "--min-sample", "--budget", "--out"]) expect(r.stdout).toContain(flag);
    // Preset defaults come from core, not from a copy in the help text.
    expect(r.stdout).toContain("quick 4, default 24");
  });
});

describe("bad input gets one clear message and exit code 2", () => {
  const out = scratch();
  it.each([
    [["run", "--workloads", "mandelbrot,nope", "--out", out], 'unknown workload "nope"'],
    [["run", "--threads", "0", "--out", out], "invalid thread count 0"],
    [["run", "--threads", "1,-2", "--out", out], "invalid thread count -2"],
    [["run", "--threads", "two", "--out", out], '"two" is not a number'],
    [["run", "--threads", "1.5", "--out", out], "invalid thread count 1.5"],
    [["run", "--preset", "huge", "--out", out], 'unknown preset "huge"'],
    [["run", "--samples", "0", "--out", out], "--samples"],
    [["run", "--strategies", "magic", "--out", out], 'unknown strategy "magic"'],
    [["run", "--experiments", "async,zap", "--out", out], 'unknown experiment "zap"'],
    [["run", "--warmup", "1.5", "--out", out], "--warmup"],
    [["run", "--min-sample=-3", "--out", out], "--min-sample"],
    [["run", "--min-sample", "soon", "--out", out], '"soon" is not a number'],
    [["run", "--runtimes", "node,rhino", "--out", out], 'unknown runtime "rhino"'],
    [["run", "--frobnicate"], "Unknown option"],
    [["explode"], 'unknown command "explode"'],
    [["report", join(out, "does-not-exist")], "cannot read results folder"],
  ])("%j", (args, mentions) => {
    expectUsageError(cli(args as string[]), mentions as string);
  });

  it("report on an empty folder says how to make results", () => {
    expectUsageError(cli(["report", scratch()]), "threadlab run --out");
  });
});

describe("report keeps what is already written when a file is bad", () => {
  it("names an unreadable JSON file and changes nothing", () => {
    const dir = scratch();
    writeFileSync(join(dir, "deno.json"), "{ not json");
    const r = cli(["report", dir]);
    expectUsageError(r, join(dir, "deno.json"));
    expect(readFileSync(join(dir, "deno.json"), "utf8")).toBe("{ not json");
  });

  it("names a file with another schema", () => {
    const dir = scratch();
    writeFileSync(join(dir, "bun.json"), JSON.stringify({ schema: "threadlab.result/v0" }));
    expectUsageError(cli(["report", dir]), 'unsupported schema "threadlab.result/v0"');
  });

  it("names a result file with a missing field and the field", () => {
    const dir = scratch();
    writeFileSync(join(dir, "node.json"), JSON.stringify({ schema: "threadlab.result/v1", scenarios: [] }));
    const r = cli(["report", dir]);
    expectUsageError(r, "node.json: not a valid threadlab.result/v1 file");
    expect(r.stderr).toContain("runtime");
  });
});

describe("a reader that stops reading", () => {
  it("ends the CLI quietly with code 0 (threadlab report DIR | head)", async () => {
    const { spawn } = await import("node:child_process");
    const { BIN } = await import("./helpers.ts");
    const { fixtureResult } = await import("./fixtures/results.ts");
    const dir = scratch();
    const ok = fixtureResult("node");
    ok.scenarios = ok.scenarios.filter((s) => s.status === "ok");
    writeFileSync(join(dir, "node.json"), JSON.stringify(ok));
    // Only a shell's `head` closes a pipe this early: the first line read, the reading end closed.
    const child = spawn(process.execPath, [BIN, "report", dir], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(stderr).not.toContain("EPIPE");
    expect(code).toBe(0);
  });
});
