import { transfer } from "comlink";
import { getWorkload } from "../workloads/catalogue.ts";

/** What a benchmark worker exposes: one entry point for every workload kernel. */
export const benchWorkerApi = {
  runKernel(workload: string, kernel: string, input: unknown): unknown {
    const fn = getWorkload(workload).kernels[kernel];
    if (!fn) throw new Error(`${workload} has no kernel "${kernel}"`);
    const out = fn(input);
    // Typed-array results (bitmaps, vectors) move back without a copy.
    return ArrayBuffer.isView(out) && out.buffer instanceof ArrayBuffer ? transfer(out, [out.buffer]) : out;
  },
};

export type BenchWorkerApi = typeof benchWorkerApi;
