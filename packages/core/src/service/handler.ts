import type { Lag } from "../bench-kit/lag-monitor.ts";
import { LagMonitor } from "../bench-kit/lag-monitor.ts";
import type { BenchWorkerApi } from "../bench-kit/worker-api.ts";
import type { Pool } from "../pool/pool.ts";
import { spin, spinRate } from "../workloads/spin.ts";
import type { HttpReply } from "../probe/runtime-probe.ts";

export interface HandlerOptions {
  ioDelayMs: number;
  /** The pool the kernel goes to; without one, the kernel runs on the event loop. */
  pool?: Pool<BenchWorkerApi>;
  now(): number;
  corrupt?: boolean;
}

const json = (status: number, value: unknown): HttpReply => ({ status, body: JSON.stringify(value) });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The service's routes, the same in every runtime (the adapter only turns its
 * server's requests into a path and a reply back):
 * - `/work?i=<iterations>&s=<seed>` awaits the I/O step, runs the spin kernel
 *   inline or through the pool, answers `{"s":seed,"a":answer}`;
 * - `/health` answers at once: how responsive the loop stays under load;
 * - `/calibrate` spin iterations per µs on this thread (before any load);
 * - `/lag` the event-loop lag since the last `/lag`, then starts over.
 */
export class ServiceHandler {
  #lag: LagMonitor;

  constructor(private readonly options: HandlerOptions) {
    this.#lag = new LagMonitor(options.now);
    this.#lag.start();
  }

  readonly handle = async (path: string): Promise<HttpReply> => {
    const q = path.indexOf("?");
    const route = q < 0 ? path : path.slice(0, q);
    switch (route) {
      case "/work":
        return this.#work(new URLSearchParams(q < 0 ? "" : path.slice(q + 1)));
      case "/health":
        return json(200, { ok: true });
      case "/calibrate":
        return json(200, { itersPerUs: spinRate(this.options.now) });
      case "/lag":
        return json(200, this.#restartLag());
      default:
        return json(404, { error: `no route ${route}` });
    }
  };

  async #work(query: URLSearchParams): Promise<HttpReply> {
    const iterations = Number(query.get("i"));
    const seed = Number(query.get("s"));
    if (!Number.isInteger(iterations) || iterations < 0 || !Number.isInteger(seed)) return json(400, { error: "i and s must be integers" });
    await sleep(this.options.ioDelayMs);
    const { pool } = this.options;
    const answer = pool ? await pool.api.spin({ iterations, seed }) : spin({ iterations, seed });
    return json(200, { s: seed, a: this.options.corrupt ? (answer + 1) >>> 0 : answer });
  }

  #restartLag(): Lag {
    const lag = this.#lag.stop();
    this.#lag = new LagMonitor(this.options.now);
    this.#lag.start();
    return lag;
  }

  stop(): void {
    this.#lag.stop();
  }
}
