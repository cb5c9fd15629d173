import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { childProcessHandle, type ChildEnd, type StartWorkerOptions, type WorkerHandle } from "@threadlab/core";

const entry = fileURLToPath(new URL("./process-worker.js", import.meta.url));

/** A child Node process serving the benchmark kernels over JSON lines on stdin/stdout. */
export function startProcess(_options: StartWorkerOptions = {}): WorkerHandle {
  const child = spawn(process.execPath, [entry], { stdio: ["pipe", "pipe", "inherit"] });
  // Listen before anything else can throw: a failed spawn (ENOENT, EAGAIN, EMFILE) emits 'error' and 'close' but never 'exit'.
  const ended = new Promise<ChildEnd>((resolve) => {
    child.on("error", (error) => resolve({ error }));
    child.once("close", (code, signal) => resolve({ code, signal }));
  });
  child.stdin.on("error", () => {}); // a dead child's pipe: reported through 'close'
  return childProcessHandle({
    lines: createInterface({ input: child.stdout }),
    write: (line) => {
      if (child.stdin.writable) child.stdin.write(line);
    },
    ended,
    kill: () => {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  });
}
