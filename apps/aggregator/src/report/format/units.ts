/**
 * Every unit the report writes a figure in, for the HTML, Markdown and
 * terminal renderings and the tables and sentences they lay out. Where two
 * formats of the same unit differ, each says where it is used and why.
 */

// Times.

/** "1.23 s", "501 ms", "63.8 ms", "2.50 ms": a time in ms to three digits. */
export function ms(value: number): string {
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

/** "247", "42.8", "3.97": a figure in µs to three digits, without its unit (for a column whose head names it). */
export const usDigits = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** "247 µs", "42.8 µs", "3.97 µs": a figure in µs to three digits, in a sentence. */
export const us = (v: number): string => `${usDigits(v)} µs`;

/** "6.10 µs", "123.4 µs", "1.23 ms": a round trip or a yield in a table, in ms from 1000 µs on. */
export const usOrMs = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(2)} ms` : v >= 10 ? `${v.toFixed(1)} µs` : `${v.toFixed(2)} µs`);

/** "30 µs", "3 ms": work per call as the plan names it (a nominal size, never rounded). */
export const taskSize = (us: number): string => (us >= 1000 ? `${us / 1000} ms` : `${us} µs`);

/** "1 ms", "0.1 ms": a service kernel's size as the plan names it. */
export const kernelSize = (k: number): string => `${k} ms`;

// Ratios and shares.

/** "1.74×", "0.46×", and below 0.01 "×1/300" (never "0.00×"): a results cell's speed-up. */
export function ratioText(r: number): string {
  if (!(r > 0) || !Number.isFinite(r)) return "–";
  if (r < 0.01) return `×1/${Math.round(1 / r).toLocaleString("en-US")}`;
  return `${r.toFixed(2)}×`;
}

/** "19×", "3.9×": a ratio in a sentence, to two digits. */
export const ratioRough = (v: number): string => `${v >= 10 ? v.toFixed(0) : v.toFixed(1)}×`;

/** "1.92×": a ratio to two decimals (the service's gains against inline). */
export const ratioFixed = (v: number): string => `${v.toFixed(2)}×`;

/** "83%": a share (an efficiency) to the percent. */
export const pct = (v: number): string => `${(v * 100).toFixed(0)}%`;

/** "+12%", "-3%": a change against a reference, signed. */
export const signedPct = (x: number): string => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(0)}%`;

// Counts and sizes.

/** "247,689": a count or a rate, rounded. */
export const int = (x: number): string => Math.round(x).toLocaleString("en-US");

/** "1234", "56.7": events per second. */
export const perSecond = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** "512 B", "64.0 KiB", "1.5 GiB". */
export function bytes(n: number | undefined): string {
  if (n === undefined) return "–";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

// Intervals.

/** "501 ms (498–503)": a median and its 95% interval, each in `unit`; the median alone where no interval was kept (a pools race of fewer than five rounds); "–" for none. */
export const withCi = (s: { median: number; ci?: { low: number; high: number } } | undefined, unit: (v: number) => string = ms): string =>
  !s ? "–" : s.ci ? `${unit(s.median)} (${unit(s.ci.low)}–${unit(s.ci.high)})` : unit(s.median);
