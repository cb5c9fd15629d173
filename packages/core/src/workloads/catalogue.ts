import { binaryTrees } from "./binary-trees.ts";
import { fannkuchRedux } from "./fannkuch-redux.ts";
import { mandelbrot } from "./mandelbrot.ts";
import { nBody } from "./n-body.ts";
import { noop } from "./noop.ts";
import { spectralNorm } from "./spectral-norm.ts";
import type { Workload } from "./types.ts";

export const WORKLOADS: readonly Workload<any>[] = [mandelbrot, spectralNorm, fannkuchRedux, binaryTrees, nBody, noop];

export const WORKLOAD_NAMES: readonly string[] = WORKLOADS.map((w) => w.name);

/** A workload's kind; a name this build does not know (a result from another version) counts as CPU work. */
export function workloadKind(name: string): Workload["kind"] {
  return WORKLOAD_NAMES.includes(name) ? getWorkload(name).kind : "cpu";
}

export function getWorkload(name: string): Workload<any> {
  const w = WORKLOADS.find((x) => x.name === name);
  if (!w) throw new RangeError(`unknown workload "${name}" (known: ${WORKLOAD_NAMES.join(", ")})`);
  return w;
}
