import { known, partsFor, ranges, type Workload } from "./types.ts";

interface Block {
  n: number;
  start: number;
  end: number;
}

interface Tally {
  checksum: number;
  maxFlips: number;
}

function factorials(n: number): number[] {
  const f = [1];
  for (let i = 1; i <= n; i++) f.push(f[i - 1]! * i);
  return f;
}

/**
 * Permutations start..end in the Benchmarks Game's order. Starting at an
 * index (not only at 0) is what lets the range be split across workers; the
 * checksum's sign follows the global index, so partial tallies just add up.
 */
function block({ n, start, end }: Block): Tally {
  const fact = factorials(n);
  const p = new Int32Array(n);
  const q = new Int32Array(n);
  const tmp = new Int32Array(n);
  const count = new Int32Array(n);

  // The permutation at index `start`, from its factorial-base digits.
  for (let i = 0; i < n; i++) p[i] = i;
  let idx = start;
  for (let i = n - 1; i > 0; i--) {
    const d = Math.floor(idx / fact[i]!);
    idx -= d * fact[i]!;
    count[i] = d;
    for (let j = 0; j <= i; j++) tmp[j] = p[j]!;
    for (let j = 0; j <= i; j++) p[j] = tmp[(j + d) % (i + 1)]!;
  }

  let checksum = 0;
  let maxFlips = 0;
  for (let index = start; ; ) {
    let first = p[0]!;
    if (first !== 0) {
      for (let i = 1; i < n; i++) q[i] = p[i]!;
      let flips = 1;
      for (;;) {
        let next = q[first]!;
        if (next === 0) break;
        q[first] = first;
        if (first > 2) {
          for (let lo = 1, hi = first - 1; lo < hi; lo++, hi--) {
            const t = q[lo]!;
            q[lo] = q[hi]!;
            q[hi] = t;
          }
        }
        first = next;
        flips++;
      }
      if (flips > maxFlips) maxFlips = flips;
      checksum += index % 2 === 0 ? flips : -flips;
    }
    if (++index >= end) break;

    // Next permutation (the counter-based rotation of the reference programs).
    first = p[1]!;
    p[1] = p[0]!;
    p[0] = first;
    for (let i = 1; ++count[i]! > i; ) {
      count[i++] = 0;
      const next = (p[0] = p[1]!);
      for (let j = 1; j < i; j++) p[j] = p[j + 1]!;
      p[i] = first;
      first = next;
    }
  }
  return { checksum, maxFlips };
}

export function formatFannkuch(n: number, t: Tally): string {
  return `${t.checksum}\nPfannkuchen(${n}) = ${t.maxFlips}`;
}

/** Published outputs by N. */
export const FANNKUCH: Record<number, string> = {
  7: "228\nPfannkuchen(7) = 16",
  8: "1616\nPfannkuchen(8) = 22",
  9: "8629\nPfannkuchen(9) = 30",
  10: "73196\nPfannkuchen(10) = 38",
  11: "556355\nPfannkuchen(11) = 51",
  12: "3968050\nPfannkuchen(12) = 65",
};

export const fannkuchRedux: Workload<string> = {
  name: "fannkuch-redux",
  title: "Fannkuch-redux",
  description:
    "Pancake flips over all N! permutations of 1..N: integer work with no memory traffic, split by permutation index.",
  kind: "cpu",
  sizes: { smoke: 7, quick: 9, default: 10, full: 11 },
  kernels: { block },
  async run(n, exec) {
    const total = factorials(n)[n]!;
    const tallies = await exec.map<Block, Tally>(
      "block",
      ranges(total, partsFor(exec, 8)).map(([start, end]) => ({ n, start, end })),
    );
    const sum = tallies.reduce(
      (acc, t) => ({ checksum: acc.checksum + t.checksum, maxFlips: Math.max(acc.maxFlips, t.maxFlips) }),
      { checksum: 0, maxFlips: 0 },
    );
    return formatFannkuch(n, sum);
  },
  verify(n, output) {
    return known(FANNKUCH[n] ?? "(no known answer)", output, "published Benchmarks Game output");
  },
};
