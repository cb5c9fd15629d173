import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
// @ts-expect-error -- plain JS shared with the Deno package's own test script
import { permissionFlags } from "@threadlab/deno/permission-flags";
import type { ServiceOptions, ServiceReady } from "@threadlab/core";
import { killGroup, track } from "../run/spawn-runner.ts";
import type { FoundRuntime } from "../runtimes/types.ts";

export type ServerRuntime = "node" | "deno" | "bun";

/** A service process (or, in Node's cluster mode, a primary and its forks) listening on 127.0.0.1. */
export interface RunningServer {
  port: number;
  /** SIGTERM to the process group, SIGKILL after a grace period; resolves once it has exited. */
  stop(): Promise<void>;
}

/** The service program of each runtime, run as the runtime runs its runner. */
function command(runtime: ServerRuntime, found: FoundRuntime, optionsJson: string): { command: string; args: string[] } {
  switch (runtime) {
    case "node":
      return { command: process.execPath, args: [fileURLToPath(import.meta.resolve("@threadlab/node/service")), optionsJson] };
    case "deno": {
      const entry = fileURLToPath(import.meta.resolve("@threadlab/deno/service"));
      const permissions = { read: ["src", "../core/src"], net: ["127.0.0.1"], sys: ["cpus", "systemMemoryInfo", "osRelease", "hostname"] };
      const flags = permissionFlags(permissions, { base: dirname(dirname(entry)), deno: found.path, tmp: tmpdir() }) as string[];
      // Deno.serve's reusePort is still behind --unstable-net in Deno 2.
      return { command: found.path, args: ["run", "--no-prompt", "--unstable-net", ...flags, entry, optionsJson] };
    }
    case "bun":
      return { command: found.path, args: [fileURLToPath(import.meta.resolve("@threadlab/bun/service")), optionsJson] };
  }
}

const START_MS = 30_000;
const STOP_GRACE_MS = 3_000;

/**
 * Starts one service process in its own process group, with a pipe on its
 * stdin (it stops when that closes, so a CLI killed outright leaves no
 * server), and waits for its `{"port":N}` line. Ctrl-C on the CLI kills it.
 */
export function startServer(runtime: ServerRuntime, found: FoundRuntime, options: Partial<ServiceOptions>): Promise<RunningServer> {
  const { command: cmd, args } = command(runtime, found, JSON.stringify(options));
  const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"], detached: true });
  const untrack = track(child);
  const errors: string[] = [];
  createInterface({ input: child.stderr }).on("line", (line) => {
    if (line.trim()) errors.push(line);
    if (errors.length > 10) errors.shift();
  });
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const stop = async () => {
    killGroup(child, "SIGTERM");
    const timer = setTimeout(() => killGroup(child), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
    // Forks of a cluster primary share its group: none outlives it.
    killGroup(child);
    untrack();
  };
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      void stop();
      reject(new Error(`${runtime} service (${options.mode}${options.processes && options.processes > 1 ? ` × ${options.processes}` : ""}) ${why}${errors.length ? `: ${errors.at(-1)}` : ""}`));
    };
    const timer = setTimeout(() => fail(`did not listen within ${START_MS / 1000} s`), START_MS);
    child.once("error", (error) => fail(`could not start: ${error.message}`));
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      fail(`exited before it listened (${signal ?? `code ${code}`})`);
    });
    createInterface({ input: child.stdout }).once("line", (line) => {
      clearTimeout(timer);
      child.removeAllListeners("exit");
      try {
        const ready = JSON.parse(line) as ServiceReady;
        if (!Number.isInteger(ready.port) || ready.port <= 0) throw new Error("no port");
        resolve({ port: ready.port, stop });
      } catch {
        fail(`printed no port (${line.slice(0, 80)})`);
      }
    });
  });
}

/**
 * The process-based mode: `processes` inline servers on one port. Node's
 * service forks them itself (node:cluster); Deno and Bun processes each bind
 * with SO_REUSEPORT and the kernel spreads connections among them.
 */
export async function startCluster(runtime: ServerRuntime, found: FoundRuntime, options: Partial<ServiceOptions>, processes: number): Promise<RunningServer> {
  if (runtime === "node") return startServer(runtime, found, { ...options, mode: "inline", processes });
  const first = await startServer(runtime, found, { ...options, mode: "inline", reusePort: true });
  const servers = [first];
  try {
    for (let i = 1; i < processes; i++) servers.push(await startServer(runtime, found, { ...options, mode: "inline", reusePort: true, port: first.port }));
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
  return { port: first.port, stop: async () => void (await Promise.all(servers.map((s) => s.stop()))) };
}
