import type { Endpoint } from "comlink";
import { Cursor, decode, encode } from "./codec.ts";
import { CTRL, HEAD, OWN, PARK, STATE, dataOffset, hasWaitAsync, running, waitAsync, wakeParked, writing, type ChannelShape } from "./layout.ts";
import { messageOf, serializeThrow, type Init, type ToPool, type ToWorker } from "./protocol.ts";
import { transferablesOf } from "./transfer.ts";

/** Longest stretch of back-to-back calls before the worker lets its own event loop run (messages, timers). */
const YIELD_EVERY_MS = 2;

/** The names of `api`'s callable members, its prototype chain's included (a class instance works too). */
export function methodsOf(api: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = api; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const k of Object.getOwnPropertyNames(o)) {
      if (k !== "constructor" && typeof (api as Record<string, unknown>)[k] === "function") names.add(k);
    }
  }
  return [...names];
}

/**
 * The worker's side of a pool: serves `api` on `endpoint` (the worker's own
 * port) by message at once, and through shared memory once the pool sends
 * its buffer. Each adapter's `expose()` calls this.
 */
export interface ServeOptions {
  /** This worker's heap in use, in bytes (not the process's): lets the pool recycle a worker past `maxHeapMB`. */
  heapUsed?: () => number;
}

export function serve(api: object, endpoint: Endpoint, options: ServeOptions = {}): void {
  const methods = methodsOf(api);
  const table = methods.map((m) => (api as Record<string, (...a: unknown[]) => unknown>)[m]!.bind(api));
  const post = (message: ToPool, transfer: Transferable[] = []) => endpoint.postMessage(message, transfer);
  const heapMB = () => (options.heapUsed ? Math.ceil(options.heapUsed() / 2 ** 20) : undefined);
  let loop: SharedLoop | undefined;

  const reply = (id: number, outcome: { ok: true; value: unknown } | { ok: false; thrown: unknown }, h?: number) => {
    const heap = h === undefined ? {} : { h };
    if (outcome.ok) {
      const transfer = transferablesOf(outcome.value) ?? [];
      try {
        post({ t: "ret", id, v: outcome.value, ...heap }, transfer);
      } catch (error) {
        // The result cannot be cloned (a function, a symbol): the caller gets that error instead.
        post({ t: "err", id, e: serializeThrow(error), ...heap });
      }
      return;
    }
    const e = serializeThrow(outcome.thrown);
    try {
      post({ t: "err", id, e, ...heap });
    } catch {
      // Some own property of the error cannot be cloned: keep the rest of its shape.
      if (e.error) delete e.props;
      try {
        post({ t: "err", id, e, ...heap });
      } catch {
        post({ t: "err", id, e: serializeThrow(new Error(String(outcome.thrown))), ...heap });
      }
    }
  };

  const invoke = (name: string, args: unknown[], id: number, wantHeap: boolean) => {
    const i = methods.indexOf(name);
    if (i < 0) {
      reply(id, { ok: false, thrown: unknownMethod(name, methods) });
      return;
    }
    settle(() => table[i]!(...args), (outcome) => reply(id, outcome, wantHeap ? heapMB() : undefined));
  };

  endpoint.addEventListener("message", ((event: MessageEvent) => {
    const message = messageOf<ToWorker>(event.data);
    if (!message) return;
    if (message.t === "call") invoke(message.m, message.a, message.id, message.h === 1);
    else if (message.t === "init") loop ??= new SharedLoop(message, table, reply, () => post({ t: "nudge" }), message.heapCheck ? heapMB : undefined);
    else if (message.t === "nudge") loop?.wake();
  }) as never);
  post({ t: "hello", methods });
}

/**
 * A Web Worker that calls `self.close()` simply stops: its page gets no event,
 * and the pool would wait for it for ever. For the browser adapter's expose():
 * wrapped, close() tells the pool on `endpoint` first (messages already
 * posted, results included, arrive before it).
 */
export function announceSelfClose(endpoint: Endpoint): void {
  const scope = globalThis as { close?: () => void };
  if (typeof scope.close !== "function") return;
  const close = scope.close;
  scope.close = function (this: unknown) {
    try {
      endpoint.postMessage({ t: "bye" } satisfies ToPool);
    } finally {
      close.call(this ?? scope);
    }
  };
}

