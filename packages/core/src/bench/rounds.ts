import { outliers, pairedRatio, ratioHalfWidth, relativeHalfWidth, summarize, type Summary } from "../stats/stats.ts";
import { halfMedians, stillWarming } from "./sampling.ts";
import { shuffle } from "../bench-kit/shuffle.ts";

/** Why a row stopped sampling: its interval was narrow enough, the time was spent, or the sample cap was reached. */
export type StopReason = "precision" | "budget" | "cap";

export interface RoundsRule {
  /** Samples every row takes, whatever the budget says. */
  floor: number;
  /** Target half-width of a row's 95% interval, as a fraction: of its speed-up where it is paired, else of its median. */
  precision: number;
  /** Time the rows may take in all (ms), as the caller counts it (see `next`). */
  budgetMs: number;
  /** Samples at most per row, however quick they are (keeps result files small). */
  cap?: number;
}

export const MAX_SAMPLES = 200;

/** Times a row's samples may be found still falling, and their first half taken as warm-up, before the row is marked. */
export const MAX_WARMING_DROPS = 2;

/** One row's samples once sampling is over. */
export interface RowSampling {
  samples: number[];
  /** For each sample, the baseline's from the same round (rows other than the baseline, where one ran). */
  pairedBaselineMs?: number[];
  summary: Summary;
  stop: StopReason;
  /** The interval that decides (the speed-up's where paired) ended wider than the precision. */
  noisy: boolean;
  outliers: number[];
  /** Samples taken and then counted as warm-up, because they were still falling. */
  dropped: number;
  /** Set when the samples still fell after MAX_WARMING_DROPS drops: the medians of their first and second halves. */
  warming?: [first: number, second: number];
}

interface RowState {
  baseline: boolean;
  samples: number[];
  /** The baseline's sample of the same round, per sample (NaN where it had none). */
  paired: number[];
  floor: number;
  drops: number;
  dropped: number;
  taken: number;
  done: boolean;
  failed: boolean;
  stop?: StopReason;
  warming?: [number, number];
}

/**
 * Randomized multiple interleaved trials (Abedi and Brecht, ICPE 2017) for
 * the rows of one workload: every round runs each row still sampling once,
 * in a new random order, and the baseline in every round where another row
 * runs, so each row's sample has the baseline's from the same round beside
 * it. A speed-up is then taken from those pairs (`pairedRatio`): a machine
 * that drifts (5% over 90 s on the VM this was built on) or a host that
 * takes a core for a while slows both sides of a pair, instead of landing
 * in a ratio of two medians taken minutes apart.
 *
 * A row stops once its interval is within the precision (the speed-up's,
 * where it has a baseline), at the cap, or when another round would overrun
 * the budget; never below the floor. A row that stops with samples still
 * falling (`stillWarming`, on its own samples or on the baseline's beside
 * them) has their first half counted as warm-up and samples a floor more,
 * twice at most. The caller supplies time and order, so the rule is a pure
 * function of what it is told.
 */
export class Rounds {
  readonly #rows: RowState[];
  readonly #rule: RoundsRule;
  readonly #random: () => number;
  readonly #baseline: number;
  /** The baseline's sample in the round under way. */
  #current: Map<number, number> = new Map();
  #roundStart?: number;
  #lastRoundMs = 0;

  constructor(rows: readonly { baseline: boolean }[], rule: RoundsRule, random: () => number = Math.random) {
    this.#rule = rule;
    this.#random = random;
    this.#rows = rows.map((r) => ({ baseline: r.baseline, samples: [], paired: [], floor: rule.floor, drops: 0, dropped: 0, taken: 0, done: false, failed: false }));
    this.#baseline = rows.findIndex((r) => r.baseline);
  }

