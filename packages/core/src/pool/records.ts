import type { WorkerHandle } from "./worker-host.ts";
import type { CallOptions } from "./options.ts";

/** One started worker as the pool sees it. */
export interface Worker {
  id: number;
  handle: WorkerHandle;
  retired: boolean;
  answered: boolean;
  /** Settles once the worker has said hello. */
  started: Promise<void>;
  failStart(error: Error): void;
  /** Its sleep word and retirement flag, shared with it (shared-memory transport). */
  own: Int32Array | undefined;
  /** Calls sent to it by message and not answered yet. */
  messageCalls: number;
  /** Being recycled: takes no new call, and ends once the calls it has are done. */
  retiring: boolean;
  /** Adapter clock (ms) at its start, and when it last finished a call. */
  born: number;
  lastActive: number;
  /** Calls it has finished. */
  tasks: number;
  /** Its heap in MiB after its last call (when maxHeapMB asks for it), for a worker without shared memory; one with it keeps the reading in OWN.heapMB. */
  heapMB: number;
}

export interface Task {
  id: number;
  method: string;
  args: unknown[];
  options: CallOptions;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  settled: boolean;
  /** Where it is: queued; in shared slot `slot`; sent to `worker` by message; or run, its answer on the way by message. */
  phase: "queued" | "slot" | "message" | "answer";
  slot: number;
  worker: Worker | undefined;
  /** Adapter clock (ms) at the call and at its dispatch (0 until dispatched). */
  created: number;
  start: number;
  /** How long it ran in its worker, as the worker timed it (shared memory); NaN when that worker did not time it, -1 when not known (by message). */
  runMs: number;
  /** Its limits in ms (Infinity for none), read at the call: `timeout` from its dispatch, `totalTimeout` from the call. */
  timeout: number;
  totalTimeout: number;
  /** The timers the pool's sweep has armed for it (see LazyTimers): none while it ends within its step. */
  armed: number;
  cleanup(): void;
}

/** Adds `fn` to what runs when `task` settles (before what was there). */
export function onSettle(task: Task, fn: () => void): void {
  const cleanup = task.cleanup;
  task.cleanup = () => {
    fn();
    cleanup();
  };
}
