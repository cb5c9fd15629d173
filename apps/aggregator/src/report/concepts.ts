import type { RuntimeName } from "@threadlab/core";

/**
 * The seed's four concepts, in the project's own words: what each is, when it
 * helps, how each runtime provides it, what it costs, and which measured
 * scenario measures it. Shared by report.md and report.html.
 */
export interface Concept {
  id: string;
  title: string;
  definition: string;
  useCase: string;
  implementation: Record<RuntimeName, string>;
  overheads: string;
  /** How threadlab's scenario puts the concept to work. */
  scenario: string;
}

export const CONCEPTS: readonly Concept[] = [
  {
    id: "async",
    title: "Asynchronous processing",
    definition:
      "Starting an operation and carrying on without waiting for it: the program is told later, through a callback or a promise, that the result is ready. Nothing runs in parallel; the waiting overlaps.",
    useCase:
      "Work that is mostly waiting: network requests, file reads, timers, database queries. Ten requests of 50 ms awaited together take about 50 ms, not 500 ms. CPU-heavy work gains nothing, because the one thread still does it all.",
    implementation: {
      node: "One event loop per thread (libuv): I/O is handed to the operating system or libuv's thread pool, and promise callbacks run when it completes.",
      deno: "The same model on Tokio: `fetch`, `Deno.readFile` and timers return promises resolved by the event loop.",
      bun: "The same model on Bun's own event loop (in Zig) with JavaScriptCore's promise jobs.",
      chromium: "The page's event loop: `fetch`, timers and IndexedDB complete asynchronously; the main thread must never block, or the page freezes.",
    },
    overheads:
      "A promise allocation and a microtask per step, and a trip around the event loop per completion: microseconds, negligible next to I/O, but it adds up over millions of tiny awaits. A long synchronous stretch delays every pending callback: the event-loop lag column shows how long the loop was blocked.",
    scenario:
      "The `async` experiment starts a loopback HTTP server on 127.0.0.1 (in the browser, the runner's own server) that answers after a fixed delay, and also reads a temporary file and waits on timers. K operations are awaited one by one, all at once, and at most four at a time, on one thread. The same pattern around CPU work (Mandelbrot rows) is the control: it gets no faster.",
  },
  {
    id: "concurrency",
    title: "Concurrency on one core",
    definition:
      "Several tasks in progress over the same period, taking turns on one thread or core. Each makes progress; none runs at the same instant as another.",
    useCase:
      "Keeping a program responsive while it works: a server that answers new requests while a report renders, a page that still scrolls while it processes data. Long jobs are cut into slices that yield to the event loop between them.",
    implementation: {
      node: "Cooperative: slices end with `await` on `setImmediate`, `setTimeout(0)` or a `MessageChannel` message, letting other callbacks in.",
      deno: "Cooperative, as in Node: yield with a timer or `MessageChannel`; one isolate runs one slice at a time.",
      bun: "Cooperative, as in Node; Bun also supports `setImmediate`.",
      chromium: "Cooperative on the main thread: `setTimeout`, `MessageChannel` or `scheduler.postTask` between slices so input and rendering get their turn.",
    },
    overheads:
      "Every switch costs: saving where the task was (a closure and a promise here, registers and stacks for OS threads), a trip through the event loop, and colder caches. Total time never improves; it gets a little worse, which is the price of responsiveness.",
    scenario:
      "The `interleaved` strategy runs each workload on the calling thread cut into slices, yielding to the event loop once per 10 ms of work through a `MessageChannel` message, while a 10 ms ticker measures event-loop lag; `noop` yields after every slice through `setTimeout(0)` and through a `MessageChannel`, which times the switch alone. The `responsiveness` experiment runs a long Mandelbrot inline and then in a worker with the same ticker: the chef cooking versus an assistant cooking.",
  },
  {
    id: "parallelism",
    title: "Parallelism",
    definition:
      "Parts of one job running at the same instant on different cores. The job is split into pieces, the pieces run simultaneously, and the results are combined.",
    useCase:
      "CPU-bound work that divides into independent parts: image rows, ranges of permutations, matrix rows, batches of requests. On p cores the ideal is p times faster; the serial part and the cost of splitting, sending and combining set the real limit (Amdahl's law).",
    implementation: {
      node: "`worker_threads`: each worker is a separate V8 isolate with its own event loop and heap, talking by `postMessage` (structured clone or transfer). threadlab's pool puts its calls in a `SharedArrayBuffer` that every worker takes the next call from, so a worker that finishes a part starts the next without a message round trip.",
      deno: "A separate V8 isolate per worker. threadlab starts them through Deno's `node:worker_threads` (its Web `Worker` cannot be stopped in a loop without keeping the process alive). Deno used to scale worse than Node here: with one call per worker sent by message, each worker waited for the main thread to receive its result and send the next part, and that hand-off is slower through Deno's `node:worker_threads` than through Node's. Since calls wait in shared memory, a worker takes its next part at once, and Deno's speed-ups match Node's (compare the `workers(n)` rows).",
      bun: "Web-standard `Worker` on JavaScriptCore, one thread and heap per worker.",
      chromium: "Web Workers: separate threads with their own global scope; no DOM access, messages only (or shared memory when the page is cross-origin isolated).",
    },
    overheads:
      "Starting workers (milliseconds each: a new isolate and module load), copying inputs and results between heaps, waiting for the slowest part (load imbalance), and cores shared with everything else on the machine. More workers than cores adds context switching and no speed. The Karp–Flatt column estimates the serial fraction these overheads amount to.",
    scenario:
      "The `workers(n)` strategy splits each workload into parts (rows, permutation ranges, matrix rows, batches of trees) that a pool of n workers takes from a shared queue, at several worker counts including more than there are cores. `processes(n)` runs the same parts in child processes, to set process start-up and pipe messaging beside threads'.",
  },
  {
    id: "multithreading",
    title: "Multithreading with shared memory",
    definition:
      "Several threads in one process working on the same memory. In JavaScript the only shared memory is a `SharedArrayBuffer`; everything else is copied between threads.",
    useCase:
      "Workers that must cooperate on one large data set without copying it: a shared bitmap filled by rows claimed from an atomic counter, a shared queue, a counter every worker updates.",
    implementation: {
      node: "`SharedArrayBuffer` passed to workers, coordinated with `Atomics` (`add`, `compareExchange`, `wait`/`notify`).",
      deno: "The same `SharedArrayBuffer` and `Atomics` as the web platform.",
      bun: "The same `SharedArrayBuffer` and `Atomics`, on JavaScriptCore.",
      chromium: "Available only when the page is cross-origin isolated (COOP + COEP headers); `Atomics.wait` is not allowed on the main thread.",
    },
    overheads:
      "Races: two threads doing read-modify-write on plain memory lose updates, so every shared update needs an atomic operation or a lock. Atomics cost more than plain writes, contention on one location serialises the threads, and a lock built on `Atomics.wait`/`notify` adds a sleep and wake-up per hand-off.",
    scenario:
      "The `shared(n)` strategy has n workers draw Mandelbrot into one SharedArrayBuffer, each claiming rows from a counter with `Atomics.add`. The `race` experiment has n workers increment one shared counter with plain writes, with `Atomics.add`, and under a lock built on `Atomics.wait`/`notify`, counting the updates lost.",
  },
];
