/**
 * The report's colours: the one scale every table colours a speed-up on,
 * and one colour per runtime (and per service mode) in every chart.
 */

/**
 * The background for a ratio against the workload's own sequential run, on
 * one scale for every table: blue the faster (to 4× and beyond), orange the
 * slower (to 1/8 and below), grey within 5% of it. Blue and orange stay
 * apart for readers who do not tell red from green, and slower is never the
 * colour of faster.
 */
export function ratioColour(r: number | undefined): string | undefined {
  if (r === undefined || !(r > 0) || !Number.isFinite(r)) return undefined;
  const l = Math.log2(r);
  if (Math.abs(l) < Math.log2(1.05)) return "hsl(220 10% 94%)";
  const t = l > 0 ? Math.min(1, l / 2) : Math.min(1, -l / 3);
  const lightness = (93 - 25 * t).toFixed(0);
  return l > 0 ? `hsl(210 70% ${lightness}%)` : `hsl(30 90% ${lightness}%)`;
}

/**
 * One colour per runtime, the same in every chart and legend (Okabe and Ito's
 * palette, told apart by readers with any common colour-vision deficiency):
 * Node was blue in one chart and red in the next when colours went by order.
 */
export const RUNTIME_COLOURS: Readonly<Record<string, string>> = {
  node: "#0072B2",
  deno: "#009E73",
  bun: "#E69F00",
  chromium: "#CC79A7",
};

const OTHERS = ["#56B4E9", "#D55E00", "#F0E442", "#000000"];

/** The colour of the runtime a label starts with ("node", "node @ host", "node workers(2)"); another name gets a stable one of the rest. */
export function runtimeColour(label: string): string {
  const name = label.split(/[ @]/)[0] ?? "";
  const known = RUNTIME_COLOURS[name];
  if (known) return known;
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return OTHERS[h % OTHERS.length]!;
}

/** The service panels' lines are modes, not runtimes: a colour each, from the same colour-blind-safe palette. */
export const MODE_COLOURS = { inline: "#D55E00", pool: "#0072B2", cluster: "#009E73" } as const;
