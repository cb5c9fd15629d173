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
