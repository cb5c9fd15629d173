import { FAIR_BAND } from "@threadlab/core";
import { NOISY } from "../scenario-view.ts";

/**
 * A small structured text that report.html and report.md each lay out:
 * words as they are (our own, never from a result file), words set apart,
 * paragraph breaks, and the places where the two renderings say it
 * differently (a cell's details are a tooltip in HTML and a footnote in
 * Markdown; only HTML has colours).
 */
export type Span =
  | string
  | { strong: string }
  | { code: string }
  /** A word as a cell shows it: "suspect", "FAILED". */
  | { status: "suspect" | "failed"; text: string }
  | typeof PARAGRAPH
  | { html: Span[]; md: Span[] };

export const PARAGRAPH = { paragraph: true } as const;

export type Medium = "html" | "md";

/** The spans a renderer lays out: no paragraph breaks and no alternatives left. */
export type PlainSpan = Exclude<Span, typeof PARAGRAPH | { html: Span[]; md: Span[] }>;

/** `text` as `medium` says it, in paragraphs. */
export function paragraphs(text: readonly Span[], medium: Medium): PlainSpan[][] {
  const out: PlainSpan[][] = [[]];
  const add = (spans: readonly Span[]): void => {
    for (const s of spans) {
      if (typeof s === "string") out.at(-1)!.push(s);
      else if ("paragraph" in s) out.push([]);
      else if ("html" in s) add(s[medium]);
      else out.at(-1)!.push(s);
    }
  };
  add(text);
  return out;
}

/** "How to read this": what a results cell shows, its marks, the self-check and the derived figures. */
export const HOW_TO_READ: readonly Span[] = [
  "A results cell shows the ", { strong: "median" }, " time and the ", { strong: "speed-up" }, " over the same runtime's ", { code: "sequential" },
  {
    html: ["; hover it for the 95% interval, the samples (n), the efficiency and any flag with its reason.\nThe rows"],
    md: [", measured in the same run: the rows"],
  },
  " of a workload take turns, round after round in random order, and a speed-up is the median of the rounds' ratios (sequential's sample ÷ the row's, from the same round) with that median's own ",
  { html: ["interval:"], md: ["95% interval, so"] },
  " drift in the machine slows both sides of a pair.",
  {
    html: [
      PARAGRAPH,
      "Colour encodes the speed-up on one scale for every table: blue faster than sequential (darker to 4×), orange slower (darker to 1/8), grey within 5%; a suspect cell has none. A mark says ",
    ],
    md: [" A cell is marked "],
  },
  { strong: "~ noisy" }, " where ", { html: ["the"], md: ["its"] },
  ` interval could change a conclusion: a speed-up's that reaches both sides of 1, or any wider than ±${(NOISY.halfWidth * 100).toFixed(0)}%. `,
  "Before the first and after the last parallel row of each workload (after the last only in the smoke and quick presets) the runner checks how much parallel speed the machine gives (as many threads as cores spinning together, against one alone); " +
    "when that fell below 80% of the cores a row could use, the workload's parallel rows say ",
  { strong: "busy machine" }, ", with the check's figure ", { html: ["in the cell's tooltip"], md: ["in the cell's footnote"] },
  ". Samples that kept falling (a one-sided Mann-Kendall test at 5%, and a fall larger than the precision) were still warm-up: their first half is taken as such and sampling goes on, twice at most; " +
    "a row still falling then says ",
  { strong: "still warming" }, ", with both halves' medians ", { html: ["in the tooltip"], md: ["in the footnote"] },
  ". (", { strong: "!" }, " busy machine, ", { strong: "*" }, " still warming", { html: [")."], md: [".)"] },
  PARAGRAPH,
  "A row marked ", { status: "suspect", text: "suspect" }, " failed the self-check (for CPU work, ", { code: "workers(1)" }, " and ", { code: "interleaved" },
  " do the same work on one thread as ", { code: "sequential" }, `, so they must land within ${FAIR_BAND.low}–${FAIR_BAND.high}× of it): its ratio is never shown as a speed-up`,
  { html: [], md: [", and its footnote gives the reason"] },
  ". Every sample's output was checked against the ", { html: ["Benchmarks Game's published answer:"], md: ["published Benchmarks Game answer;"] },
  " a wrong answer shows as ", { html: [{ status: "failed", text: "FAILED" }], md: ["FAILED"] }, ", never as a time.", { html: ["\n"], md: [" "] },
  { strong: "Efficiency" }, " is speed-up ÷ threads; ", { strong: "Karp–Flatt" }, " e = (1/S − 1/p)", { html: ["/"], md: [" / "] },
  "(1 − 1/p) estimates the serial fraction; both are left out where they mean nothing (", { code: "noop" }, ", ", { code: "interleaved" }, ", a speed-up below 1, past the core count).",
];
