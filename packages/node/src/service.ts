#!/usr/bin/env node
/**
 * The service experiment's server in Node: `node service.js '<options JSON>'`
 * (see core's ServiceOptions). With `processes` > 1, node:cluster forks that
 * many inline servers sharing one port (Node 20 has no SO_REUSEPORT), and
 * this process only prints the port and stops them when told to.
 */
import cluster from "node:cluster";
import { once } from "node:events";
import { parseServiceOptions, serviceMain } from "@threadlab/core";
import { nodeAdapter } from "./adapter.ts";

/** SIGTERM, SIGINT, or stdin closing: the parent is done with us or gone. */
function whenStopped(): Promise<unknown> {
  return new Promise((resolve) => {
    process.once("SIGTERM", resolve);
    process.once("SIGINT", resolve);
    process.stdin.on("end", resolve).on("error", resolve).resume();
  });
}

async function primary(json: string, processes: number): Promise<number> {
  const workers = Array.from({ length: processes }, () => cluster.fork({ THREADLAB_SERVICE_OPTIONS: json }));
  const ports = await Promise.all(workers.map(async (w) => ((await once(w, "listening")) as [{ port: number }])[0].port));
  process.stdout.write(`${JSON.stringify({ port: ports[0], pid: process.pid })}\n`);
  await whenStopped();
  await Promise.all(workers.map((w) => (w.isDead() ? undefined : (w.kill(), once(w, "exit")))));
  return 0;
}

let code: number;
if (cluster.isPrimary) {
  const json = process.argv[2];
  let processes = 1;
  try {
    processes = parseServiceOptions(json).processes;
  } catch {
    // serviceMain says what is wrong with them.
  }
  if (processes > 1) {
    // Each forked server is inline: the processes are the parallelism.
    cluster.setupPrimary({ stdio: ["ignore", "ignore", "inherit", "ipc"] });
    code = await primary(json!, processes);
  } else {
    code = await serviceMain(json, nodeAdapter, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), stopped: whenStopped() }, process.pid);
  }
} else {
  const options = { ...JSON.parse(process.env.THREADLAB_SERVICE_OPTIONS!), processes: 1, mode: "inline" };
  // A forked server stops when the primary kills it or goes away (its IPC channel closes).
  const stopped = new Promise((resolve) => {
    process.once("SIGTERM", resolve);
    process.once("disconnect", resolve);
  });
  code = await serviceMain(JSON.stringify(options), nodeAdapter, { stdout: () => {}, stderr: (t) => process.stderr.write(t), stopped }, process.pid);
}
// Everything is closed; stdin, still being read for its end, would keep the process alive.
process.exit(code);