type Outcome = { ok: true; value: unknown } | { ok: false; thrown: unknown };

/** Runs `fn`; hands its outcome to `done` at once, or when its promise settles. Returns true when it was async. */
function settle(fn: () => unknown, done: (o: Outcome) => void): boolean {
  let value: unknown;
  try {
    value = fn();
  } catch (thrown) {
    done({ ok: false, thrown });
    return false;
  }
  if (isThenable(value)) {
    Promise.resolve(value).then(
      (v) => done({ ok: true, value: v }),
      (thrown) => done({ ok: false, thrown }),
    );
    return true;
  }
  done({ ok: true, value });
  return false;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === "object" && typeof (value as PromiseLike<unknown>).then === "function";
}

export function unknownMethod(name: string, methods: readonly string[]): TypeError {
  return new TypeError(`the worker has no method "${name}"; it exposes: ${methods.length ? methods.join(", ") : "(nothing)"}`);
}

/** One macrotask turn without a timer's clamp. */
function macrotask(): () => Promise<void> {
  const channel = new MessageChannel();
  let wake: (() => void) | undefined;
  channel.port1.onmessage = () => wake?.();
  return () =>
    new Promise<void>((resolve) => {
      wake = resolve;
      channel.port2.postMessage(null);
    });
}

/** The worker's loop over the pool's shared slots: claim, run, answer; poll a while when idle, then sleep. */
class SharedLoop {
  readonly #shape: ChannelShape;
  readonly #id: number;
  readonly #ctrl: Int32Array;
  readonly #own: Int32Array;
  readonly #data: Cursor;
  readonly #pollMs: number;
  readonly #concurrency: number;
  /**
   * Calls this worker may still take from the slots. Counted here, where they are taken: the pool counts answers, and
   * in a burst a worker at its maxTasksPerWorker had already taken more before the pool's count caught up (5 recycles
   * instead of 8 for 17 calls at 2 a worker, on a loaded machine).
   */
  #callsLeft: number;
  readonly #table: Array<(...a: unknown[]) => unknown>;
  readonly #reply: (id: number, outcome: Outcome) => void;
  readonly #nudgeMain: () => void;
  readonly #yield = macrotask();
  #next = 0;
  #pendingAsync = 0;
  /** Calls taken, and which of them to time: every one, or one in 8 while they are short (see #runSlot). */
  #calls = 0;
  #timeMask = 0;
  #wakeNudge: (() => void) | undefined;
  /** A result was written while the caller slept lazily and this worker went on to another call: wake it once that runs out. */
  #owesWake = false;

  readonly #heapMB: (() => number | undefined) | undefined;

  constructor(
    init: Init,
    table: Array<(...a: unknown[]) => unknown>,
    reply: (id: number, outcome: Outcome) => void,
    nudgeMain: () => void,
    heapMB: (() => number | undefined) | undefined,
  ) {
    this.#nudgeMain = nudgeMain;
    this.#heapMB = heapMB;
    this.#shape = { slots: init.slots, slotBytes: init.slotBytes };
    this.#id = init.worker;
    this.#ctrl = new Int32Array(init.buffer);
    this.#own = new Int32Array(init.own);
    this.#data = new Cursor(init.buffer, 0, init.buffer.byteLength);
    this.#pollMs = init.pollUs / 1000;
    this.#concurrency = init.concurrency;
    this.#callsLeft = init.maxCalls ?? Number.POSITIVE_INFINITY;
    this.#table = table;
    this.#reply = reply;
    void this.#run();
  }

  /** A nudge message arrived: the pool wrote a call while this worker slept without Atomics.waitAsync. */
  wake(): void {
    this.#wakeNudge?.();
  }

