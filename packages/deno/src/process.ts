import { fileURLToPath, pathToFileURL } from "node:url";
import { childProcessHandle, linesOf, type StartProcessOptions, type WorkerHandle } from "@threadlab/core/pool";

const processWorkerPath = fileURLToPath(new URL("./process-worker.ts", import.meta.url));
const processHostPath = fileURLToPath(new URL("./process-host.ts", import.meta.url));

/** A started child process as the pool sees it, plus the process itself (tests kill it to simulate a crash). */
export interface ProcessHandle extends WorkerHandle {
  readonly process: Deno.ChildProcess;
}

/**
 * A child Deno process serving `options.module` (a pool's isolation
 * "process") or the benchmark kernels over JSON lines on stdin/stdout. It
 * gets no permission flags: the kernels need none, a module runs as the main
 * module (its imports need none either), and so the child never holds more
 * than its parent (which needs `--allow-run=<this deno>`). Its heap cap, if
 * any, is the child's own V8 flag.
 */
export function startProcess(options: StartProcessOptions = {}): ProcessHandle {
  // A relative path means the same as for a worker: from the current directory.
  const module = options.module && new URL(String(options.module), pathToFileURL(`${Deno.cwd()}/`)).href;
  const heap = options.resourceLimits?.maxOldGenerationSizeMb;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      ...(heap ? [`--v8-flags=--max-old-space-size=${heap}`] : []),
      ...(module ? [`--preload=${processHostPath}`, module] : [processWorkerPath]),
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const encoder = new TextEncoder();
  const stdin = child.stdin.getWriter();
  const handle = childProcessHandle({
    lines: linesOf(child.stdout),
    // The writer queues writes in order; a dead child's pipe is reported through its status.
    write: (line) => void stdin.write(encoder.encode(line)).catch(() => {}),
    ended: child.status.then((status) => ({ code: status.code, signal: status.signal })),
    kill: () => child.kill("SIGKILL"),
  });
  return { ...handle, process: child };
}
