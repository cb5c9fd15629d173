import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { exitOnce, jsonLinesEndpoint, type StartWorkerOptions, type WorkerHandle } from "@threadlab/core";

const entry = fileURLToPath(new URL("./process-worker.js", import.meta.url));

/** A child Node process serving the benchmark kernels over JSON lines on stdin/stdout. */
export function startProcess(_options: StartWorkerOptions = {}): WorkerHandle {
  const child = spawn(process.execPath, [entry], { stdio: ["pipe", "pipe", "inherit"] });
  const exit = exitOnce();
  // Listen before anything else can throw: a failed spawn (ENOENT, EAGAIN, EMFILE) emits 'error' and 'close' but never 'exit'.
  const gone = new Promise<void>((resolve) => {
    child.once("close", () => resolve());
    child.once("error", () => resolve());
  });
  child.on("error", (error) => exit.report({ error }));
  child.on("exit", (code, signal) => exit.report(signal ? { error: new Error(`killed by ${signal}`) } : { code: code ?? 0 }));
  const { endpoint, receive } = jsonLinesEndpoint((line) => {
    if (child.stdin?.writable) child.stdin.write(line);
  });
  if (child.stdout) createInterface({ input: child.stdout }).on("line", receive);
  child.stdin?.on("error", () => {}); // a dead child's pipe: reported through 'exit'
  return {
    endpoint,
    sharesMemory: false, // a pipe: every call travels by message
    async terminate() {
      exit.silence(); // asked for: not a crash
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await gone;
    },
    onExit: exit.onExit,
  };
}
