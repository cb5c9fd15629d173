import { describe, expect, test } from "vitest";
import { inlineExecutor } from "../src/bench-kit/executors.ts";
import { binaryTrees, binaryTreesExpected } from "../src/workloads/binary-trees.ts";
import { WORKLOADS, WORKLOAD_NAMES, getWorkload } from "../src/workloads/catalogue.ts";
import { FANNKUCH, fannkuchRedux, formatFannkuch } from "../src/workloads/fannkuch-redux.ts";
import { MANDELBROT_MD5, mandelbrot, pbmMd5 } from "../src/workloads/mandelbrot.ts";
import { N_BODY, nBody } from "../src/workloads/n-body.ts";
import { noop } from "../src/workloads/noop.ts";
import { SPECTRAL_NORM, spectralNorm } from "../src/workloads/spectral-norm.ts";
import { MIN_PARTS, PRESETS, known, partsFor, ranges, type PresetName, type Workload } from "../src/workloads/types.ts";
import { splitExecutor } from "./helpers.ts";

/** Inline cost of each preset on a 2-core box is well under 2 s except `full`. */
const TESTED_PRESETS: PresetName[] = ["smoke", "quick", "default"];

/** The Benchmarks Game's published binary-trees output for N=10 (TAB then space). */
const BINARY_TREES_10 = [
  "stretch tree of depth 11\t check: 4095",
  "1024\t trees of depth 4\t check: 31744",
  "256\t trees of depth 6\t check: 32512",
  "64\t trees of depth 8\t check: 32704",
  "16\t trees of depth 10\t check: 32752",
  "long lived tree of depth 10\t check: 2047",
].join("\n");

describe("catalogue", () => {
  test("lists every workload once, by name", () => {
    expect(WORKLOAD_NAMES).toEqual(["mandelbrot", "spectral-norm", "fannkuch-redux", "binary-trees", "n-body", "noop"]);
    expect(new Set(WORKLOAD_NAMES).size).toBe(WORKLOADS.length);
    for (const w of WORKLOADS) expect(getWorkload(w.name)).toBe(w);
  });

  test("getWorkload of an unknown name throws naming the known workloads", () => {
    expect(() => getWorkload("nope")).toThrow(RangeError);
    expect(() => getWorkload("nope")).toThrow(/unknown workload "nope"/);
    expect(() => getWorkload("nope")).toThrow(new RegExp(WORKLOAD_NAMES.join(", ")));
  });

  test.each(WORKLOADS.map((w) => [w.name, w] as const))("%s has a size for every preset and consistent metadata", (_, w) => {
    for (const p of PRESETS) {
      expect(Number.isInteger(w.sizes[p])).toBe(true);
      expect(w.sizes[p]).toBeGreaterThan(0);
    }
    expect(w.title).not.toBe("");
    expect(w.description).not.toBe("");
    expect(["cpu", "overhead"]).toContain(w.kind);
    expect(Object.keys(w.kernels).length).toBeGreaterThan(0);
  });
});

describe("helpers in types.ts", () => {
  test("ranges covers [0,total) contiguously with near-equal parts", () => {
    expect(ranges(10, 3)).toEqual([
      [0, 3],
      [3, 6],
      [6, 10],
    ]);
    expect(ranges(2, 5)).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(ranges(7, 1)).toEqual([[0, 7]]);
    expect(ranges(7, 0)).toEqual([[0, 7]]);
  });

  test("partsFor is several per worker, never below the minimum (8 unless lowered), and the executor's slices when it sets them", () => {
    expect(partsFor({ parallelism: 1 })).toBe(MIN_PARTS);
    expect(partsFor({ parallelism: 0 })).toBe(MIN_PARTS);
    expect(partsFor({ parallelism: 1 }, 2, 1)).toBe(2);
    expect(partsFor({ parallelism: 3 })).toBe(12);
    expect(partsFor({ parallelism: 4 }, 2)).toBe(8);
    expect(partsFor({ parallelism: 1, slices: 64 }, 2)).toBe(64);
  });

  test("known compares exactly and echoes both sides", () => {
    expect(known("a", "a", "src")).toEqual({ ok: true, expected: "a", actual: "a", source: "src" });
    expect(known("a", "b", "src")).toEqual({ ok: false, expected: "a", actual: "b", source: "src" });
  });
});

describe.each(WORKLOADS.map((w) => [w.name, w] as const))("%s", (_, w: Workload<any>) => {
  test.each(TESTED_PRESETS)("preset %s runs inline and verifies", async (preset) => {
    const n = w.sizes[preset];
    const out = await w.run(n, inlineExecutor(w));
    const v = w.verify(n, out);
    expect(v.ok, `${w.name} N=${n}: expected ${v.expected}, got ${v.actual}`).toBe(true);
    expect(v.actual).toBe(v.expected);
    expect(v.source).not.toBe("");
  });

  test.each([3, 4])("split over %i fake workers gives the verified answer at the quick size", async (p) => {
    const n = w.sizes.quick;
    const exec = splitExecutor(w, p);
    const out = await w.run(n, exec);
    expect(w.verify(n, out).ok).toBe(true);
    // The unsplit run agrees byte for byte.
    expect(out).toEqual(await w.run(n, inlineExecutor(w)));
  });
});

