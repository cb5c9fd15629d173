import { readFileSync } from "node:fs";
import { makePlan } from "@threadlab/core";
import { describe, expect, it } from "vitest";
import type { RuntimeSpec } from "../src/runtimes/types.ts";
import { runRuntime } from "../src/run/run-runtime.ts";
import { fixtureResult } from "./fixtures/results.ts";

/** A runtime spec whose "runner" is an inline Node script: real processes, controlled misbehaviour. */
function fakeRuntime(script: string): RuntimeSpec {
  return {
    name: "node",
    fix: "",
    probe: async () => ({ ok: true, name: "node", version: process.versions.node, path: process.execPath, entry: "-" }),
    command: (found) => ({ command: found.path, args: ["-e", script] }),
  };
}
const found = { ok: true as const, name: "node" as const, version: "x", path: process.execPath, entry: "-" };
const noProgress = { onProgress: () => {} };
/** One workload: one runner, as the fake scripts expect. */
const onePlan = makePlan({ preset: "smoke", workloads: ["noop"], experiments: [] });

/** Running, as opposed to gone or a zombie waiting for a reaper (what an unreaped killed orphan is). */
function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0];
    return state !== undefined && state !== "Z";
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

describe("runRuntime", () => {
  it("reports a runner that crashes, with its last words", async () => {
    const outcome = await runRuntime(fakeRuntime("console.error('segfault-ish'); process.exit(3)"), found, onePlan, {
      deadlineMs: 30_000,
      ...noProgress,
    });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.message).toBe("node runner exited with code 3: segfault-ish");
  });

  it("reports output that is not a result document", async () => {
    const outcome = await runRuntime(fakeRuntime("console.log(JSON.stringify({ hello: 1 }))"), found, onePlan, {
      deadlineMs: 30_000,
      ...noProgress,
    });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.message).toContain("not a valid threadlab.result/v1");
  });

  it("kills a runner (and the processes it started) past the deadline", async () => {
    // The runner starts a grandchild that would outlive it, prints its pid, then hangs.
    const script = `
      const { spawn } = require("node:child_process");
      const g = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
      console.error("grandchild " + g.pid);
      setInterval(() => {}, 1000);
    `;
    const started = Date.now();
    const outcome = await runRuntime(fakeRuntime(script), found, onePlan, { deadlineMs: 1_500, ...noProgress });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.message).toContain("did not finish within 2 s and was killed");
    const pid = Number(/grandchild (\d+)/.exec(outcome.log.join("\n"))?.[1]);
    expect(pid).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(pid)).toBe(false);
  });

  it("ends a runner that exited but left a child holding its pipes", async () => {
    // The child inherits stderr, so the pipe stays open after the runner exits.
    const script = `
      const { spawn } = require("node:child_process");
      const g = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: ["ignore", "ignore", "inherit"] });
      console.error("grandchild " + g.pid);
      setTimeout(() => process.exit(3), 100);
    `;
    const started = Date.now();
    const outcome = await runRuntime(fakeRuntime(script), found, onePlan, { deadlineMs: 60_000, ...noProgress });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.message).toContain("exited with code 3");
    const pid = Number(/grandchild (\d+)/.exec(outcome.log.join("\n"))?.[1]);
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(pid)).toBe(false);
  });

  it("passes progress events through", async () => {
    const events: unknown[] = [];
    const line = JSON.stringify({ threadlab: "progress", type: "sample", index: 0, sample: 1, samples: 1, ms: 5 });
    await runRuntime(fakeRuntime(`console.error(${JSON.stringify(line)}); process.exit(1)`), found, onePlan, {
      deadlineMs: 30_000,
      onProgress: (e) => events.push(e),
    });
    expect(events).toEqual([{ type: "sample", index: 0, sample: 1, samples: 1, ms: 5 }]);
  });

  it("fails on a malformed progress line with a message naming the runtime, even when the run ends well", async () => {
    const events: unknown[] = [];
    const good = JSON.stringify({ threadlab: "progress", type: "sample", index: 0, sample: 1, samples: 1, ms: 5 });
    const bad = JSON.stringify({ threadlab: "progress", type: "sample", index: 0, sample: "one" });
    const script = `console.error(${JSON.stringify(good)}); console.error(${JSON.stringify(bad)}); console.log(${JSON.stringify(JSON.stringify(fixtureResult("node")))})`;
    const outcome = await runRuntime(fakeRuntime(script), found, onePlan, { deadlineMs: 30_000, onProgress: (e) => events.push(e) });
    expect(events).toHaveLength(1);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.message).toMatch(/^node runner: malformed progress message \(sample: .+\): \{"threadlab":"progress"/);
    // The line itself is kept with the runner's other output, to quote.
    expect(outcome.log).toEqual([bad]);
  });

  it("keeps a runtime's own stderr lines apart from its messages, and reads its result", async () => {
    const script = `console.error("Warning: an experimental feature"); console.error({ a: 1 }); console.log(${JSON.stringify(JSON.stringify(fixtureResult("node")))})`;
    const outcome = await runRuntime(fakeRuntime(script), found, onePlan, { deadlineMs: 30_000, ...noProgress });
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.result.runtime.name).toBe("node");
  });
});
