import { serve } from "../src/channel/serve.ts";
import { exitOnce } from "../src/adapter-kit/exit-once.ts";
import type { Endpoint, WorkerExit } from "../src/pool/worker-host.ts";
import type { RuntimeAdapter } from "../src/probe/runtime-probe.ts";

/**
 * The pool's contract, tested on an adapter the test scripts: each "worker"
 * is core's own `serve()` on one end of a MessageChannel in this thread, so
 * the test decides exactly when a worker dies or answers. A dead or replaced
 * worker's loop keeps running (as a thread Deno cannot stop would): its late
 * answers must change nothing.
 */
export interface Scripted {
  index: number;
  /** The worker dies on its own, as a crash or an exit would. */
  die(exit: WorkerExit): void;
  /** The worker ends itself as a page's `self.close()` does: a "bye" message, then silence, no exit event. */
  bye(): void;
  terminated: boolean;
}

export interface ScriptOptions {
  /** terminate() never resolves, as with a thread that ignores it. */
  terminateHangs?: boolean;
}

export function scriptedAdapter(makeApi: (worker: Scripted) => object, script: ScriptOptions = {}): RuntimeAdapter & { started: Scripted[] } {
  const started: Scripted[] = [];
  return {
    started,
    runtime: () => ({ name: "node", version: "0.0.0-test", engine: "V8" }),
    machine: () => ({ cpuModel: "scripted", cores: 2, os: "test", arch: "x64" }),
    cpuCount: () => 2,
    now: () => performance.now(),
    memory: () => undefined,
    benchWorkerUrl: "scripted:",
    startWorker() {
      const { port1, port2 } = new MessageChannel();
      const exit = exitOnce();
      const worker: Scripted = {
        index: started.length,
        terminated: false,
        die: (e) => {
          port2.close();
          exit.report(e);
        },
        bye: () => {
          port2.postMessage({ t: "bye" });
          port2.close();
        },
      };
      started.push(worker);
      serve(makeApi(worker), port2 as unknown as Endpoint);
      return {
        endpoint: port1 as unknown as Endpoint,
        terminate() {
          exit.silence();
          worker.terminated = true;
          port2.close();
          return script.terminateHangs ? new Promise<void>(() => {}) : Promise.resolve();
        },
        onExit: exit.onExit,
      };
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function api(worker: Scripted) {
  return {
    add: (a: number, b: number) => a + b,
    /** Answers `value` after `ms`, from whichever worker took it. */
    later: async (value: number, ms: number) => {
      await sleep(ms);
      return { value, worker: worker.index };
    },
    /** The worker dies a little later, with this call still running. */
    dieSoon: () => {
      setTimeout(() => worker.die({ error: new Error("scripted crash") }), 5);
      return new Promise(() => {});
    },
    /** The worker ends itself a little later (self.close()), with this call still running. */
    closeSelf: () => {
      setTimeout(() => worker.bye(), 5);
      return new Promise(() => {});
    },
    who: () => worker.index,
    fail: () => {
      throw Object.assign(new RangeError("out of range", { cause: new Error("root") }), { code: "E_RANGE" });
    },
  };
}
export type Api = ReturnType<typeof api>;

