import { describe, expect, it } from "vitest";
import { denoRuntime } from "../src/runtimes/deno.ts";
import { RUNTIME_NAMES } from "@threadlab/core";
import { cli, scratch } from "./helpers.ts";

describe("runtime discovery", () => {
  it("knows node, deno, bun and chromium", () => {
    expect([...RUNTIME_NAMES]).toEqual(["node", "deno", "bun", "chromium"]);
  });

  it("starts the real Deno binary with narrow permissions, never -A", async () => {
    const probe = await denoRuntime.probe();
    if (!probe.ok) return expect.soft(probe.reason).toBe("deno should be installed by pnpm install");
    expect(probe.path).not.toMatch(/node_modules\/\.bin\/deno$/); // the npm shim would swallow kills
    const { command, args } = denoRuntime.command(probe, "{}");
    expect(command).toBe(probe.path);
    expect(args).not.toContain("-A");
    expect(args.some((a) => a === "--allow-all" || a === "--allow-read" || a === "--allow-net")).toBe(false);
    expect(args).toContain("--no-prompt");
    expect(args).toContain(`--allow-run=${probe.path}`);
    expect(args).toContain("--allow-net=127.0.0.1");
    expect(args.at(-2)).toBe(probe.entry);
    expect(args.at(-1)).toBe("{}");
  });

  it("a runtime asked for by name that cannot run is a usage error naming the fix", () => {
    const r = cli(["run", "--runtimes", "chromium", "--preset", "smoke", "--out", scratch()], {
      env: { CHROMIUM_PATH: "/nonexistent/chromium" },
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^threadlab: runtime "chromium" was asked for but cannot run: CHROMIUM_PATH=\/nonexistent\/chromium is not an executable file: install Debian's `chromium`/);
  });

  it("a missing runtime not asked for is skipped with a one-line reason, and the rest run", () => {
    const out = scratch();
    const r = cli(["run", "--preset", "smoke", "--workloads", "noop", "--strategies", "sequential", "--experiments", "none", "--out", out], {
      env: { CHROMIUM_PATH: "/nonexistent/chromium" },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^skip chromium: CHROMIUM_PATH=\/nonexistent\/chromium is not an executable file/m);
    expect(r.stderr).toMatch(/node\s+all 1 scenarios ok/);
  });
});
