import type { WorkerExit } from "../pool/worker-host.ts";

/**
 * The exit half of a WorkerHandle: runtimes signal a death several ways
 * (an error event, then an exit or close event); listeners hear the first only.
 */
export function exitOnce(): {
  report(exit: WorkerExit): void;
  onExit(listener: (exit: WorkerExit) => void): void;
  readonly exited: boolean;
  /** Marks the worker gone without telling anyone (it was asked to stop). */
  silence(): void;
} {
  let exited = false;
  const listeners: Array<(exit: WorkerExit) => void> = [];
  return {
    report(exit) {
      if (exited) return;
      exited = true;
      for (const l of listeners) l(exit);
    },
    onExit: (listener) => void listeners.push(listener),
    get exited() {
      return exited;
    },
    silence() {
      exited = true;
    },
  };
}
