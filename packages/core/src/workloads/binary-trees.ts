import { known, partsFor, ranges, type Workload } from "./types.ts";

interface TreeNode {
  left: TreeNode | null;
  right: TreeNode | null;
}

function bottomUp(depth: number): TreeNode {
  return depth > 0 ? { left: bottomUp(depth - 1), right: bottomUp(depth - 1) } : { left: null, right: null };
}

/**
 * The long-lived tree: the same shape from its own allocation sites. Built
 * with bottomUp, its survivors taught V8 to pretenure bottomUp's nodes, so
 * every short-lived tree after it went straight to the old generation, but
 * only where kernel and harness share an isolate: in Node, sequential ran at
 * 470-500 ms for its first runs while workers(1) and interleaved ran at 120.
 */
function longLivedTree(depth: number): TreeNode {
  return depth > 0 ? { left: longLivedTree(depth - 1), right: longLivedTree(depth - 1) } : { left: null, right: null };
}

function check(node: TreeNode): number {
  return node.left === null ? 1 : 1 + check(node.left) + check(node.right!);
}

interface Batch {
  depth: number;
  iterations: number;
}

/** Allocates `iterations` trees of `depth` one after another; sums their node counts. */
function trees({ depth, iterations }: Batch): number {
  let sum = 0;
  for (let i = 0; i < iterations; i++) sum += check(bottomUp(depth));
  return sum;
}

const MIN_DEPTH = 4;

interface Line {
  depth: number;
  iterations: number;
}

function plan(n: number): { maxDepth: number; lines: Line[] } {
  const maxDepth = Math.max(MIN_DEPTH + 2, n);
  const lines: Line[] = [];
  for (let depth = MIN_DEPTH; depth <= maxDepth; depth += 2) {
    lines.push({ depth, iterations: 2 ** (maxDepth - depth + MIN_DEPTH) });
  }
  return { maxDepth, lines };
}

/**
 * The output the Benchmarks Game publishes, from its closed form: a tree of
 * depth d has 2^(d+1) - 1 nodes. The test suite checks this against the
 * published N=10 text verbatim.
 */
export function binaryTreesExpected(n: number): string {
  const { maxDepth, lines } = plan(n);
  const nodes = (d: number) => 2 ** (d + 1) - 1;
  return [
    `stretch tree of depth ${maxDepth + 1}\t check: ${nodes(maxDepth + 1)}`,
    ...lines.map((l) => `${l.iterations}\t trees of depth ${l.depth}\t check: ${l.iterations * nodes(l.depth)}`),
    `long lived tree of depth ${maxDepth}\t check: ${nodes(maxDepth)}`,
  ].join("\n");
}

export const binaryTrees: Workload<string> = {
  name: "binary-trees",
  title: "Binary trees",
  description:
    "Allocates and walks millions of small trees: measures the allocator and garbage collector, which each worker has its own of.",
  kind: "cpu",
  sizes: { smoke: 10, quick: 14, default: 16, full: 20 },
  kernels: { trees },
  async run(n, exec) {
    const { maxDepth, lines } = plan(n);
    const [stretch] = await exec.map<Batch, number>("trees", [{ depth: maxDepth + 1, iterations: 1 }]);
    // The long-lived tree stays reachable on the calling thread while the batches run.
    const longLived = longLivedTree(maxDepth);
    // Every line costs about the same (iterations × nodes is constant), so
    // each is cut into the same number of batches.
    const cuts = partsFor(exec, 2, 1);
    const batches = lines.flatMap((l) =>
      ranges(l.iterations, cuts).map(([a, b]) => ({ line: l, batch: { depth: l.depth, iterations: b - a } })),
    );
    const sums = await exec.map<Batch, number>("trees", batches.map((b) => b.batch));
    const perLine = new Map<Line, number>();
    batches.forEach((b, i) => perLine.set(b.line, (perLine.get(b.line) ?? 0) + sums[i]!));
    return [
      `stretch tree of depth ${maxDepth + 1}\t check: ${stretch}`,
      ...lines.map((l) => `${l.iterations}\t trees of depth ${l.depth}\t check: ${perLine.get(l)}`),
      `long lived tree of depth ${maxDepth}\t check: ${check(longLived)}`,
    ].join("\n");
  },
  verify(n, output) {
    return known(binaryTreesExpected(n), output, "published Benchmarks Game output format, check = node count");
  },
};
