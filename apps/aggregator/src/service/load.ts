/**
 * An open-loop HTTP load generator (the wrk2 way, free of coordinated
 * omission): request i is due at t0 + i/rate whether or not earlier ones were
 * answered, and its latency runs from that due time, so a server that stalls,
 * or a generator that cannot keep up, shows in the latencies instead of
 * quietly lowering the rate offered.
 */
import { spawn } from "node:child_process";
import { Agent, request, type ClientRequest, type ClientRequestArgs, type IncomingMessage } from "node:http";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import type { Duplex } from "node:stream";
import { PACKAGE_ROOT } from "../pools/paths.ts";
import { LatencyRecorder } from "./latency.ts";
import type { StepResult } from "./types.ts";

export interface StepSpec {
  /** e.g. "http://127.0.0.1:41234" */
  base: string;
  /** Path and query of the i-th work request. */
  path(i: number): string;
  /** false => counted in `wrong`. */
  verify(body: string, i: number): boolean;
  /** Arrivals per second. */
  rateRps: number;
  /** How long arrivals are scheduled. */
  durationMs: number;
  /** A request still unanswered this long after its scheduled time is aborted, counted in `timeouts`. */
  timeoutMs: number;
  /** At most this many sockets (keep-alive); requests beyond wait for one, and that wait counts in latency. */
  connections: number;
  /** A second, low-rate open-loop stream on its own histogram and its own sockets, so it never queues behind work requests in the client. */
  health?: { path: string; rateRps: number };
}

export type StepOutcome = Omit<StepResult, "lagMs">;

/** Sockets for the health stream: it is low-rate, a couple absorb a stalled answer without queueing the next probe. */
const HEALTH_CONNECTIONS = 2;

interface Counts {
  sent: number;
  ok: number;
  wrong: number;
  errors: number;
  timeouts: number;
  /** performance.now() of the last answer, for achievedRps. */
  lastAnswerAt: number;
}

type Outcome = "ok" | "wrong" | "errors" | "timeouts";

interface Flight {
  i: number;
  due: number;
  /** "waiting" for one of the stream's connections, "issued" to the agent, or "done" (counted). */
  state: "waiting" | "issued" | "done";
  req: ClientRequest | undefined;
}

/** A queue whose shift() does not move the rest: it holds every request of a step at thousands a second. */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  shift(): T | undefined {
    const item = this.items[this.head];
    if (item === undefined) return undefined;
    this.head++;
    if (this.head === this.items.length || (this.head > 1024 && this.head * 2 > this.items.length)) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  drain(): T[] {
    const rest = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return rest;
  }
}

/**
 * A keep-alive agent that can be shut for good. Agent.destroy() closes the
 * sockets it holds at the time, but a socket still connecting for a request
 * queued inside the agent arrives later and would then sit idle in its pool:
 * this one tracks every socket it makes and destroys any made after the end.
 */
class StepAgent extends Agent {
  private readonly made = new Set<Duplex>();
  private shut = false;

  override createConnection(options: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const socket = super.createConnection(options, callback);
    if (socket) {
      if (this.shut) socket.destroy();
      this.made.add(socket);
      socket.once("close", () => this.made.delete(socket));
    }
    return socket;
  }

  override destroy(): void {
    this.shut = true;
    super.destroy();
    for (const socket of this.made) socket.destroy();
  }
}

interface StreamOptions extends Omit<StepSpec, "base" | "health"> {
  host: string;
  port: number;
  /** Where each send's lateness behind its schedule goes (shared by the step's streams). */
  lateness: LatencyRecorder;
  /** Called when a request ends, so the step can tell when nothing is left. */
  onEnd(): void;
}

/**
 * One fixed-rate stream of GET requests over at most `connections` keep-alive
 * sockets. Requests beyond that wait here rather than in the agent's own queue:
 * one that times out while waiting then never touches a socket, and the agent
 * is never left making sockets for requests already given up on.
 */
class Stream {
  readonly counts: Counts = { sent: 0, ok: 0, wrong: 0, errors: 0, timeouts: 0, lastAnswerAt: 0 };
  readonly latency = new LatencyRecorder();
  /** Scheduled and not yet ended, waiting or issued. */
  inFlight = 0;
  private issued = 0;
  private next = 0;
  private stopped = false;
  private dispatching = false;
  private readonly total: number;
  private readonly intervalMs: number;
  private readonly agent: StepAgent;
  // Both in due order: the first unfinished flight is the first to time out.
  private readonly flights = new Fifo<Flight>();
  private readonly waiting = new Fifo<Flight>();

  constructor(
    private readonly o: StreamOptions,
    private readonly t0: number,
  ) {
    this.intervalMs = 1000 / o.rateRps;
    this.total = o.rateRps > 0 ? Math.ceil((o.durationMs * o.rateRps) / 1000) : 0;
    // FIFO hands each request the socket idle longest, which spreads requests over every
    // connection: a cluster of processes sharing a port sees them all, not just one.
    this.agent = new StepAgent({ keepAlive: true, maxSockets: o.connections, maxFreeSockets: o.connections, scheduling: "fifo", noDelay: true });
  }

