import type { ProgressEvent } from "@threadlab/core";
import pc from "picocolors";
import { strategyLabel } from "../report/collate.ts";
import { ms } from "../report/format.ts";

/**
 * Progress on stderr. On a terminal one line is redrawn as samples come in;
 * elsewhere (CI, pipes) each finished scenario prints one line.
 */
export class ProgressView {
  #tty: boolean;
  #current = "";
  #startedAt = Date.now();

  constructor(private readonly runtime: string, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.#tty = Boolean(stream.isTTY) && !process.env.CI;
  }

  update(event: ProgressEvent): void {
    const tag = pc.cyan(this.runtime.padEnd(8));
    switch (event.type) {
      case "scenario-start": {
        const how = strategyLabel(event);
        this.#current = `[${event.index + 1}/${event.total}] ${event.workload} ${how} N=${event.size}`;
        this.#draw(`${tag} ${this.#current} …`);
        break;
      }
      case "sample":
        this.#draw(`${tag} ${this.#current} sample ${event.sample}/${event.samples} ${ms(event.ms)}`);
        break;
      case "scenario-end": {
        const status =
          event.status === "ok"
            ? pc.green(`ok median ${ms(event.medianMs ?? 0)}`)
            : event.status === "skipped"
              ? pc.dim(`skipped (${event.error ?? "not applicable"})`)
              : pc.red(`FAILED ${event.error ?? ""}`);
        this.#line(`${tag} ${this.#current} ${status}`);
        break;
      }
      case "experiment": {
        if (event.status === "start") this.#draw(`${tag} experiment ${event.name} …`);
        else if (event.status === "ok") this.#line(`${tag} experiment ${event.name} ${pc.green("ok")}`);
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