describe("split paths actually split", () => {
  test("mandelbrot cuts rows into parallelism × 16 parts", async () => {
    const exec = splitExecutor(mandelbrot, 3);
    const out = await mandelbrot.run(200, exec);
    expect(exec.calls).toEqual([{ kernel: "rows", inputs: 48 }]);
    expect(pbmMd5(200, out)).toBe(MANDELBROT_MD5[200]);
  });

  test("mandelbrot with a size not a multiple of 8 agrees split and unsplit", async () => {
    for (const size of [1, 7, 9, 13, 201]) {
      const whole = await mandelbrot.run(size, inlineExecutor(mandelbrot));
      expect(whole.length).toBe(size * ((size + 7) >> 3));
      expect(await mandelbrot.run(size, splitExecutor(mandelbrot, 4))).toEqual(whole);
    }
  });

  test("spectral-norm makes 40 matrix-vector products of parallelism × 2 parts", async () => {
    const exec = splitExecutor(spectralNorm, 4);
    expect(await spectralNorm.run(100, exec)).toBe(SPECTRAL_NORM[100]);
    expect(exec.calls).toHaveLength(40);
    expect(exec.calls.every((c) => c.inputs === 8)).toBe(true);
    expect(exec.calls.filter((c) => c.kernel === "av")).toHaveLength(20);
  });

  test("fannkuch-redux start-index logic: every split agrees with the unsplit run for N=1..8", async () => {
    for (let n = 1; n <= 8; n++) {
      const whole = await fannkuchRedux.run(n, inlineExecutor(fannkuchRedux));
      for (const p of [2, 3, 4]) {
        expect(await fannkuchRedux.run(n, splitExecutor(fannkuchRedux, p)), `N=${n} p=${p}`).toBe(whole);
      }
    }
  });

  test("fannkuch-redux N=7 gives the published output, split in 24 and 32 blocks", async () => {
    expect(await fannkuchRedux.run(7, inlineExecutor(fannkuchRedux))).toBe("228\nPfannkuchen(7) = 16");
    for (const p of [3, 4]) {
      const exec = splitExecutor(fannkuchRedux, p);
      expect(await fannkuchRedux.run(7, exec)).toBe("228\nPfannkuchen(7) = 16");
      expect(exec.calls).toEqual([{ kernel: "block", inputs: p * 8 }]);
    }
  });

  test("fannkuch-redux matches every published N up to 9, split", async () => {
    for (const n of [7, 8, 9]) {
      expect(await fannkuchRedux.run(n, splitExecutor(fannkuchRedux, 3))).toBe(FANNKUCH[n]);
    }
  });

  test("binary-trees batches each line and sums the batches back", async () => {
    const exec = splitExecutor(binaryTrees, 3);
    expect(await binaryTrees.run(10, exec)).toBe(BINARY_TREES_10);
    // One call for the stretch tree, one for the batches: 4 lines × (3 × 2) cuts.
    expect(exec.calls).toEqual([
      { kernel: "trees", inputs: 1 },
      { kernel: "trees", inputs: 24 },
    ]);
  });

  test("n-body cannot be split: legs one after another, one call each, the same answer however many", async () => {
    const exec = splitExecutor(nBody, 4);
    expect(await nBody.run(1000, exec)).toBe(N_BODY[1000]);
    expect(exec.calls).toEqual(Array.from({ length: MIN_PARTS }, () => ({ kernel: "leg", inputs: 1 })));
    const inline = splitExecutor(nBody, 1);
    expect(await nBody.run(10_000, inline)).toBe(N_BODY[10_000]);
    expect(inline.calls).toHaveLength(MIN_PARTS);
  });

  test("noop sends one call per input", async () => {
    const exec = splitExecutor(noop, 4);
    expect(await noop.run(100, exec)).toBe("4950");
    expect(exec.calls).toEqual([{ kernel: "echo", inputs: 100 }]);
  });
});

