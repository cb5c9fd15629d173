import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { findChromium } from "@threadlab/chromium";
import { beforeAll, describe, expect, it } from "vitest";
import { parsePageRequest, type PageRequest, type PageRunnerOutput } from "../src/service/page-request.ts";

/** Built by `pnpm build` (turbo builds before it tests); built here only when missing. */
const RUNNER = fileURLToPath(new URL("../dist/service-chromium.js", import.meta.url));
const PAGE = fileURLToPath(new URL("../dist/service-page/index.html", import.meta.url));
const PACKAGE = fileURLToPath(new URL("..", import.meta.url));

const browser = findChromium();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runRunner(request: unknown): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUNNER, typeof request === "string" ? request : JSON.stringify(request)], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the service page's request", () => {
  it("takes the numbers it needs, modes and the test-only corruptAnswers", () => {
    expect(parsePageRequest('{"kernelMs":1,"rateRps":300,"durationMs":3000,"threads":2,"ioDelayMs":2}')).toEqual({ kernelMs: 1, rateRps: 300, durationMs: 3000, threads: 2, ioDelayMs: 2 });
    expect(parsePageRequest('{"kernelMs":0.5,"rateRps":10,"durationMs":100,"threads":1,"ioDelayMs":0,"modes":["pool"],"corruptAnswers":true}')).toMatchObject({ modes: ["pool"], corruptAnswers: true });
  });

  it.each([
    [undefined, /^usage: /],
    ["[1]", /must be a JSON object/],
    ['{"kernelMs":0,"rateRps":1,"durationMs":1,"threads":1,"ioDelayMs":0}', /kernelMs must be above 0/],
    ['{"kernelMs":1,"rateRps":1,"durationMs":1.5,"threads":1,"ioDelayMs":0}', /durationMs must be a whole number/],
    ['{"kernelMs":1,"rateRps":1,"durationMs":1,"threads":0,"ioDelayMs":0}', /threads must be a whole number from 1/],
    ['{"kernelMs":1,"rateRps":1,"durationMs":1,"threads":1,"ioDelayMs":0,"modes":["cluster"]}', /modes must list/],
    ['{"kernelMs":1,"rateRps":1,"durationMs":1,"threads":1,"ioDelayMs":0,"modes":["pool","pool"]}', /modes must list/],
  ])("refuses %s with one line", (json, message) => {
    expect(() => parsePageRequest(json)).toThrow(message);
  });
});

describe.skipIf(!("path" in browser))(`dist/service-chromium.js in headless Chromium${"reason" in browser ? ` (skipped: ${browser.reason})` : ""}`, () => {
  beforeAll(() => {
    if (!existsSync(RUNNER) || !existsSync(PAGE)) execFileSync("pnpm", ["build"], { cwd: PACKAGE, stdio: "ignore" });
  });

  it("a bad request exits 2 with one line, before any browser starts", async () => {
    const r = await runRunner({ kernelMs: 1, rateRps: 100, durationMs: 1000, threads: 2 });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^threadlab service chromium: request: ioDelayMs must be a number/)]);
  });

  it("runs inline, then through the pool, every answer verified, frames and latency counted", async () => {
    const request: PageRequest = { kernelMs: 2, rateRps: 100, durationMs: 1500, threads: 2, ioDelayMs: 2 };
    const r = await runRunner(request);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as PageRunnerOutput;
    expect(out.runtime).toEqual({ name: "chromium", version: expect.stringMatching(/^\d+\./) });
    expect(out.itersPerUs).toBeGreaterThan(0);
    expect(out.page.map((p) => p.mode)).toEqual(["inline", "pool"]);
    for (const p of out.page) {
      expect(p).toMatchObject({ threads: p.mode === "pool" ? 2 : 1, kernelMs: 2, rateRps: 100, durationMs: 1500, wrong: 0 });
      // Every request is answered or counted as an error: 150 are due in 1.5 s at 100/s.
      expect(p.ok + p.errors, p.mode).toBe(150);
      expect(p.ok, p.mode).toBeGreaterThan(0);
      expect(p.latency.count, p.mode).toBe(p.ok);
      expect(p.frameMs.frames, p.mode).toBeGreaterThan(0);
      // Shapes only: which mode is smoother is a timing, never asserted.
      for (const v of [p.frameMs.p50, p.frameMs.p99, p.frameMs.max, p.latency.p50, p.latency.p99, p.latency.p999, p.latency.max]) expect(v, p.mode).toBeGreaterThan(0);
      expect(p.frameMs.p50).toBeLessThanOrEqual(p.frameMs.p99);
      expect(p.frameMs.p99).toBeLessThanOrEqual(p.frameMs.max);
      expect(p.latency.p50).toBeLessThanOrEqual(p.latency.p99);
      expect(p.latency.p99).toBeLessThanOrEqual(p.latency.max);
    }
    expect(r.stderr).toMatch(/^inline: 150 sent/m);
    expect(r.stderr).toMatch(/^pool \(2 workers\): 150 sent/m);
  });

  it("a wrong kernel answer fails the run: exit 1, one line naming it", async () => {
    const r = await runRunner({ kernelMs: 1, rateRps: 50, durationMs: 500, threads: 1, ioDelayMs: 1, modes: ["pool"], corruptAnswers: true });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines.at(-1)).toMatch(/^threadlab service chromium: failed in the page: Error: service page: wrong kernel answer for seed \d+ in pool mode/);
    // Progress before it, no stack trace after it.
    expect(lines.filter((l) => l.startsWith("threadlab service chromium:"))).toHaveLength(1);
  });
});
