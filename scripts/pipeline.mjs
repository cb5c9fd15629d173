#!/usr/bin/env node
// `npm run bench` / `npm test` on a machine with only Node and npm: fetch the
// pinned pnpm if needed, install the workspace, then run the turbo task.
// Arguments after the task name go to the task (e.g. `npm run bench -- --preset quick`).
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const root = new URL("..", import.meta.url);
const [task, ...args] = process.argv.slice(2);
if (!task) {
  console.error("usage: node scripts/pipeline.mjs <build|test|bench|typecheck> [args for the task]");
  process.exit(2);
}

const pinned = JSON.parse(readFileSync(new URL("package.json", root), "utf8")).packageManager.split("@")[1];

function pnpm() {
  try {
    const version = execFileSync("pnpm", ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    if (version === pinned) return ["pnpm", []];
  } catch {
    // not installed: fall through to npx
  }
  return ["npx", ["--yes", `pnpm@${pinned}`]];
}

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1", DO_NOT_TRACK: "1" };
function run(command, commandArgs) {
  const r = spawnSync(command, commandArgs, { cwd: root, stdio: "inherit", env });
  if (r.error) {
    console.error(`could not run ${command}: ${r.error.message}`);
    process.exit(1);
  }
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const [cmd, prefix] = pnpm();
run(cmd, [...prefix, "install", "--frozen-lockfile", "--prefer-offline", "--reporter=append-only"]);
const turboArgs = ["exec", "turbo", "run", task, ...(task === "test" ? ["--continue"] : [])];
run(cmd, [...prefix, ...turboArgs, ...(args.length ? ["--", ...args] : [])]);
