/*
 * The messages between a pool and its workers. Calls travel through shared
 * memory where the runtime has it (see layout.ts); these messages start a
 * worker, wake a sleeper where Atomics.waitAsync is missing, and carry every
 * call or result that shared memory cannot (transfer lists, Map, Date, class
 * instances, thrown errors, large payloads). Where there is no shared memory
 * at all, every call travels as a `call` message: the lean fallback.
 */

/** Worker → pool, once `expose()` has installed its handler: calls may be sent now. */
export interface Hello {
  t: "hello";
  methods: string[];
}

/** Pool → worker: serve calls from this buffer. */
export interface Init {
  t: "init";
  buffer: SharedArrayBuffer;
  own: SharedArrayBuffer;
  worker: number;
  slots: number;
  slotBytes: number;
  /** Microseconds a worker keeps polling after its last call before it sleeps. */
  pollUs: number;
  /** Calls one worker runs at once: a call returning a promise lets it take another, up to this many. */
  concurrency: number;
  /** Note the worker's heap in its own buffer after every call (the pool's maxHeapMB). */
  heapCheck: boolean;
  /** Calls this worker takes from the slots in its life (the pool's maxTasksPerWorker); absent: no limit. */
  maxCalls?: number;
}

/** Pool → worker: one call by message. */
export interface Call {
  t: "call";
  id: number;
  m: string;
  a: unknown[];
  /** Send the heap size back with the answer (the pool's maxHeapMB). */
  h?: 1;
}

/** Worker → pool: the call returned `v`. */
export interface Return {
  t: "ret";
  id: number;
  v: unknown;
  /** The worker's heap in MiB after the call, when the call asked. */
  h?: number;
}

/** Worker → pool: the call threw. */
export interface Throw {
  t: "err";
  id: number;
  e: SerializedThrow;
  h?: number;
}

/** Either side: look at the shared buffer (the sleeper had no Atomics.waitAsync). */
export interface Nudge {
  t: "nudge";
}

/** Worker → pool: the worker is ending itself (self.close()), which a page is never told about. */
export interface Bye {
  t: "bye";
}

export type ToWorker = Init | Call | Nudge;
export type ToPool = Hello | Return | Throw | Nudge | Bye;

export function messageOf<T extends { t: string }>(data: unknown): T | undefined {
  return typeof data === "object" && data !== null && typeof (data as { t?: unknown }).t === "string" ? (data as T) : undefined;
}

/**
 * A thrown value as it crosses: an Error keeps its class (built-ins by name),
 * message, stack, `cause` chain and own enumerable properties that can be
 * cloned; anything else that was thrown crosses as it is.
 */
export type SerializedThrow =
  | { error: false; value: unknown }
  | { error: true; name: string; message: string; stack?: string; cause?: SerializedThrow; props?: Record<string, unknown> };

const BUILT_IN: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

export function serializeThrow(thrown: unknown, depth = 0): SerializedThrow {
  if (!(thrown instanceof Error)) return { error: false, value: thrown };
  const out: SerializedThrow = { error: true, name: thrown.name, message: thrown.message };
  if (thrown.stack !== undefined) out.stack = thrown.stack;
  if ("cause" in thrown && depth < 8) out.cause = serializeThrow(thrown.cause, depth + 1);
  const props: Record<string, unknown> = {};
  let any = false;
  for (const key of Object.keys(thrown)) {
    if (key === "cause" || key === "stack" || key === "message") continue;
    const v = (thrown as unknown as Record<string, unknown>)[key];
    if (typeof v === "function" || typeof v === "symbol") continue;
    props[key] = v;
    any = true;
  }
  if (any) out.props = props;
  return out;
}

export function deserializeThrow(s: SerializedThrow): unknown {
  if (!s.error) return s.value;
  const Ctor = BUILT_IN[s.name] ?? Error;
  const error = s.cause !== undefined ? new Ctor(s.message, { cause: deserializeThrow(s.cause) }) : new Ctor(s.message);
  if (error.name !== s.name) Object.defineProperty(error, "name", { value: s.name, configurable: true, writable: true });
  if (s.stack !== undefined) error.stack = s.stack;
  if (s.props) Object.assign(error, s.props);
  return error;
}
