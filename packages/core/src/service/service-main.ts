import type { BenchWorkerApi } from "../bench-kit/worker-api.ts";
import { Pool } from "../pool/pool.ts";
import type { RuntimeAdapter } from "../probe/runtime-probe.ts";
import { ServiceHandler } from "./handler.ts";
import { parseServiceOptions, type ServiceOptions } from "./options.ts";

export interface ServiceHost {
  /** Receives one JSON line once the server listens: `{"port":N}`. */
  stdout(text: string): void;
  /** Receives the one-line error when the service cannot start. */
  stderr(text: string): void;
  /** Resolves when the service must stop: SIGTERM, SIGINT, or its stdin closing (the parent went away). */
  stopped: Promise<unknown>;
}

/** The line a service prints once it listens; the generator starts from it. */
export interface ServiceReady {
  port: number;
  pid?: number;
}

/**
 * The body of every runtime's service program: options JSON in, a server on
 * 127.0.0.1 until told to stop, then the server and the pool closed. Returns
 * the exit code: 2 for options it cannot read, 1 when it cannot start.
 */
export async function serviceMain(optionsJson: string | undefined, adapter: RuntimeAdapter, host: ServiceHost, pid?: number): Promise<number> {
  const say = (error: unknown) => host.stderr(`threadlab service: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}\n`);
  let options: ServiceOptions;
  try {
    options = parseServiceOptions(optionsJson);
  } catch (error) {
    say(error);
    return 2;
  }
  const serve = adapter.io?.serve;
  if (!serve) {
    say(`${adapter.runtime().name} has no HTTP server here`);
    return 1;
  }
  let pool: Pool<BenchWorkerApi> | undefined;
  let handler: ServiceHandler | undefined;
  try {
    if (options.mode === "pool") {
      pool = new Pool<BenchWorkerApi>(adapter, adapter.benchWorkerUrl, { size: options.threads, name: "threadlab-service" });
      await pool.ready();
    }
    handler = new ServiceHandler({ ioDelayMs: options.ioDelayMs, now: () => adapter.now(), corrupt: options.corrupt, ...(pool ? { pool } : {}) });
    const server = await serve(handler.handle, { port: options.port, reusePort: options.reusePort });
    const ready: ServiceReady = { port: server.port, ...(pid === undefined ? {} : { pid }) };
    host.stdout(`${JSON.stringify(ready)}\n`);
    await host.stopped;
    await server.close();
    return 0;
  } catch (error) {
    say(error);
    return 1;
  } finally {
    handler?.stop();
    await pool?.close();
  }
}
