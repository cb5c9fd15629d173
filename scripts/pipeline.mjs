#!/usr/bin/env node
// `npm run bench` / `npm test` on a machine with only Node and npm: fetch the
// pinned pnpm if needed, install the workspace, then run the turbo task.
// Arguments after the task name go to the task (e.g. `npm run bench -- --preset quick`).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";

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

/**
 * Whether node_modules already holds what the lockfile says: pnpm keeps a copy
 * of the lockfile it installed (node_modules/.pnpm/lock.yaml), and no manifest
 * changed since. `pnpm install` finds the same in about 9 s here, on every
 * `npm test` and `npm run bench`; this check takes milliseconds.
 */
function installed() {
  const at = (path) => new URL(path, root);
  const done = at("node_modules/.modules.yaml");
  if (!existsSync(done) || !existsSync(at("node_modules/.pnpm/lock.yaml"))) return false;
  if (!readFileSync(at("pnpm-lock.yaml")).equals(readFileSync(at("node_modules/.pnpm/lock.yaml")))) return false;
  const workspaces = ["packages/", "apps/", "tests/"].flatMap((dir) =>
    existsSync(at(dir)) ? readdirSync(at(dir)).map((name) => `${dir}${name}/package.json`) : [],
  );
  const since = statSync(done).mtimeMs;
  return ["package.json", "pnpm-workspace.yaml", ...workspaces].every((f) => !existsSync(at(f)) || statSync(at(f)).mtimeMs <= since);
}

const [cmd, prefix] = pnpm();
if (process.env.THREADLAB_INSTALL !== "1" && installed()) {
  console.log("dependencies match pnpm-lock.yaml: pnpm install skipped (THREADLAB_INSTALL=1 runs it anyway)");
} else {
  run(cmd, [...prefix, "install", "--frozen-lockfile", "--prefer-offline", "--reporter=append-only"]);
}
const turboArgs = ["exec", "turbo", "run", task, ...(task === "test" ? ["--continue"] : [])];
run(cmd, [...prefix, ...turboArgs, ...(args.length ? ["--", ...args] : [])]);
