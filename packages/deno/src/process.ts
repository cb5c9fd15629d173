import { fileURLToPath } from "node:url";
import { childProcessHandle, linesOf, type StartWorkerOptions, type WorkerHandle } from "@threadlab/core";

const processWorkerPath = fileURLToPath(new URL("./process-worker.ts", import.meta.url));

/** A started child process as the pool sees it, plus the process itself (tests kill it to simulate a crash). */
export interface ProcessHandle extends WorkerHandle {
  readonly process: Deno.ChildProcess;
}

/**
 * A child Deno process serving the benchmark kernels over JSON lines on
 * stdin/stdout. It gets no permission flags: it needs none, and so it can
 * never hold more than its parent (which needs `--allow-run=<this deno>`).
 */
export function startProcess(_options: StartWorkerOptions = {}): ProcessHandle {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", processWorkerPath],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const encoder = new TextEncoder();
  const stdin = child.stdin.getWriter();
  let running = true;
  const handle = childProcessHandle({
    lines: linesOf(child.stdout),
    // The writer queues writes in order; a dead child's pipe is reported through its status.
    write: (line) => void stdin.write(encoder.encode(line)).catch(() => {}),
    ended: child.status.then((status) => {
      running = false;
      return { code: status.code, signal: status.signal };
    }),
    kill: () => {
      if (running) child.kill("SIGKILL");
    },
  });
  return { ...handle, process: child };
}
