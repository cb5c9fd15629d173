import { fileURLToPath, pathToFileURL } from "node:url";
import { childProcessHandle, linesOf, type StartProcessOptions, type WorkerHandle } from "@threadlab/core/pool";

const processWorkerPath = fileURLToPath(new URL("./process-worker.ts", import.meta.url));

/** A started child process as the pool sees it, plus the process itself (tests kill it to simulate a crash). */
export interface ProcessHandle extends WorkerHandle {
  readonly process: Bun.Subprocess<"pipe", "pipe", "inherit">;
}

/**
 * A child Bun process serving `options.module` (a pool's isolation
 * "process") or the benchmark kernels over JSON lines on stdin/stdout. Bun
 * has no heap cap to give it: resourceLimits are ignored.
 */
export function startProcess(options: StartProcessOptions = {}): ProcessHandle {
  // A relative path means the same as for a worker: from the current directory.
  const module = options.module && new URL(String(options.module), pathToFileURL(`${process.cwd()}/`)).href;
  const args = [process.execPath, processWorkerPath, ...(module ? [module] : [])];
  const child = Bun.spawn(args, { stdin: "pipe", stdout: "pipe", stderr: "inherit" });
  const handle = childProcessHandle({
    lines: linesOf(child.stdout),
    write: (line) => {
      child.stdin.write(line);
      void Promise.resolve(child.stdin.flush()).catch(() => {});
    },
    ended: child.exited.then((code) => ({ code, signal: child.signalCode === null ? null : String(child.signalCode) })),
    kill: () => child.kill("SIGKILL"),
  });
  return { ...handle, process: child };
}
