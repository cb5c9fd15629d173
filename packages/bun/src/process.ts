import { fileURLToPath } from "node:url";
import { childProcessHandle, linesOf, type StartWorkerOptions, type WorkerHandle } from "@threadlab/core";

const processWorkerPath = fileURLToPath(new URL("./process-worker.ts", import.meta.url));

/** A started child process as the pool sees it, plus the process itself (tests kill it to simulate a crash). */
export interface ProcessHandle extends WorkerHandle {
  readonly process: Bun.Subprocess<"pipe", "pipe", "inherit">;
}

/** A child Bun process serving the benchmark kernels over JSON lines on stdin/stdout. */
export function startProcess(_options: StartWorkerOptions = {}): ProcessHandle {
  const child = Bun.spawn([process.execPath, processWorkerPath], { stdin: "pipe", stdout: "pipe", stderr: "inherit" });
  let running = true;
  const handle = childProcessHandle({
    lines: linesOf(child.stdout),
    write: (line) => {
      child.stdin.write(line);
      void Promise.resolve(child.stdin.flush()).catch(() => {});
    },
    ended: child.exited.then((code) => {
      running = false;
      return { code, signal: child.signalCode === null ? null : String(child.signalCode) };
    }),
    kill: () => {
      if (running) child.kill("SIGKILL");
    },
  });
  return { ...handle, process: child };
}
