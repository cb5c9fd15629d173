import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findChromium } from "../src/find-chromium.ts";

export const pkgDir = fileURLToPath(new URL("../", import.meta.url));
export const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
export const runnerJs = join(pkgDir, "dist", "runner.js");

const found = findChromium();
/** Why browser tests cannot run here, or undefined when a Chromium was found. */
export const noChromium: string | undefined = "reason" in found ? found.reason : undefined;
export const chromiumPath: string = "path" in found ? found.path : "";
if (noChromium) console.warn(`skipping browser tests: ${noChromium}`);

export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `threadlab-chromium-${prefix}-`));
}

/** A page folder standing in for the runner's: index.html loading `script` as page.js. */
export function standInPage(script: string): string {
  const out = scratchDir("page");
  copyFileSync(join(fixtures, "runner-page.html"), join(out, "index.html"));
  copyFileSync(join(fixtures, script), join(out, "page.js"));
  return out;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `path` exactly as given (no client-side normalization or escaping). */
export function rawGet(port: number, path: string, method = "GET"): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let data = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (data += chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const [head = "", ...rest] = data.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const i = line.indexOf(":");
        if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: rest.join("\r\n\r\n") });
    });
    socket.write(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`, "latin1");
  });
}

/** PIDs whose command line contains `pattern` (pgrep -f), excluding this process. */
export function pidsMatching(pattern: string): number[] {
  try {
    return execFileSync("pgrep", ["-f", pattern], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number)
      .filter((pid) => pid !== process.pid);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** PIDs in process group `pgid`. */
export function pidsInGroup(pgid: number): number[] {
  try {
    return execFileSync("pgrep", ["-g", String(pgid)], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export function pgidOf(pid: number): number | undefined {
  try {
    return Number(execFileSync("ps", ["-o", "pgid=", "-p", String(pid)], { encoding: "utf8" }).trim()) || undefined;
  } catch {
    return undefined;
  }
}

/** Polls until `check` is true or `ms` pass; returns the last answer. */
export async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

export interface RunnerRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderrLines: string[];
  /** The runner's own TMPDIR: Chromium's profile, and so every Chromium process's command line, is under it. */
  tmp: string;
  ms: number;
}

export interface RunnerOptions {
  env?: Record<string, string>;
  /** Called for each stderr line while the runner runs (with the child, to signal it). */
  onLine?(line: string, child: ReturnType<typeof spawn>, tmp: string): void;
  detached?: boolean;
}

/** Runs `node dist/runner.js <planJson>` as the aggregator does. */
export function runRunner(planJson: string, options: RunnerOptions = {}): Promise<RunnerRun> {
  const tmp = scratchDir("runner");
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runnerJs, planJson], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, TMPDIR: tmp, ...options.env },
      detached: options.detached ?? true,
    });
    let stdout = "";
    let partial = "";
    const stderrLines: string[] = [];
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => {
      const lines = (partial + c).split("\n");
      partial = lines.pop()!;
      for (const line of lines) {
        stderrLines.push(line);
        options.onLine?.(line, child, tmp);
      }
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (partial) stderrLines.push(partial);
      resolve({ code, signal, stdout, stderrLines, tmp, ms: Date.now() - t0 });
    });
  });
}
