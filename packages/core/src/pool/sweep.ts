import { TaskTimeoutError } from "./errors.ts";
import { armAfter, LazyTimers } from "./lazy-timers.ts";
import type { PoolParts, SweepPart } from "./parts.ts";
import { onSettle, type Task } from "./records.ts";

/** Which of a call's timers the sweep has armed (Task.armed). */
const ARMED = { run: 1, total: 2 } as const;

/** The sweep as Pool sees it: the other jobs' view, and what only the API asks for. */
export interface TimerSweep extends SweepPart {
  /** A new call with a totalTimeout: its clock starts now. */
  called(task: Task): void;
  /** Drops every timer (the pool is closing). */
  clear(): void;
}

/**
 * The calls' timeouts: `timeout` from dispatch, `totalTimeout` from the call.
 * No call gets a timer of its own until it outlives a tenth of its limit (see
 * LazyTimers); a sweep then arms the ones still pending.
 */
export function timerSweep(p: PoolParts): TimerSweep {
  const { host } = p;
  const lazyTimers = new LazyTimers(() => host.now(), sweep);
  /** Calls with a totalTimeout, not settled yet: it counts from the call, so the sweep looks at them queued as well. */
  const totals = new Set<Task>();

  /**
   * The sweep (see LazyTimers): arms the timers of the calls that have run
   * past their step, in their workers or (totalTimeout) since the call, and
   * returns when the next will need one.
   */
  function sweep(now: number): number {
    let next = Infinity;
    /** Arms `task`'s timer `bit` (limit `limit`, counted from `since`) with `arm(elapsed)` once its step is up, else notes when it will be. */
    const look = (task: Task, bit: number, since: number, limit: number, arm: (elapsedMs: number) => void) => {
      if (task.settled || task.armed & bit || limit === Infinity) return;
      const at = since + armAfter(limit);
      if (at > now) next = Math.min(next, at);
      else {
        task.armed |= bit;
        arm(now - since);
      }
    };
    p.dispatch.forEachDispatched((task) => {
      if (task.start > 0) look(task, ARMED.run, task.start, task.timeout, (elapsed) => runTimer(task, task.timeout, elapsed));
    });
    for (const task of totals) {
      const total = task.totalTimeout;
      look(task, ARMED.total, task.created, total, (elapsed) =>
        timer(task, Math.max(0, total - elapsed), () => p.settle.fail(task, new TaskTimeoutError(total, task.method, "call"), true)),
      );
    }
    return next;
  }

  /**
   * `timeout` counts from when a worker takes the call. Sent by message, a
   * call goes only to a worker with room. Written into a slot, it may wait
   * there for a busy worker, and nothing tells the caller when it is taken:
   * it is looked at every tenth of its timeout (at most every 10 ms) until it
   * is, then gets its timeout less that step. A call never runs longer than
   * its timeout, and at least 90% of it less the sweep's lateness. Armed
   * `elapsed` ms after dispatch (a step, or a little more when the sweep's
   * timer fires late: see sweep()), a call taken by then gets its timeout
   * less that time.
   */
  function runTimer(task: Task, timeout: number, elapsed: number): void {
    const step = armAfter(timeout);
    const expire = () => p.settle.fail(task, new TaskTimeoutError(timeout, task.method), true);
    const untaken = () => p.dispatch.waitsInSlot(task);
    let timer: ReturnType<typeof setTimeout>;
    const look = () => {
      if (task.settled) return;
      timer = untaken() ? setTimeout(look, step) : setTimeout(expire, Math.max(0, timeout - step));
    };
    timer = untaken() ? setTimeout(look, step) : setTimeout(expire, Math.max(0, timeout - elapsed));
    onSettle(task, () => clearTimeout(timer));
  }

  /** Runs `then` after `ms` unless `task` settles first. */
  function timer(task: Task, ms: number, then: () => void): void {
    const timer = setTimeout(then, ms);
    onSettle(task, () => clearTimeout(timer));
  }

  return {
    called(task) {
      task.created = host.now();
      totals.add(task);
      lazyTimers.due(task.created + armAfter(task.totalTimeout));
    },
    dispatched(task) {
      lazyTimers.due(task.start + armAfter(task.timeout));
    },
    forget(task) {
      if (totals.size > 0) totals.delete(task);
    },
    clear() {
      lazyTimers.clear();
      totals.clear();
    },
  };
}
