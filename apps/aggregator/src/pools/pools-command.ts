import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { writeAtomic } from "../results/write-atomic.ts";
import { UsageError } from "../usage-error.ts";
import type { PoolsRequest } from "./options.ts";
import { race } from "./race.ts";
import { poolsResult } from "./summary.ts";
import { renderTable } from "./table.ts";

/**
 * `threadlab pools`: races the worker pools in this process and prints or
 * writes the result. Exit code 1 when any contender failed, so a script notices
 * an error row without parsing the table.
 */
export async function poolsCommand(request: PoolsRequest, log = (s: string) => process.stderr.write(`${s}\n`)): Promise<number> {
  const out = request.out === undefined ? undefined : resolve(request.out);
  if (out) {
    // Fail before minutes of measuring, not after.
    try {
      await mkdir(dirname(out), { recursive: true });
    } catch (error) {
      throw new UsageError(`--out: cannot create folder ${dirname(out)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  const s = request.settings;
  log(`threadlab pools: ${request.contenders.map((c) => c.name).join(", ")}; ${s.threads} thread(s), ${s.rounds} round(s)`);
  const { runs, leaked } = await race(request.contenders, s, log);
  const result = poolsResult(runs, s);
  const json = `${JSON.stringify(result, null, 2)}\n`;
  if (out) {
    await writeAtomic(out, json);
    log(`written: ${out}`);
  }
  process.stdout.write(request.json ? json : renderTable(result));
  const exitCode = result.contenders.every((c) => c.ok) ? 0 : 1;
  if (leaked) {
    // A pool that would not close may still hold live threads, which would keep this process alive forever.
    log("threadlab pools: a pool did not close in time; exiting without waiting for its threads");
    process.exit(exitCode);
  }
  return exitCode;
}
