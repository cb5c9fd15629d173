import { md5 } from "@noble/hashes/legacy.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { known, partsFor, ranges, type Workload } from "./types.ts";

interface Rows {
  size: number;
  y0: number;
  y1: number;
}

/** Writes rows y0..y1 of the N×N Mandelbrot bitmap into `out` from `offset`, 8 pixels a byte, as in PBM P4. */
export function rowsInto(size: number, y0: number, y1: number, out: Uint8Array, offset: number): void {
  let o = offset;
  for (let y = y0; y < y1; y++) {
    const ci = (2 * y) / size - 1;
    let bits = 0;
    for (let x = 0; x < size; x++) {
      const cr = (2 * x) / size - 1.5;
      let zr = 0;
      let zi = 0;
      let tr = 0;
      let ti = 0;
      for (let i = 0; i < 50 && tr + ti <= 4; i++) {
        zi = 2 * zr * zi + ci;
        zr = tr - ti + cr;
        tr = zr * zr;
        ti = zi * zi;
      }
      bits = (bits << 1) | (tr + ti <= 4 ? 1 : 0);
      if ((x & 7) === 7) {
        out[o++] = bits;
        bits = 0;
      }
    }
    if ((size & 7) !== 0) out[o++] = bits << (8 - (size & 7));
  }
}

export const bytesPerRow = (size: number): number => (size + 7) >> 3;

/** Rows y0..y1 as a new array (the message-passing kernel). */
function rows({ size, y0, y1 }: Rows): Uint8Array {
  const out = new Uint8Array((y1 - y0) * bytesPerRow(size));
  rowsInto(size, y0, y1, out, 0);
  return out;
}

/** md5 of the PBM file, the form in which the Benchmarks Game checks output. */
export function pbmMd5(size: number, pixels: Uint8Array): string {
  const header = new TextEncoder().encode(`P4\n${size} ${size}\n`);
  const file = new Uint8Array(header.length + pixels.length);
  file.set(header);
  file.set(pixels, header.length);
  return bytesToHex(md5(file));
}

/** md5 of the Benchmarks Game reference output (`P4` PBM) for each N. */
export const MANDELBROT_MD5: Record<number, string> = {
  200: "cc65e64bd553ed18896de1dfe7fae3e5",
  1000: "9beadc69396d01081a98cf5dc057ce89",
  2000: "520440dc03a35e6a4905061229e99a45",
  3000: "b81a92d242a6db5a7672101ea13e5c4f",
  4000: "9ef33c29e6913ffe3c5803ea97544851",
  5000: "a4c926b20ac187b547341e311308aa4b",
  8000: "cbe14e3cc1946a30df41ea35cf209b06",
  10000: "faa55b467c916be03c2d3f0b44a08c53",
  16000: "8c2ed8883de64eccd3154ac612021fe8",
};

export const mandelbrot: Workload<Uint8Array> = {
  name: "mandelbrot",
  title: "Mandelbrot set",
  description: "An N×N bitmap of the Mandelbrot set: rows are independent, so it splits cleanly.",
  kind: "cpu",
  sizes: { smoke: 200, quick: 200, default: 1000, full: 8000 },
  kernels: { rows },
  async run(size, exec) {
    // 16 parts a worker, not 8: rows near the set cost more, and the last part left one worker idle at the end. N=1000, 2
    // workers against inline in the same process: 1.69-1.90x with 16 parts and 1.89-1.95x with 32 (six processes),
    // 1.91-1.92x with 64 and 1.80-1.84x with 128 (three).
    const parts = ranges(size, partsFor(exec, 16)).map(([y0, y1]) => ({ size, y0, y1 }));
    const chunks = await exec.map<Rows, Uint8Array>("rows", parts);
    const out = new Uint8Array(size * ((size + 7) >> 3));
    let offset = 0;
    for (const c of chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return out;
  },
  async shared(size, { threads, api }) {
    const bitmap = new SharedArrayBuffer(size * bytesPerRow(size));
    const control = new SharedArrayBuffer(4 * 4);
    // Rows are claimed a few at a time from an atomic counter: dynamic balance without a message per part.
    const chunk = Math.max(1, Math.floor(size / (threads * 32)));
    await Promise.all(Array.from({ length: threads }, () => api.sharedMandelbrot(size, bitmap, control, chunk)));
    return new Uint8Array(bitmap);
  },
  verify(size, output) {
    return known(MANDELBROT_MD5[size] ?? "(no known answer)", pbmMd5(size, output), "md5 of the published PBM output");
  },
};
