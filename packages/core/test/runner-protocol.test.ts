import { describe, expect, test } from "vitest";
import { runnerMain } from "../src/bench/runner-main.ts";
import { ProgressReader, RunnerProtocolError, decodeRunnerMessage, encodeRunnerMessage, isRunnerMessage, type ProgressEvent } from "../src/bench-kit/runner-protocol.ts";
import { makePlan } from "../src/schema/plan.ts";
import { RESULT_SCHEMA, type Result } from "../src/schema/result.ts";

const events: ProgressEvent[] = [
  { type: "scenario-start", index: 0, total: 3, workload: "noop", strategy: "interleaved", variant: "messageChannel", threads: 1, size: 100, etaMs: 1200 },
  { type: "sample", index: 0, sample: 2, samples: 5, ms: 1.25, halfWidth: 0.04 },
  { type: "scenario-end", index: 0, total: 3, status: "ok", medianMs: 1.2, n: 7, noisy: true, suspect: "workers(1) beat sequential" },
  { type: "scenario-end", index: 1, total: 3, status: "skipped", error: "not applicable" },
  { type: "experiment", name: "race", status: "failed", error: "boom" },
];

const result: Result = {
  schema: RESULT_SCHEMA,
  runtime: { name: "node", version: "20.20.2", engine: "V8" },
  machine: { cpuModel: "Test CPU", cores: 2, os: "linux", arch: "x64" },
  startedAt: "2025-01-01T00:00:00.000Z",
  finishedAt: "2025-01-01T00:00:05.000Z",
  plan: makePlan({ preset: "smoke", workloads: ["noop"], threads: [1] }),
  scenarios: [{ workload: "noop", strategy: "sequential", threads: 1, size: 100, status: "skipped", reason: "not applicable", samplesMs: [] }],
};

describe("the runner protocol", () => {
  test.each(events)("a $type progress event round-trips on one tagged line", (event) => {
    const line = encodeRunnerMessage({ kind: "progress", event });
    expect(line).not.toContain("\n");
    expect(line.startsWith('{"threadlab":"progress"')).toBe(true);
    expect(isRunnerMessage(line)).toBe(true);
    expect(decodeRunnerMessage(line, "deno")).toEqual({ kind: "progress", event });
  });

  test("a result round-trips as the bare result document", () => {
    const text = encodeRunnerMessage({ kind: "result", result });
    expect(JSON.parse(text)).toEqual(result);
    expect(decodeRunnerMessage(text, "node")).toEqual({ kind: "result", result });
  });

  test("a half-width JSON cannot hold is left out, not sent as null", () => {
    const line = encodeRunnerMessage({ kind: "progress", event: { type: "sample", index: 0, sample: 1, samples: 5, ms: 0, halfWidth: Infinity } });
    expect(decodeRunnerMessage(line, "chromium")).toEqual({ kind: "progress", event: { type: "sample", index: 0, sample: 1, samples: 5, ms: 0 } });
  });

  test("a message of the other kind than expected is an error", () => {
    const progress = encodeRunnerMessage({ kind: "progress", event: events[1]! });
    expect(decodeRunnerMessage(progress, "chromium page", "progress").event).toEqual(events[1]);
    expect(() => decodeRunnerMessage(progress, "node", "result")).toThrow(/^node runner: a progress message where result was expected: /);
    expect(() => decodeRunnerMessage(encodeRunnerMessage({ kind: "result", result }), "chromium page", "progress")).toThrow(
      /^chromium page runner: not a progress message: /,
    );
  });

  test("a runtime's own output is not a message", () => {
    for (const line of ["Warning: something", "{ a: 1 }", '{"level":"info"}', "    at main (file.ts:1:1)"]) expect(isRunnerMessage(line)).toBe(false);
  });

  test.each([
    ['{"threadlab":"progress","type":"sample","index":0', /^bun runner: a message that is not JSON \(.+\): \{"threadlab"/],
    ['{"threadlab":"progress","type":"sample","index":"0","sample":1,"samples":5,"ms":1}', /^bun runner: malformed progress message \(index: .+\): \{"threadlab"/],
    ['{"threadlab":"progress","type":"teleport"}', /^bun runner: malformed progress message \(type: .+\)/],
    ['{"threadlab":"progress","type":"sample","index":0,"sample":1,"samples":5,"ms":null}', /^bun runner: malformed progress message \(ms: /],
    ['{"threadlab":"hello"}', /^bun runner: unknown message kind "hello"/],
    ['{"hello":1}', /^bun runner output: not a valid threadlab\.result\/v1 file/],
  ])("a bad message is a RunnerProtocolError naming the runtime: %s", (text, message) => {
    let thrown: unknown;
    try {
      decodeRunnerMessage(text, "bun");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RunnerProtocolError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain("\n");
  });
});

describe("runnerMain with a plan runner (how Chromium's runner runs)", () => {
  const io = () => {
    const out = { stdout: "", stderr: "" };
    return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
  };

  test("progress goes out as messages on stderr, the result on stdout", async () => {
    const { out, io: sink } = io();
    const code = await runnerMain(JSON.stringify(result.plan), {
      name: "threadlab test runner",
      async runPlan(plan, onProgress) {
        for (const event of events) onProgress(event);
        return { ...result, plan };
      },
    }, sink);
    expect(code).toBe(0);
    const lines = out.stderr.trimEnd().split("\n");
    expect(lines.map((line) => decodeRunnerMessage(line, "test"))).toEqual(events.map((event) => ({ kind: "progress", event })));
    expect(decodeRunnerMessage(out.stdout, "test")).toEqual({ kind: "result", result });
  });

  test("a bad plan is exit code 2, a failed run exit code 1, each with one line", async () => {
    const failing = { name: "threadlab test runner", runPlan: () => Promise.reject(new Error("the page crashed\nsecond line")) };
    const bad = io();
    expect(await runnerMain('{"preset":"nope"}', failing, bad.io)).toBe(2);
    expect(bad.out.stderr).toMatch(/^threadlab test runner: invalid plan: [^\n]*\n$/);
    const failed = io();
    expect(await runnerMain(JSON.stringify(result.plan), failing, failed.io)).toBe(1);
    expect(failed.out).toEqual({ stdout: "", stderr: "threadlab test runner: the page crashed\n" });
  });
});

describe("ProgressReader", () => {
  test("passes progress events on, keeps the first message that does not decode, and never throws", () => {
    const reader = new ProgressReader("deno");
    const event = { type: "experiment", name: "async", status: "start" } as const;
    expect(reader.read(encodeRunnerMessage({ kind: "progress", event }))).toEqual(event);
    expect(reader.read('{"threadlab":"progress","event":{"type":"nonsense"}}')).toBeUndefined();
    expect(reader.read("{not json")).toBeUndefined();
    expect(reader.error).toBeInstanceOf(RunnerProtocolError);
    expect(reader.error!.message).toMatch(/^deno runner: /);
    expect(reader.error!.message).not.toMatch(/not JSON/); // the first one is kept
  });
});
