import { fileURLToPath } from "node:url";
import { exitOnce, jsonLinesEndpoint, linesOf, type StartWorkerOptions, type WorkerHandle } from "@threadlab/core";

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
  let exited = false;
  let terminating = false;
  const { endpoint, receive } = jsonLinesEndpoint((line) => {
    // The writer queues writes in order; a dead child's pipe is reported through its status.
    if (!exited && !terminating) stdin.write(encoder.encode(line)).catch(() => {});
  });
  void (async () => {
    for await (const line of linesOf(child.stdout)) receive(line);
  })().catch(() => {});

  const exit = exitOnce();
  const gone = child.status.then((status) => {
    exited = true;
    if (terminating) return;
    exit.report(status.signal ? { error: new Error(`killed by ${status.signal}`) } : { code: status.code });
  });
  return {
    endpoint,
    sharesMemory: false, // a pipe: every call travels by message
    process: child,
    async terminate() {
      terminating = true;
      if (!exited) {
        try {
          child.kill("SIGKILL");
        } catch {
          // already gone
        }
      }
      await gone;
    },
    onExit: exit.onExit,
  };
}
