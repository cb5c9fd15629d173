import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

export const BIN = fileURLToPath(new URL("../bin/threadlab.mjs", import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, in a real process. */
export function cli(args: string[], options: { cwd?: string; timeout?: number; env?: Record<string, string> } = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    cwd: options.cwd,
    timeout: options.timeout ?? 120_000,
    env: { ...process.env, NO_COLOR: "1", CI: "1", ...options.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function scratch(prefix = "threadlab-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** One clear line on stderr, exit code 2. */
export function expectUsageError(r: CliRun, mentions: string): void {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^threadlab: /);
  expect(lines[0]).toContain(mentions);
}