  /** Below its concurrency limit and its maxTasksPerWorker: free to claim another call. */
  get #canTake(): boolean {
    return this.#pendingAsync < this.#concurrency && this.#callsLeft > 0;
  }

  get #retired(): boolean {
    return Atomics.load(this.#own, OWN.retired) !== 0;
  }

  async #run(): Promise<void> {
    let burst = performance.now();
    while (!this.#retired) {
      let idleSince = performance.now();
      let ran = 0;
      let idle = 0;
      // Woken by the caller, the word already says it is looking (PARK.woken): the first claim, or a limit reached, clears it.
      let polling = Atomics.load(this.#own, OWN.park) === PARK.woken;
      // Poll: a call written while this worker is still awake costs no wake-up on either side.
      for (;;) {
        const i = this.#canTake ? this.#claim() : -1;
        if (i >= 0) {
          this.#callsLeft--;
          if (polling) {
            Atomics.store(this.#own, OWN.park, PARK.awake);
            polling = false;
          }
          this.#runSlot(i);
          idle = 0;
          // Reading the clock costs as much as a tiny call (80 ns in Deno): only now and then.
          if ((++ran & 15) === 0 || this.#pendingAsync > 0) {
            idleSince = performance.now();
            if (idleSince - burst > YIELD_EVERY_MS) {
              await this.#yield();
              burst = performance.now();
            }
          }
          continue;
        }
        if (this.#owesWake) this.#wakeMain();
        if (ran > 0) {
          idleSince = performance.now();
          ran = 0;
        }
        // Only a worker that can take a call says it is polling: one at its concurrency limit must not keep the caller from waking another.
        const canTake = this.#canTake;
        if (canTake !== polling) {
          Atomics.store(this.#own, OWN.park, canTake ? PARK.polling : PARK.awake);
          polling = canTake;
        }
        if (this.#pendingAsync > 0) {
          // Async calls finish in this thread's event loop: let it run between looks.
          await this.#yield();
          burst = performance.now();
        }
        if ((++idle & 31) !== 0) continue;
        if (this.#retired) {
          Atomics.store(this.#own, OWN.park, PARK.awake); // no longer looking for calls
          return;
        }
        if (performance.now() - idleSince > this.#pollMs) break;
      }
      await this.#sleep();
      burst = performance.now();
    }
  }

  async #sleep(): Promise<void> {
    const own = this.#own;
    const viaWaitAsync = hasWaitAsync();
    Atomics.store(own, OWN.park, viaWaitAsync ? PARK.waitAsync : PARK.nudge);
    // The last look, after announcing the sleep: a call written since is either seen here or wakes us.
    if ((this.#canTake && this.#hasRequest()) || this.#retired) {
      Atomics.store(own, OWN.park, PARK.awake);
      return;
    }
    if (viaWaitAsync) {
      await waitAsync(own, OWN.park, PARK.waitAsync);
    } else {
      await new Promise<void>((resolve) => (this.#wakeNudge = resolve));
      this.#wakeNudge = undefined;
    }
    // Woken by the caller, the word stays PARK.woken until #run polls or claims; woken otherwise, it is awake.
    if (Atomics.load(own, OWN.park) !== PARK.woken) Atomics.store(own, OWN.park, PARK.awake);
    // The event loop ran while asleep: give it one more turn so messages queued behind the wake-up are handled.
    await this.#yield();
  }

  #wakeSelf(): void {
    wakeParked(this.#own, OWN.park, () => this.#wakeNudge?.());
  }

  #hasRequest(): boolean {
    for (let w = 0; w < CTRL.bitmapWords; w++) if (Atomics.load(this.#ctrl, CTRL.posted + w) !== 0) return true;
    return false;
  }

  /** Claims a posted request, starting after the last one taken (roughly first come, first served). */
  #claim(): number {
    const ctrl = this.#ctrl;
    const mine = running(this.#id);
    const words = CTRL.bitmapWords;
    const from = this.#next;
    for (let k = 0; k <= words; k++) {
      const w = ((from >> 5) + k) % words;
      let bits = Atomics.load(ctrl, CTRL.posted + w);
      if (bits === 0) continue;
      // In the first word, bits at or after `from` go first.
      if (k === 0) {
        const later = bits & (-1 << (from & 31));
        if (later !== 0) bits = later;
      }
      while (bits !== 0) {
        const b = 31 - Math.clz32(bits & -bits);
        bits &= bits - 1;
        const i = (w << 5) | b;
        const at = CTRL.words + i * HEAD.words + HEAD.state;
        if (Atomics.compareExchange(ctrl, at, STATE.request, mine) !== STATE.request) continue;
        // Cleared by the winner before the call runs, so before the slot can be posted again.
        Atomics.and(ctrl, CTRL.posted + w, ~(1 << b));
        // Retired between the look and the claim: give it back for another worker.
        if (this.#retired) {
          Atomics.compareExchange(ctrl, at, mine, STATE.request);
          Atomics.or(ctrl, CTRL.posted + w, 1 << b);
          return -1;
        }
        Atomics.store(ctrl, CTRL.words + i * HEAD.words + HEAD.owner, this.#id);
        this.#next = (i + 1) % (words << 5);
        return i;
      }
    }
    return -1;
  }

  #runSlot(i: number): void {
    const head = CTRL.words + i * HEAD.words;
    const ctrl = this.#ctrl;
    const c = this.#data;
    const base = dataOffset(this.#shape, i);
    c.reset(base, base + this.#shape.slotBytes);
    const method = c.dv.getInt32(c.pos, true);
    c.pos += 4;
    const args = decode(c) as unknown[];
    const callId = Atomics.load(ctrl, head + HEAD.callId);
    // Timed here, where it runs: the caller cannot see when a worker took the call (pool.stats' run and wait times).
    // Calls under 20 µs are timed one in 8, since the clock itself costs 35–85 ns a reading.
    const t0 = (++this.#calls & this.#timeMask) === 0 ? performance.now() : -1;
    let value: unknown;
    try {
      value = this.#table[method]!(...args);
    } catch (thrown) {
      this.#answer(i, callId, t0, { ok: false, thrown });
      return;
    }
    if (!isThenable(value)) {
      this.#answerValue(i, callId, t0, value);
      return;
    }
    this.#pendingAsync++;
    const done = (outcome: Outcome) => {
      this.#answer(i, callId, t0, outcome);
      this.#pendingAsync--;
      this.#wakeSelf(); // asleep at its concurrency limit, it can take a waiting call now
    };
    Promise.resolve(value).then(
      (v) => done({ ok: true, value: v }),
      (thrown) => done({ ok: false, thrown }),
    );
  }

  /** A call returned `value` at once: the common case, with no outcome object made unless the slot cannot hold it. */
  #answerValue(i: number, callId: number, t0: number, value: unknown): void {
    const c = this.#data;
    const base = dataOffset(this.#shape, i);
    if (!this.#claimWrite(i, t0)) return;
    if (encode(c.reset(base, base + this.#shape.slotBytes), value)) this.#finish(i, STATE.response);
    else this.#finish(i, STATE.byMessage, callId, { ok: true, value });
  }

  /** Writes the outcome into slot `i`, or sends it by message when the slot cannot hold it. */
  #answer(i: number, callId: number, t0: number, outcome: Outcome): void {
    if (!outcome.ok) {
      if (this.#claimWrite(i, t0)) this.#finish(i, STATE.byMessage, callId, outcome);
      return;
    }
    this.#answerValue(i, callId, t0, outcome.value);
  }

  /** The caller gave up on this call (timeout, abort) and may have reused the slot: then write nothing. Else notes the run time. */
  #claimWrite(i: number, t0: number): boolean {
    const head = CTRL.words + i * HEAD.words;
    if (Atomics.compareExchange(this.#ctrl, head + HEAD.state, running(this.#id), writing(this.#id)) !== running(this.#id)) return false;
    let runUs = -1; // not timed
    if (t0 >= 0) {
      runUs = Math.min(0x7fffffff, Math.round((performance.now() - t0) * 1000));
      this.#timeMask = runUs >= 20 ? 0 : 7;
    }
    Atomics.store(this.#ctrl, head + HEAD.runUs, runUs);
    return true;
  }

  #finish(i: number, state: number, callId = 0, outcome?: Outcome): void {
    const ctrl = this.#ctrl;
    // Before the result is flagged: the pool reads it when it collects the result.
    if (this.#heapMB) Atomics.store(this.#own, OWN.heapMB, this.#heapMB() ?? 0);
    Atomics.store(ctrl, CTRL.words + i * HEAD.words + HEAD.state, state);
    // Flagged before the message leaves: the pool looks at the slots when the message arrives, and must find this one.
    Atomics.or(ctrl, CTRL.done + (i >> 5), 1 << (i & 31));
    if (outcome) this.#reply(callId, outcome);
    if (Atomics.load(ctrl, CTRL.mainPark) === PARK.lazy && this.#canTake && !this.#retired && this.#hasRequest()) this.#owesWake = true;
    else this.#wakeMain();
  }

  #wakeMain(): void {
    this.#owesWake = false;
    wakeParked(this.#ctrl, CTRL.mainPark, this.#nudgeMain);
  }
}
