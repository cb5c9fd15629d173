#!/usr/bin/env node
// @ts-check
/**
 * `pnpm test`: runs `deno test` over test/ with the runner's permissions from
 * permissions.json (built by the same permissionFlags() the aggregator can
 * use), plus read access to test/ for the worker fixtures. Starts the real
 * Deno binary, not the node_modules/.bin shim, so `<deno>` (--allow-run)
 * matches Deno.execPath() and signals reach Deno.
 */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { permissionFlags } from "./permission-flags.mjs";

const base = fileURLToPath(new URL("..", import.meta.url));
const permissions = JSON.parse(readFileSync(new URL("../permissions.json", import.meta.url), "utf8"));
// DENO may name the binary; else ask whichever `deno` is on PATH (the shim included) where it really is.
const deno = realpathSync(
  process.env.DENO ?? execFileSync("deno", ["eval", "console.log(Deno.execPath())"], { encoding: "utf8", shell: process.platform === "win32" }).trim(),
);
const flags = permissionFlags({ ...permissions, read: [...permissions.read, "test", "../core/test"] }, { base, deno, tmp: tmpdir() });
// --unstable-net: Deno.serve's reusePort (the service experiment's process mode) is still unstable in Deno 2.
const args = ["test", "--no-check", "--no-prompt", "--unstable-net", ...flags, ...(process.argv.length > 2 ? process.argv.slice(2) : ["test/"])];
console.error(`deno ${args.join(" ")}`);
const child = spawn(deno, args, { cwd: base, stdio: "inherit" });
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