describe("published answers", () => {
  test("binary-trees N=10 equals the published text verbatim", async () => {
    expect(binaryTreesExpected(10)).toBe(BINARY_TREES_10);
    expect(await binaryTrees.run(10, inlineExecutor(binaryTrees))).toBe(BINARY_TREES_10);
  });

  test("binary-trees below the minimum depth uses max depth 6", () => {
    expect(binaryTreesExpected(1)).toBe(binaryTreesExpected(6));
    expect(binaryTreesExpected(6).split("\n")[0]).toBe("stretch tree of depth 7\t check: 255");
  });

  test("mandelbrot N=200 hashes to the published md5", async () => {
    const bitmap = await mandelbrot.run(200, inlineExecutor(mandelbrot));
    expect(bitmap).toBeInstanceOf(Uint8Array);
    expect(bitmap.length).toBe(200 * 25);
    expect(pbmMd5(200, bitmap)).toBe("cc65e64bd553ed18896de1dfe7fae3e5");
  });

  test("mandelbrot N=2000 hashes to the published md5", async () => {
    const bitmap = await mandelbrot.run(2000, inlineExecutor(mandelbrot));
    expect(mandelbrot.verify(2000, bitmap).ok).toBe(true);
  });

  test("pbmMd5 is the md5 of a P4 header plus the pixels", () => {
    // Expected values from `node:crypto` md5 of the same bytes, computed outside the suite.
    expect(pbmMd5(1, new Uint8Array([0x80]))).toBe("465245797597129f952babab976f6f99"); // "P4\n1 1\n" + 0x80
    expect(pbmMd5(0, new Uint8Array())).toBe("c7e4dbd300df40813f806dd10fae9547"); // "P4\n0 0\n"
  });

  test("spectral-norm N=100 and n-body 1000/10000 steps give the published outputs", async () => {
    expect(await spectralNorm.run(100, inlineExecutor(spectralNorm))).toBe("1.274219991");
    expect(await nBody.run(1000, inlineExecutor(nBody))).toBe("-0.169075164\n-0.169087605");
    expect(await nBody.run(10_000, inlineExecutor(nBody))).toBe("-0.169075164\n-0.169016441");
  });

  test("fannkuch N=8 gives the published output", async () => {
    expect(await fannkuchRedux.run(8, inlineExecutor(fannkuchRedux))).toBe("1616\nPfannkuchen(8) = 22");
  });
});

describe("verify rejects wrong answers", () => {
  function expectRejected(v: { ok: boolean; expected: string; actual: string; source: string }, actual?: string) {
    expect(v.ok).toBe(false);
    expect(v.expected).not.toBe("");
    expect(v.actual).not.toBe("");
    expect(v.actual).not.toBe(v.expected);
    expect(v.source).not.toBe("");
    if (actual !== undefined) expect(v.actual).toBe(actual);
  }

  test("mandelbrot: one flipped byte", async () => {
    const bitmap = await mandelbrot.run(200, inlineExecutor(mandelbrot));
    const bad = bitmap.slice();
    bad[2500] = bad[2500]! ^ 0x10;
    const v = mandelbrot.verify(200, bad);
    expectRejected(v, pbmMd5(200, bad));
    expect(v.expected).toBe("cc65e64bd553ed18896de1dfe7fae3e5");
  });

  test("mandelbrot: a bitmap one byte short", async () => {
    const bitmap = await mandelbrot.run(200, inlineExecutor(mandelbrot));
    expectRejected(mandelbrot.verify(200, bitmap.subarray(1)));
  });

  test("spectral-norm: one digit changed", () => {
    const v = spectralNorm.verify(100, "1.274219992");
    expectRejected(v, "1.274219992");
    expect(v.expected).toBe("1.274219991");
  });

  test("n-body: one digit changed", () => {
    const v = nBody.verify(1000, "-0.169075164\n-0.169087606");
    expectRejected(v, "-0.169075164\n-0.169087606");
    expect(v.expected).toBe(N_BODY[1000]);
  });

  test("fannkuch-redux: checksum altered", () => {
    const v = fannkuchRedux.verify(7, formatFannkuch(7, { checksum: 229, maxFlips: 16 }));
    expectRejected(v, "229\nPfannkuchen(7) = 16");
    expect(v.expected).toBe("228\nPfannkuchen(7) = 16");
  });

  test("fannkuch-redux: max flips altered", () => {
    expectRejected(fannkuchRedux.verify(7, formatFannkuch(7, { checksum: 228, maxFlips: 15 })));
  });

  test("binary-trees: one check line altered", () => {
    const bad = BINARY_TREES_10.replace("check: 32512", "check: 32511");
    const v = binaryTrees.verify(10, bad);
    expectRejected(v, bad);
    expect(v.expected).toBe(BINARY_TREES_10);
  });

  test("binary-trees: a trailing newline is a difference", () => {
    expectRejected(binaryTrees.verify(10, BINARY_TREES_10 + "\n"));
  });

  test("noop: wrong sum", () => {
    const v = noop.verify(100, "4951");
    expectRejected(v, "4951");
    expect(v.expected).toBe("4950");
  });

  test("sizes with no published answer never verify", () => {
    expect(spectralNorm.verify(7, "1.2")).toMatchObject({ ok: false, expected: "(no known answer)" });
    expect(nBody.verify(7, "x")).toMatchObject({ ok: false, expected: "(no known answer)" });
    expect(fannkuchRedux.verify(3, "x")).toMatchObject({ ok: false, expected: "(no known answer)" });
    expect(mandelbrot.verify(7, new Uint8Array(7))).toMatchObject({ ok: false, expected: "(no known answer)" });
  });
});
