import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { childProcessHandle, type ChildEnd, type StartProcessOptions, type WorkerHandle } from "@threadlab/core/pool";

const entry = fileURLToPath(new URL("./process-worker.js", import.meta.url));

/**
 * A child Node process serving `options.module` (a pool's isolation
 * "process") or the benchmark kernels over JSON lines on stdin/stdout. Its
 * heap cap, if any, is the process's own (--max-old-space-size).
 */
export function startProcess(options: StartProcessOptions = {}): WorkerHandle {
  const heap = options.resourceLimits?.maxOldGenerationSizeMb;
  // A relative path means the same as for a worker thread: from the current directory.
  const module = options.module && new URL(String(options.module), pathToFileURL(`${process.cwd()}/`)).href;
  const args = [...(heap ? [`--max-old-space-size=${heap}`] : []), entry, ...(module ? [module] : [])];
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "inherit"] });
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
