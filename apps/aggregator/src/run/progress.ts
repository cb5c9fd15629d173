import type { ProgressEvent } from "@threadlab/core";
import pc from "picocolors";
import { strategyLabel } from "../report/collate.ts";
import { ms } from "../report/format/units.ts";

/** "~45 s left", "~3 min 10 s left". */
export function timeLeft(msLeft: number): string {
  const s = Math.max(0, Math.round(msLeft / 1000));
  return s < 60 ? `~${s} s left` : `~${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s left`;
}

/**
 * Progress on stderr: the scenario count and an estimate of the time left
 * (this runtime's, from its runner, plus `laterMs` for the runtimes still to
 * come). On a terminal one line is redrawn as samples come in; elsewhere
 * (CI, pipes) each finished scenario prints one line.
 */
export class ProgressView {
  #tty: boolean;
  #current = "";
  /** Rows by index: a workload's rows take turns, so a sample may belong to any row started so far. */
  #rows = new Map<number, string>();
  #startedAt = Date.now();
  #eta?: { ms: number; at: number };
  /** The runner's first estimate of its whole run: a guess for the runtimes after it. */
  firstEtaMs?: number;

  constructor(
    private readonly runtime: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly laterMs: () => number = () => 0,
  ) {
    this.#tty = Boolean(stream.isTTY) && !process.env.CI;
  }

  #left(): string {
    if (!this.#eta) return "";
    return pc.dim(timeLeft(Math.max(0, this.#eta.ms - (Date.now() - this.#eta.at)) + this.laterMs()));
  }

  #estimate(etaMs: number | undefined): void {
    if (etaMs === undefined) return;
    this.firstEtaMs ??= etaMs;
    this.#eta = { ms: etaMs, at: Date.now() };
  }

  update(event: ProgressEvent): void {
    const tag = pc.cyan(this.runtime.padEnd(8));
    switch (event.type) {
      case "scenario-start": {
        this.#estimate(event.etaMs);
        const how = strategyLabel(event);
        this.#current = `[${event.index + 1}/${event.total}] ${event.workload} ${how} N=${event.size}`;
        this.#rows.set(event.index, this.#current);
        this.#draw(`${tag} ${this.#current} … ${this.#left()}`);
        break;
      }
      case "sample": {
        const width = event.halfWidth === undefined ? "" : ` ±${(event.halfWidth * 100).toFixed(1)}%`;
        this.#draw(`${tag} ${this.#rows.get(event.index) ?? this.#current} sample ${event.sample}${width} ${ms(event.ms)} ${this.#left()}`);
        break;
      }
      case "scenario-end": {
        const flags = [event.n !== undefined ? `n ${event.n}` : "", event.noisy ? pc.yellow("noisy") : "", event.suspect ? pc.magenta("suspect") : ""].filter(Boolean);
        const status =
          event.status === "ok"
            ? `${pc.green(`ok median ${ms(event.medianMs ?? 0)}`)}${flags.length ? `, ${flags.join(", ")}` : ""}`
            : event.status === "skipped"
              ? pc.dim(`skipped (${event.error ?? "not applicable"})`)
              : pc.red(`FAILED ${event.error ?? ""}`);
        this.#line(`${tag} ${this.#rows.get(event.index) ?? this.#current} ${status} ${this.#left()}`.trimEnd());
        break;
      }
      case "experiment": {
        if (event.status === "start") {
          this.#estimate(event.etaMs);
          this.#draw(`${tag} experiment ${event.name} … ${this.#left()}`);
        } else if (event.status === "ok") this.#line(`${tag} experiment ${event.name} ${pc.green("ok")}`);
        else this.#line(`${tag} experiment ${event.name} ${pc.red(`FAILED ${event.error ?? ""}`)}`);
        break;
      }
    }
  }

  /** A line that stays (clears any redrawn line first). */
  #line(text: string): void {
    if (this.#tty) this.stream.write(`\r\x1b[2K${text}\n`);
    else this.stream.write(`${text}\n`);
  }

  #draw(text: string): void {
    if (this.#tty) this.stream.write(`\r\x1b[2K${text.slice(0, (this.stream.columns ?? 120) - 1)}`);
  }

  done(message: string): void {
    const secs = ((Date.now() - this.#startedAt) / 1000).toFixed(1);
    this.#line(`${pc.cyan(this.runtime.padEnd(8))} ${message} (${secs} s)`);
  }
}
