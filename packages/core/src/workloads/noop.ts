import { known, type Workload } from "./types.ts";

/** Returns its input: the cost of a call with nothing to do. */
function echo(input: number): number {
  return input;
}

export const noop: Workload<string> = {
  name: "noop",
  title: "No-op (echo)",
  description: "N calls that return their argument: everything measured is dispatch and messaging overhead.",
  kind: "overhead",
  sizes: { smoke: 100, quick: 500, default: 2000, full: 20_000 },
  kernels: { echo },
  async run(n, exec) {
    const inputs = Array.from({ length: n }, (_, i) => i);
    const out = await exec.map<number, number>("echo", inputs);
    let sum = 0;
    for (const v of out) sum += v;
    return String(sum);
  },
  verify(n, output) {
    return known(String((n * (n - 1)) / 2), output, "sum 0..N-1 = N(N-1)/2");
  },
};
