import type { CallStats } from "./call-stats.ts";
import type { PoolParts, SettlePart } from "./parts.ts";
import type { Task } from "./records.ts";

/** Settling as Pool sees it: the other jobs' view, and what only the API asks for. */
export interface Settler extends SettlePart {
  /** Calls accepted and not settled yet. */
  readonly pending: number;
  /** Counts a new call as pending; false, counting nothing, when `maxQueue` calls already wait beyond the workers' capacity. */
  admit(maxQueue: number | undefined): boolean;
  /** Resolves when no call waits beyond those the workers run at once. */
  drained(): Promise<void>;
  /** Resolves when no call is pending. */
  emptied(): Promise<void>;
}

/**
 * Settling: every call settles exactly once, through here. It is counted
 * (completed, failed, wait and run times, onTask), it stops counting as
 * pending (back-pressure: drained(), a graceful close), and the worker that
 * ran it learns it is done.
 */
export function settler(p: PoolParts, stats: CallStats): Settler {
  const { host, options } = p;
  /** Calls the workers run at once. */
  const capacity = p.size * p.concurrency;
  let pending = 0;
  /** Resolved when `pending` falls to the workers' capacity (drained()) or to 0 (a graceful close). */
  const drainWaiters: Array<() => void> = [];
  const emptyWaiters: Array<() => void> = [];

  /** Marks `task` settled and drops what watched it (its timers, its abort listener, its place among the totalTimeout calls). */
  function ended(task: Task): void {
    task.settled = true;
    task.cleanup();
    p.sweep.forget(task);
  }

  function record(task: Task, workerId: number, ok: boolean): void {
    if (ok) stats.completed++;
    else stats.failed++;
    if (task.start === 0) return; // never reached a worker
    const { onTask } = options;
    // A short call its worker did not time (one in 8 is): no clock reading here either, unless a timeline wants it.
    if (Number.isNaN(task.runMs)) {
      stats.untimed();
      if (!onTask) return;
    }
    const end = host.now();
    if (!Number.isNaN(task.runMs)) {
      // Through shared memory the worker timed the run; the rest, queue and slot, was waiting.
      const run = task.runMs >= 0 ? task.runMs : end - task.start;
      stats.timed(Math.max(0, end - task.created - run), run);
    }
    onTask?.({ workerId, method: task.method, start: task.start, end, ok });
  }

  /** After any call settles: back-pressure waiters, and the worker's own count (recycling, idleness). */
  function finished(task: Task, workerId: number): void {
    pending--;
    if (pending <= capacity && drainWaiters.length > 0) for (const wake of drainWaiters.splice(0)) wake();
    if (pending === 0 && emptyWaiters.length > 0) for (const wake of emptyWaiters.splice(0)) wake();
    if (task.start === 0 || workerId < 0) return;
    p.workers.finished(workerId);
  }

  return {
    get pending() {
      return pending;
    },
    admit(maxQueue) {
      if (maxQueue !== undefined && pending >= capacity + maxQueue) return false;
      pending++;
      return true;
    },
    drained() {
      if (pending <= capacity) return Promise.resolve();
      return new Promise((resolve) => drainWaiters.push(resolve));
    },
    emptied: () => new Promise<void>((resolve) => emptyWaiters.push(resolve)),
    settle(task, workerId, ok, then) {
      if (task.settled) return;
      ended(task);
      record(task, workerId, ok);
      then();
      finished(task, workerId);
      p.dispatch.dispatch();
    },
    fail(task, error, recycle) {
      if (task.settled) return;
      const culprit = p.dispatch.detach(task);
      // Already written back: the result wins over the timeout or abort, and arrives through harvest.
      if (culprit === "answered") return;
      ended(task);
      // Settle first: replacing the worker may fail, and must never leave this call hanging.
      task.reject(error);
      record(task, culprit?.id ?? task.worker?.id ?? -1, false);
      finished(task, culprit?.id ?? task.worker?.id ?? -1);
      if (recycle && culprit) {
        p.workers.replace(culprit, { error: new Error(`terminated: another call on this worker, ${task.method}(), timed out or was aborted`) });
      }
      else p.dispatch.dispatch();
    },
  };
}
