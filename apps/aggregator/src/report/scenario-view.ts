import { derivedFigures, ratioHalfWidth, relativeHalfWidth, rowFacts, strategyOf, suspectReason, type Scenario } from "@threadlab/core";

/**
 * What every rendering (terminal, Markdown, HTML, summary.json) shows of one
 * scenario, decided once: which ratios are fair to show as a speed-up, which
 * derived figures mean something, and the sampling flags.
 */
export interface ScenarioView {
  /** Timed samples behind the median. */
  n?: number;
  /** The half-width of the interval that decides the row, as a fraction: its speed-up's where measured in pairs, else its median's. */
  halfWidth?: number;
  /** That interval is wide enough to change a conclusion: a speed-up's crosses 1, or it spans more than ±10% (see `NOISY`). */
  noisy: boolean;
  /** Samples flagged by the modified z-score (kept in every figure). */
  outliers: number;
  /** Why the ratio to sequential is not the strategy's: then there is no speed-up, only `ratio`. */
  suspect?: string;
  /** The machine checks found the machine busy while this parallel row ran: its speed-up is shown, marked, with this reason. */
  busy?: string;
  /** Its samples were still falling when sampling ended: the median is not yet the steady state (the reason). */
  warming?: string;
  /** Sequential median ÷ this median, fair or not. */
  ratio?: number;
  /** The ratio as a speed-up: only for fair rows other than the baseline (sequential) itself. */
  speedup?: number;
  efficiency?: number;
  karpFlatt?: number;
}

/**
 * When a cell says "noisy": where its interval could change what a reader
 * concludes from it, a parallel row's speed-up interval that reaches both
 * sides of 1, or any interval wider than ±10%. The runner's own target (±2%) is for when to
 * stop sampling; held to it, 121 of 154 cells of a default run said noisy,
 * and the flag told nothing.
 */
export const NOISY = { halfWidth: 0.1 } as const;

/**
 * The view of `s` from a machine with `cores` cores.
 */
export function viewScenario(s: Scenario, cores: number): ScenarioView {
  const view: ScenarioView = {
    noisy: false,
    outliers: s.outliers?.length ?? 0,
    ...(s.busy ? { busy: s.busy } : {}),
    ...(s.warming ? { warming: s.warming } : {}),
  };
  if (s.status !== "ok" || !s.summary) return view;
  view.n = s.summary.n;
  const paired = s.scaling?.pairs !== undefined && !strategyOf(s.strategy).baseline;
  const hw = paired ? ratioHalfWidth(s.scaling!.speedup) : relativeHalfWidth(s.summary);
  if (Number.isFinite(hw)) view.halfWidth = hw;
  // Reaching both sides of 1 changes a conclusion only where the row could be a speed-up: n threads or processes for
  // n >= 2. A one-thread row (workers(1), interleaved) is a self-check that should land near 1 anyway.
  const couldSpeedUp = strategyOf(s.strategy).runsOn !== "caller" && s.threads >= 2;
  const crossesOne = paired && couldSpeedUp && s.scaling!.speedup.low < 1 && s.scaling!.speedup.high > 1;
  view.noisy = crossesOne || !(hw <= NOISY.halfWidth);
  const ratio = s.scaling?.speedup.value;
  if (ratio === undefined) return view;
  view.ratio = ratio;
  const facts = rowFacts(s);
  // read-results marked every file's suspects with the runner's own rules (markSuspects).
  const suspect = s.suspect ?? suspectReason(facts, cores);
  if (suspect) {
    view.suspect = suspect;
    return view;
  }
  if (!strategyOf(s.strategy).baseline) view.speedup = ratio;
  const figures = derivedFigures(facts, cores);
  if (figures.efficiency && s.scaling) view.efficiency = s.scaling.efficiency;
  if (figures.karpFlatt && s.scaling?.karpFlatt !== undefined) view.karpFlatt = s.scaling.karpFlatt;
  return view;
}
