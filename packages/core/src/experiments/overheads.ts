import { wrap } from "comlink";
import { transfer } from "../channel/transfer.ts";
import { processAdapter } from "../bench-kit/process-adapter.ts";
import { CONTROL, type BenchWorkerApi } from "../bench-kit/worker-api.ts";
import type { Plan } from "../schema/plan.ts";
import { Pool } from "../pool/pool.ts";
import type { OverheadsResult } from "../schema/result.ts";
import type { RuntimeAdapter } from "../probe/runtime-probe.ts";
import { summarize, type Summary } from "../stats/stats.ts";
import { measure, settledLater, until } from "./measure.ts";
import { byPreset } from "../workloads/types.ts";
import type { Skip } from "./run-experiments.ts";

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * Untimed rounds before a round trip is timed: a pool, comlink or a port
 * needs a few thousand calls before its code is compiled, and at the default
 * preset's 500 calls a round one warm-up round left the first samples cold
 * (Node's pool read 23 µs where it settles near 1 µs).
 */
const RTT_WARMUP = 8;

/** Start-up to first answer, `samples` times; closing is not timed. */
async function startup(adapter: RuntimeAdapter, samples: number, timeout: number): Promise<Summary> {
  const times: number[] = [];
  for (let i = 0; i <= samples; i++) {
    const t0 = adapter.now();
    const pool = new Pool<BenchWorkerApi>(adapter, adapter.benchWorkerUrl, { size: 1, timeout });
    try {
      await pool.ready();
      if (i > 0) times.push(adapter.now() - t0); // the first start also loads code: a warm-up
    } finally {
      await pool.close();
    }
  }
  return summarize(times);
}

/** comlink, the well-known RPC library, on its own MessagePort: the reference the pool's transport is measured against. */
async function comlinkRtt(adapter: RuntimeAdapter, pool: Pool<BenchWorkerApi>, samples: number, rounds: number) {
  const { port1, port2 } = new MessageChannel();
  try {
    await pool.api.comlinkOn(transfer(port2, [port2]));
    const remote = wrap<BenchWorkerApi>(port1 as unknown as Parameters<typeof wrap>[0]);
    return await measure(
      adapter,
      samples,
      async () => {
        for (let r = 0; r < rounds; r++) await remote.ping();
      },
      { per: rounds, unit: "us", warmup: RTT_WARMUP },
    );
  } finally {
    port1.close();
  }
}

/** Raw postMessage round trips over a MessagePort the worker echoes on: no RPC layer. */
async function postMessageRtt(adapter: RuntimeAdapter, pool: Pool<BenchWorkerApi>, samples: number, rounds: number) {
  const { port1, port2 } = new MessageChannel();
  try {
    await pool.api.echoOn(transfer(port2, [port2]));
    let wake: (() => void) | undefined;
    port1.onmessage = () => wake?.();
    const roundTrip = () =>
      new Promise<void>((resolve) => {
        wake = resolve;
        port1.postMessage(0);
      });
    return await measure(
      adapter,
      samples,
      async () => {
        for (let r = 0; r < rounds; r++) await roundTrip();
      },
      { per: rounds, unit: "us", warmup: RTT_WARMUP },
    );
  } finally {
    port1.close();
  }
}

/** A SharedArrayBuffer ping-pong between two workers; the pinging side times it. */
async function atomicsRtt(pool: Pool<BenchWorkerApi>, mode: "wait" | "adaptive" | "spin", samples: number, rounds: number): Promise<Summary> {
  const us: number[] = [];
  for (let i = 0; i <= samples; i++) {
    const control = new SharedArrayBuffer(CONTROL.words * 4);
    const a = new Int32Array(control);
    const both = settledLater([pool.api.pingPong(control, "pong", mode, rounds), pool.api.pingPong(control, "ping", mode, rounds)]);
    await Promise.race([until(() => Atomics.load(a, CONTROL.ready) === 2), both]);
    Atomics.store(a, CONTROL.go, 1);
    const perRound = (await both)[1]!;
    if (i > 0) us.push(perRound);
  }
  return summarize(us);
}

function payloadObject(bytes: number): { items: Array<{ id: number; name: string; value: number }> } {
  // About 40 bytes of JSON per item, so the object is roughly `bytes` big.
  return { items: Array.from({ length: Math.max(1, Math.round(bytes / 40)) }, (_, i) => ({ id: i, name: `item ${i}`, value: i / 2 })) };
}

/**
 * The overheads suite: what starting a worker or process, one message round
 * trip, and moving a payload cost, and the memory an idle worker holds.
 */
export async function overheadsExperiment(plan: Plan, adapter: RuntimeAdapter, skip: Skip): Promise<OverheadsResult> {
  // Smoke only shows that every mechanism runs: three starts of each kind (a Deno process takes 0.1-0.3 s to start), 50
  // round trips a mechanism (one costs up to 0.2 ms here when the worker has to be woken), payloads to 64 KiB.
  const samples = plan.preset === "smoke" ? 3 : Math.max(5, plan.samples);
  const rounds = byPreset(plan.preset, [50, 200, 500, 5000]);
  const timeout = plan.taskTimeoutMs;
  const shared = typeof SharedArrayBuffer !== "undefined";
  const result: OverheadsResult = { roundTripUs: {}, payload: [] };

  result.workerStartupMs = await startup(adapter, samples, timeout);
  if (adapter.startProcess) result.processStartupMs = await startup(processAdapter(adapter), samples, timeout);
  else skip("process-startup", "not applicable: this runtime cannot start child processes");

  const one = new Pool<BenchWorkerApi>(adapter, adapter.benchWorkerUrl, { size: 1, timeout });
  try {
    await one.ready();
    try {
      result.roundTripUs.postMessage = await postMessageRtt(adapter, one, samples, rounds);
    } catch (error) {
      skip("postMessage", `a MessagePort could not be sent to a worker: ${error instanceof Error ? error.message : String(error)}`);
    }
    result.roundTripUs.pool = await measure(
      adapter,
      samples,
      async () => {
        for (let r = 0; r < rounds; r++) await one.api.ping();
      },
      { per: rounds, unit: "us", warmup: RTT_WARMUP },
    );
    try {
      result.roundTripUs.comlink = await comlinkRtt(adapter, one, samples, rounds);
    } catch (error) {
      skip("comlink", `comlink could not be served on a MessagePort: ${error instanceof Error ? error.message : String(error)}`);
    }

    const sizes = byPreset(plan.preset, [
      [KiB, 64 * KiB],
      [KiB, 64 * KiB, MiB],
      [KiB, 64 * KiB, MiB, 16 * MiB],
      [KiB, 64 * KiB, MiB, 16 * MiB],
    ]);
    for (const bytes of sizes) {
      const n = bytes >= 16 * MiB ? Math.min(samples, 5) : samples;
      const add = (transport: "clone" | "transfer" | "shared", shape: "bytes" | "object", summary: Summary) =>
        result.payload.push({ transport, shape, bytes, summary, mbPerSecond: bytes / 1e6 / (summary.median / 1e3) });

      const buffer = new ArrayBuffer(bytes);
      add("clone", "bytes", await measure(adapter, n, () => one.api.consume(buffer)));
      const transferTimes: number[] = [];
      for (let i = 0; i <= n; i++) {
        const moving = new ArrayBuffer(bytes); // allocated outside the timed call
        const t0 = adapter.now();
        await one.api.consume(transfer(moving, [moving]));
        if (i > 0) transferTimes.push(adapter.now() - t0);
      }
      add("transfer", "bytes", summarize(transferTimes));
      if (shared) {
        const sab = new SharedArrayBuffer(bytes);
        add("shared", "bytes", await measure(adapter, n, () => one.api.consume(sab)));
      }
      // A 16 MiB object graph (400,000 objects) costs seconds to build and clone: only the full preset times it.
      if (bytes < 16 * MiB || plan.preset === "full") {
        const object = payloadObject(bytes);
        add("clone", "object", await measure(adapter, n, () => one.api.consume(object)));
      }
    }
    if (!shared) skip("payload-shared", "not applicable: SharedArrayBuffer is unavailable here");
  } finally {
    await one.close();
  }

  if (shared) {
    const two = new Pool<BenchWorkerApi>(adapter, adapter.benchWorkerUrl, { size: 2, timeout });
    try {
      await two.ready();
      result.roundTripUs.atomicsWait = await atomicsRtt(two, "wait", samples, rounds);
      result.roundTripUs.atomicsAdaptive = await atomicsRtt(two, "adaptive", samples, rounds);
      result.roundTripUs.atomicsSpin = await atomicsRtt(two, "spin", samples, rounds);
    } finally {
      await two.close();
    }
  } else {
    skip("atomics", "not applicable: SharedArrayBuffer is unavailable here");
  }

  const before = adapter.memory()?.rssBytes;
  if (before !== undefined) {
    const idle = 4;
    const pool = new Pool<BenchWorkerApi>(adapter, adapter.benchWorkerUrl, { size: idle, timeout });
    try {
      await pool.ready();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const after = adapter.memory()?.rssBytes;
      // Some runtimes map worker memory lazily or report RSS coarsely: no growth is no measurement, not zero bytes.
      if (after !== undefined && after > before) result.idleWorkerBytes = (after - before) / idle;
      else skip("idle-memory", "the process's resident memory did not grow measurably after starting 4 idle workers");
    } finally {
      await pool.close();
    }
  } else {
    skip("idle-memory", "not applicable: this runtime does not report its process memory");
  }
  return result;
}
