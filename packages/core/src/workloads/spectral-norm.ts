import { known, partsFor, ranges, type Workload } from "./types.ts";

interface MatVec {
  n: number;
  u: Float64Array;
  i0: number;
  i1: number;
}

function a(i: number, j: number): number {
  return 1 / (((i + j) * (i + j + 1)) / 2 + i + 1);
}

/** Rows i0..i1 of A·u. */
function av({ n, u, i0, i1 }: MatVec): Float64Array {
  const out = new Float64Array(i1 - i0);
  for (let i = i0; i < i1; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += a(i, j) * u[j]!;
    out[i - i0] = sum;
  }
  return out;
}

/** Rows i0..i1 of Aᵀ·u. */
function atv({ n, u, i0, i1 }: MatVec): Float64Array {
  const out = new Float64Array(i1 - i0);
  for (let i = i0; i < i1; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += a(j, i) * u[j]!;
    out[i - i0] = sum;
  }
  return out;
}

async function mul(kernel: "av" | "atv", n: number, u: Float64Array, parts: number, exec: Parameters<Workload["run"]>[1]) {
  const slices = await exec.map<MatVec, Float64Array>(
    kernel,
    ranges(n, parts).map(([i0, i1]) => ({ n, u, i0, i1 })),
  );
  const out = new Float64Array(n);
  let offset = 0;
  for (const s of slices) {
    out.set(s, offset);
    offset += s.length;
  }
  return out;
}

/** Published outputs (9 decimals) by N. */
export const SPECTRAL_NORM: Record<number, string> = {
  100: "1.274219991",
  500: "1.274224116",
  1000: "1.274224148",
  1500: "1.274224151",
  5500: "1.274224153",
};

export const spectralNorm: Workload<string> = {
  name: "spectral-norm",
  title: "Spectral norm",
  description:
    "The spectral norm of an infinite matrix by power iteration: 40 matrix-vector products, each split by rows, with a barrier between them.",
  kind: "cpu",
  sizes: { smoke: 100, quick: 500, default: 1500, full: 5500 },
  kernels: { av, atv },
  async run(n, exec) {
    const parts = partsFor(exec, 2, 1);
    let u = new Float64Array(n).fill(1);
    let v = new Float64Array(n);
    for (let k = 0; k < 10; k++) {
      v = await mul("atv", n, await mul("av", n, u, parts, exec), parts, exec);
      u = await mul("atv", n, await mul("av", n, v, parts, exec), parts, exec);
    }
    let vBv = 0;
    let vv = 0;
    for (let i = 0; i < n; i++) {
      vBv += u[i]! * v[i]!;
      vv += v[i]! * v[i]!;
    }
    return Math.sqrt(vBv / vv).toFixed(9);
  },
  verify(n, output) {
    return known(SPECTRAL_NORM[n] ?? "(no known answer)", output, "published Benchmarks Game output");
  },
};
