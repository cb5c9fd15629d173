import { VerificationError } from "../errors.ts";
import { calibrateSpin } from "../experiments/spin-work.ts";
import { Pool, type TaskRecord } from "../pool/pool.ts";
import type { MachineCheck } from "../result.ts";
import type { RuntimeAdapter } from "../seam.ts";
import { spin } from "../workloads/spin.ts";
import type { BenchWorkerApi } from "./worker-api.ts";

/**
 * Below this share of its cores' worth, the machine was busy with something else: its parallel rows are marked.
 * On a quiet 2-core VM the checks read 1.68–2.03× (a worker still exiting, a timer tick); a CPU hog beside the
 * runner gave 1.07–1.15×, and the host's own load 1.37×.
 */
export const BUSY_BELOW = 0.8;

/** Long enough that a scheduler hiccup (0.2 ms every 7 ms here) is a few percent of a round, short enough that a check costs about 0.1 s. */
const WORK_MS = 10;
const ROUNDS = 3;

/**
 * How much parallel speed this machine gives right now: `cores` workers each
 * spin the same work at once, against one of them alone. Nothing is shared
 * and nothing waits, so the ratio is the most any strategy could reach. On a
 * virtual machine it moves with the host's load, which the guest cannot see
 * (/proc/stat counted no steal time): on the 2-core VM this was built on,
 * two bare threads each computing half of spectral-norm took 55 ms, and
 * 75–81 ms a few minutes later, and the pool's rows measured then were as
 * much slower. Checked before a runner's first parallel row and after its
 * last, so such a run is told apart from a slow strategy. Undefined on one
 * core, where there is no parallel speed to check.
 */
export async function machineCheck(
  adapter: RuntimeAdapter,
  at: MachineCheck["at"],
  workloads: string[],
  timeoutMs: number,
): Promise<MachineCheck | undefined> {
  const cores = adapter.cpuCount();
  if (cores < 2) return undefined;
  const iterations = Math.round(WORK_MS * 1000 * calibrateSpin(adapter, 2));
  // One input for every worker: one answer to check them all against, computed once here.
  const input = { iterations, seed: 7 };
  const expected = spin(input);
  const inputs = Array.from({ length: cores }, () => input);
  let records: TaskRecord[] = [];
  const pool = new Pool<BenchWorkerApi>(adapter, adapter.benchWorkerUrl, {
    size: cores,
    timeout: timeoutMs,
    name: "threadlab-machine-check",
    onTask: (r) => records.push(r),
  });
  try {
    await pool.ready();
    const timed = () => Promise.all(inputs.map((input) => pool.api.timedSpin(input)));
    await timed(); // every worker's spin loop optimized before it is timed
    // The quickest of the rounds, alone and together: a passing hiccup must not mark a whole workload; a busy host slows every round.
    let soloMs = Number.POSITIVE_INFINITY;
    let parallelMs = Number.POSITIVE_INFINITY;
    let rounds = 0;
    // A round where one worker took two calls (another was still waking) times the pool, not the machine: one more try each.
    for (let tries = 0; rounds < ROUNDS && tries < 2 * ROUNDS; tries++) {
      const alone = (await pool.api.timedSpin(input)).ms;
      records = [];
      const outcomes = await timed();
      const wrong = outcomes.find((o) => o.answer !== expected);
      if (wrong) throw new VerificationError("machine check", String(expected), String(wrong.answer));
      if (new Set(records.map((r) => r.workerId)).size < cores) continue;
      rounds++;
      soloMs = Math.min(soloMs, alone);
      // Times taken in the workers: the machine's cores, not how soon a sleeping worker woke up (0.1–2 ms here).
      parallelMs = Math.min(parallelMs, Math.max(...outcomes.map((o) => o.ms)));
    }
    if (rounds === 0) return undefined;
    return { at, workloads, threads: cores, soloMs, parallelMs, speedup: (cores * soloMs) / parallelMs };
  } finally {
    await pool.close();
  }
}

/** Why a parallel row measured while the machine was busy understates the strategy; undefined when every check was clear. */
export function busyReason(checks: readonly MachineCheck[], threads: number): string | undefined {
  if (threads < 2) return undefined;
  const worst = checks.reduce<MachineCheck | undefined>((w, c) => (!w || c.speedup / c.threads < w.speedup / w.threads ? c : w), undefined);
  if (!worst || worst.speedup >= worst.threads * BUSY_BELOW) return undefined;
  return `the machine was busy: ${worst.threads} independent threads ran only ${worst.speedup.toFixed(2)}× as fast as one (checked at the ${worst.at} of this workload's rows), so its parallel rows had fewer cores than it reports and understate what the strategy gets on a quiet machine`;
}