  /** When the next request is due; Infinity once all have been sent. */
  get nextDue(): number {
    return this.next < this.total ? this.t0 + this.next * this.intervalMs : Infinity;
  }

  get scheduling(): boolean {
    return this.next < this.total;
  }

  /** Sends every request whose time has come: a batch if the loop woke late. */
  sendDue(now: number): void {
    while (this.next < this.total && this.t0 + this.next * this.intervalMs <= now) {
      const i = this.next++;
      const f: Flight = { i, due: this.t0 + i * this.intervalMs, state: "waiting", req: undefined };
      this.o.lateness.record(now - f.due);
      this.counts.sent++;
      this.inFlight++;
      this.flights.push(f);
      this.waiting.push(f);
    }
    this.dispatch();
  }

  /** Aborts requests unanswered `timeoutMs` after their due time; returns when the oldest still open will expire. */
  sweep(now: number): number {
    for (let f = this.flights.peek(); f; f = this.flights.peek()) {
      if (f.state !== "done") {
        if (now - f.due < this.o.timeoutMs) return f.due + this.o.timeoutMs;
        this.abort(f);
      }
      this.flights.shift();
    }
    return Infinity;
  }

  /** Ends the stream early: nothing more is sent, what is open is aborted (counted as timeouts). */
  stop(): void {
    this.stopped = true;
    this.next = this.total;
    this.waiting.drain();
    for (const f of this.flights.drain()) this.abort(f);
  }

  close(): void {
    this.agent.destroy();
  }

  /** Issues waiting requests while a connection is free, dropping those that expired waiting. */
  private dispatch(): void {
    // end() calls back in here; the loop below already picks up the connection it frees.
    if (this.dispatching || this.stopped) return;
    this.dispatching = true;
    const now = performance.now();
    while (this.issued < this.o.connections) {
      const f = this.waiting.shift();
      if (!f) break;
      if (f.state !== "waiting") continue;
      if (now - f.due >= this.o.timeoutMs) this.end(f, "timeouts");
      else this.issue(f);
    }
    this.dispatching = false;
  }

  private issue(f: Flight): void {
    f.state = "issued";
    this.issued++;
    let req: ClientRequest;
    try {
      req = request({ host: this.o.host, port: this.o.port, path: this.o.path(f.i), method: "GET", agent: this.agent });
    } catch {
      // A path http.request refuses (say, with a space in it): nothing went out.
      this.end(f, "errors");
      return;
    }
    f.req = req;
    req.on("error", () => this.end(f, "errors"));
    req.on("response", (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("error", () => this.end(f, "errors"));
      // A connection lost mid-body may end the response without an error event.
      res.on("close", () => {
        if (!res.complete) this.end(f, "errors");
      });
      res.on("end", () => {
        if (f.state === "done") return;
        const at = performance.now();
        if (status < 200 || status > 299) return this.end(f, "errors");
        const good = this.o.verify(body, f.i);
        if (good) this.latency.record(at - f.due);
        this.end(f, good ? "ok" : "wrong", at);
      });
    });
    req.end();
  }

  private abort(f: Flight): void {
    // Destroys its socket too: a keep-alive socket with an answer still owed cannot be reused.
    f.req?.destroy();
    this.end(f, "timeouts");
  }

  /** Counts a request's outcome once, whichever of its events comes first. */
  private end(f: Flight, outcome: Outcome, at?: number): void {
    if (f.state === "done") return;
    if (f.state === "issued") this.issued--;
    f.state = "done";
    f.req = undefined;
    this.counts[outcome]++;
    if (at !== undefined) this.counts.lastAnswerAt = at;
    this.inFlight--;
    this.dispatch();
    this.o.onEnd();
  }
}

/**
 * Holds `spec.rateRps` for `spec.durationMs`, then waits for every request to
 * end (answered, failed or aborted after `timeoutMs`). Resolves with nothing
 * in flight and every socket it opened destroyed. An aborted `signal` stops
 * it early: requests still open are aborted and counted as timeouts, so
 * sent = ok + wrong + errors + timeouts always holds.
 */
