import { fileURLToPath } from "node:url";
import { exitOnce, jsonLinesEndpoint, linesOf, type StartWorkerOptions, type WorkerHandle } from "@threadlab/core";

const processWorkerPath = fileURLToPath(new URL("./process-worker.ts", import.meta.url));

/** A started child process as the pool sees it, plus the process itself (tests kill it to simulate a crash). */
export interface ProcessHandle extends WorkerHandle {
  readonly process: Bun.Subprocess<"pipe", "pipe", "inherit">;
}

/** A child Bun process serving the benchmark kernels over JSON lines on stdin/stdout. */
export function startProcess(_options: StartWorkerOptions = {}): ProcessHandle {
  const child = Bun.spawn([process.execPath, processWorkerPath], { stdin: "pipe", stdout: "pipe", stderr: "inherit" });
  let exited = false;
  let terminating = false;
  const { endpoint, receive } = jsonLinesEndpoint((line) => {
    if (exited || terminating) return;
    try {
      child.stdin.write(line);
      void Promise.resolve(child.stdin.flush()).catch(() => {});
    } catch {
      // a dead child's pipe: reported through `exited`
    }
  });
  void (async () => {
    for await (const line of linesOf(child.stdout)) receive(line);
  })().catch(() => {});

  const exit = exitOnce();
  const gone = child.exited.then((code) => {
    exited = true;
    if (terminating) return;
    exit.report(child.signalCode ? { error: new Error(`killed by ${child.signalCode}`) } : { code });
  });
  return {
    endpoint,
    sharesMemory: false, // a pipe: every call travels by message
    process: child,
    async terminate() {
      terminating = true;
      if (!exited) child.kill("SIGKILL");
      await gone;
    },
    onExit: exit.onExit,
  };
}