  /**
   * Closes the round under way and returns the rows of the next one, in the
   * order to run them; empty once every row has stopped. `spentMs` is the
   * time spent so far against the budget; the last round's length is the
   * estimate of the next one's.
   */
  next(spentMs: number): number[] {
    this.#closeRound();
    if (this.#roundStart !== undefined) this.#lastRoundMs = spentMs - this.#roundStart;
    const overBudget = spentMs + this.#lastRoundMs > this.#rule.budgetMs;
    const running: number[] = [];
    this.#rows.forEach((row, i) => {
      if (!row.done && !row.failed && !this.#wants(row, i, overBudget)) this.#settle(row, i, overBudget);
      if (!row.done && !row.failed) running.push(i);
    });
    const base = this.#rows[this.#baseline];
    // The baseline runs wherever another row does: their pairs need it.
    if (base && !base.failed && base.done && running.some((i) => i !== this.#baseline)) running.push(this.#baseline);
    if (running.length === 0) return [];
    this.#roundStart = spentMs;
    return shuffle(running, this.#random);
  }

  /** A row's sample in the round under way. */
  add(row: number, ms: number): void {
    const r = this.#rows[row]!;
    r.samples.push(ms);
    r.taken++;
    if (row === this.#baseline) this.#current.set(row, ms);
  }

  /** A row that failed takes no further part; its samples are dropped. */
  fail(row: number): void {
    const r = this.#rows[row]!;
    r.failed = true;
    r.samples = [];
    r.paired = [];
  }

  /** Samples taken by a row so far, dropped ones included (for progress). */
  taken(row: number): number {
    return this.#rows[row]!.taken;
  }

  /** The verdict on a row once `next` has returned no rows; undefined for a row that failed or took no sample. */
  result(row: number): RowSampling | undefined {
    const r = this.#rows[row]!;
    if (r.failed || r.samples.length === 0) return undefined;
    const summary = summarize(r.samples);
    const paired = this.#isPaired(row) ? r.paired : undefined;
    return {
      samples: [...r.samples],
      ...(paired ? { pairedBaselineMs: [...paired] } : {}),
      summary,
      stop: r.stop ?? "budget",
      noisy: this.#halfWidth(r, row) > this.#rule.precision,
      outliers: outliers(r.samples),
      dropped: r.dropped,
      ...(r.warming ? { warming: r.warming } : {}),
    };
  }

  /** Pairs the round's samples with the baseline's sample of the same round. */
  #closeRound(): void {
    const base = this.#current.get(this.#baseline);
    this.#rows.forEach((r, i) => {
      if (i === this.#baseline) return;
      // Rows that ran this round have one sample more than pairs.
      while (r.paired.length < r.samples.length) r.paired.push(base ?? Number.NaN);
    });
    this.#current = new Map();
  }

  #isPaired(row: number): boolean {
    return row !== this.#baseline && this.#baseline >= 0 && !this.#rows[this.#baseline]!.failed;
  }

  /** Half the width of the interval that decides for this row, as a fraction. */
  #halfWidth(r: RowState, row: number): number {
    if (this.#isPaired(row)) {
      const ratio = pairedRatio(r.paired, r.samples);
      return ratio && ratio.level >= 0.95 ? ratioHalfWidth(ratio) : Number.POSITIVE_INFINITY;
    }
    const s = summarize(r.samples);
    return s.ci.level >= 0.95 ? relativeHalfWidth(s) : Number.POSITIVE_INFINITY;
  }

  #wants(r: RowState, row: number, overBudget: boolean): boolean {
    if (r.samples.length < r.floor) return true;
    if (r.samples.length >= Math.max(r.floor, this.#rule.cap ?? MAX_SAMPLES)) return !(r.stop = "cap");
    if (this.#halfWidth(r, row) <= this.#rule.precision) return !(r.stop = "precision");
    if (overBudget) return !(r.stop = "budget");
    return true;
  }

  /** A row that has stopped: its samples still falling are warm-up, a floor's worth more is taken (twice at most); else it is done. */
  #settle(r: RowState, row: number, overBudget: boolean): void {
    const precision = this.#rule.precision;
    const falling = stillWarming(r.samples, precision) || (this.#isPaired(row) && stillWarming(r.paired, precision));
    if (!falling) {
      r.done = true;
      return;
    }
    if (r.drops === MAX_WARMING_DROPS) {
      const [first, second] = halfMedians(r.samples);
      r.warming = [first, second];
      r.done = true;
      return;
    }
    const half = r.samples.length >> 1;
    r.samples = r.samples.slice(half);
    r.paired = r.paired.slice(half);
    r.dropped += half;
    r.drops++;
    // A floor's worth of new samples, whatever the budget says, so the next look is not at the same samples again.
    r.floor = r.samples.length + this.#rule.floor;
    r.stop = undefined;
    if (!this.#wants(r, row, overBudget)) r.done = true;
  }
}