export function runStep(spec: StepSpec, signal?: AbortSignal): Promise<StepOutcome> {
  return new Promise((resolve) => {
    const url = new URL(spec.base);
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const port = Number(url.port || 80);
    const t0 = performance.now();
    let timer: NodeJS.Timeout | undefined;
    let finished = false;

    const lateness = new LatencyRecorder();
    const common = { host, port, lateness, durationMs: spec.durationMs, timeoutMs: spec.timeoutMs, onEnd: () => settleIfDone() };
    const work = new Stream({ ...common, path: spec.path, verify: spec.verify, rateRps: spec.rateRps, connections: Math.max(1, spec.connections) }, t0);
    const health = spec.health
      ? new Stream({ ...common, path: () => spec.health!.path, verify: () => true, rateRps: spec.health.rateRps, connections: HEALTH_CONNECTIONS }, t0)
      : undefined;
    const streams = health ? [work, health] : [work];

    function settleIfDone(): void {
      if (finished || streams.some((s) => s.scheduling || s.inFlight > 0)) return;
      finished = true;
      if (timer) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      for (const s of streams) s.close();
      const c = work.counts;
      const spanS = c.ok > 0 ? (c.lastAnswerAt - t0) / 1000 : 0;
      resolve({
        offeredRps: spec.rateRps,
        achievedRps: spanS > 0 ? Math.round((c.ok / spanS) * 10) / 10 : 0,
        sent: c.sent,
        ok: c.ok,
        errors: c.errors,
        timeouts: c.timeouts,
        wrong: c.wrong,
        latency: work.latency.summary(),
        health: health ? health.latency.summary(true) : new LatencyRecorder().summary(),
        ...(lateness.count > 0 ? { generatorLateMs: lateness.summary() } : {}),
      });
    }

    // One turn: send what is due, abort what has expired, then sleep until the next of either.
    // Sleeping on a timer (never setImmediate) keeps a low rate from spinning a core; a timer
    // wakes up to ~1 ms late, and that lateness counts in latency, as it should.
    function tick(): void {
      timer = undefined;
      if (finished) return;
      const now = performance.now();
      let wake = Infinity;
      for (const s of streams) {
        s.sendDue(now);
        wake = Math.min(wake, s.nextDue, s.sweep(now));
      }
      settleIfDone();
      if (!finished && wake < Infinity) timer = setTimeout(tick, Math.max(1, Math.ceil(wake - performance.now())));
    }

    function onAbort(): void {
      for (const s of streams) s.stop();
      settleIfDone();
    }

    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    tick();
  });
}

/** The sink (a server that answers at once) in a child process. */
export interface Sink {
  base: string;
  pid: number;
  /** Kills the child and waits for it to exit. */
  stop(): Promise<void>;
}

/** Started by path so it runs the same from the built CLI and from source. */
export const SINK_FILE = join(PACKAGE_ROOT, "src", "service", "sink.mjs");

const SINK_START_MS = 10_000;

/** Starts the sink; its stdin is a pipe, and it exits when that closes, so it cannot outlive this process. */
export function startSink(): Promise<Sink> {
  const child = spawn(process.execPath, [SINK_FILE], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once("exit", () => done());
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  return new Promise<Sink>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    // Killed without waiting for its exit: a child that failed to spawn never emits one.
    const fail = (why: string): void => {
      clearTimeout(slow);
      lines.close();
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      reject(new Error(`the load sink did not start: ${why}`));
    };
    const slow = setTimeout(() => fail(`no port after ${SINK_START_MS} ms`), SINK_START_MS);
    const onExit = (code: number | null, sig: NodeJS.Signals | null): void => fail(`it exited (${sig ?? code})`);
    child.once("error", (e) => fail(e.message));
    child.once("exit", onExit);
    lines.once("line", (line) => {
      clearTimeout(slow);
      lines.close();
      child.off("exit", onExit);
      let port: number | undefined;
      try {
        port = (JSON.parse(line) as { port?: number }).port;
      } catch {
        // Not the JSON line expected: reported below.
      }
      if (!port || child.pid === undefined) return fail(`it printed ${line}`);
      resolve({ base: `http://127.0.0.1:${port}`, pid: child.pid, stop });
    });
  });
}

export interface CapacityOptions {
  /** Each step's length: 1,000 ms unless told. */
  stepMs?: number;
  connections?: number;
  /** The highest rate offered; 64,000/s unless told. */
  maxRps?: number;
  /** Told the sink's pid once it runs (for tests that check it is gone). */
  onSink?: (pid: number) => void;
}

/**
 * The generator's own ceiling: offers rates doubling from 2,000/s to a sink
 * that answers at once, stopping at `maxRps` or when a step falls clearly
 * short of its rate, and returns the highest rate of answered requests per
 * second. The sink is always killed.
 */
export async function measureCapacity(options: CapacityOptions = {}): Promise<number> {
  const { stepMs = 1000, connections = 32, maxRps = 64_000 } = options;
  const sink = await startSink();
  try {
    options.onSink?.(sink.pid);
    let best = 0;
    for (let rate = Math.min(2000, maxRps); rate <= maxRps; rate *= 2) {
      const step = await runStep({ base: sink.base, path: () => "/", verify: () => true, rateRps: rate, durationMs: stepMs, timeoutMs: 2000, connections });
      best = Math.max(best, step.achievedRps);
      // Past the knee: doubling again only measures the generator drowning.
      if (step.achievedRps < rate * 0.9) break;
    }
    return best;
  } finally {
    await sink.stop();
  }
}
