import { spawn } from "node:child_process";
import { createConnection } from "node:net";
import { describe, expect, it } from "vitest";
import { runService } from "../src/service/service-command.ts";
import { BIN } from "./helpers.ts";

/** Service processes still alive (their command line names a service entry). */
function serviceProcesses(): Promise<string[]> {
  return new Promise((resolve) => {
    const ps = spawn("ps", ["-eo", "pid,args"], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    ps.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
    ps.on("close", () => resolve(out.split("\n").filter((l) => /\bservice\.(js|ts)\b/.test(l) && !/\bps\b/.test(l))));
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

describe("threadlab service (Node, smoke)", () => {
  it("serves inline and through the pool, every answer checked, and leaves no server behind", async () => {
    const lines: string[] = [];
    const { results, exitCode } = await runService({ preset: "smoke", runtimes: ["node"] }, (l) => lines.push(l));
    expect(exitCode, lines.join("\n")).toBe(0);
    const [node] = results;
    expect(node!.itersPerUs).toBeGreaterThan(0);
    expect(node!.runs.map((r) => r.mode)).toEqual(["inline", "pool"]);
    for (const run of node!.runs) {
      expect(run.error).toBeUndefined();
      for (const step of [...run.steps, run.at80!]) {
        expect(step.wrong).toBe(0);
        expect(step.ok).toBeGreaterThan(0);
        expect(step.latency.count).toBe(step.ok);
        expect(step.health.count).toBeGreaterThan(0);
      }
      expect(run.saturationRps).toBeGreaterThan(0);
    }
    expect(await serviceProcesses()).toEqual([]);
  }, 60_000);

  it("fails the run on a wrong answer", async () => {
    const lines: string[] = [];
    const { results, exitCode } = await runService({ preset: "smoke", runtimes: ["node"], corrupt: true }, (l) => lines.push(l));
    expect(exitCode).toBe(1);
    for (const run of results[0]!.runs) expect(run.error).toMatch(/answers were wrong/);
    expect(await serviceProcesses()).toEqual([]);
  }, 60_000);

  it("leaves no process and no listening port when interrupted", async () => {
    const child = spawn(process.execPath, [BIN, "service", "--runtimes", "node", "--preset", "quick"], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let err = "";
    const running = new Promise<void>((resolve) => {
      child.stderr.setEncoding("utf8").on("data", (c: string) => {
        err += c;
        if (/offered \d+\/s/.test(err)) resolve();
      });
    });
    await running;
    const servers = await serviceProcesses();
    expect(servers.length).toBeGreaterThan(0);
    const port = await new Promise<number>((resolve) => {
      // The server the sweep is driving: ask the kernel which port a service process listens on.
      const ss = spawn("ss", ["-ltnpH"], { stdio: ["ignore", "pipe", "ignore"] });
      let out = "";
      ss.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
      ss.on("close", () => {
        const pids = servers.map((l) => l.trim().split(/\s+/)[0]);
        const line = out.split("\n").find((l) => pids.some((pid) => l.includes(`pid=${pid},`)));
        resolve(Number(/127\.0\.0\.1:(\d+)/.exec(line ?? "")?.[1] ?? 0));
      });
    });
    child.kill("SIGINT");
    await new Promise((resolve) => child.once("close", resolve));
    expect(await serviceProcesses()).toEqual([]);
    if (port) expect(await portOpen(port)).toBe(false);
  }, 60_000);
});
