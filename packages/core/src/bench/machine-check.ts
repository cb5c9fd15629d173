import { calibrateSpin, checkSpin, spinDigest } from "../experiments/spin-work.ts";
import { Pool, type TaskRecord } from "../pool/pool.ts";
import type { MachineCheck, Scenario } from "../schema/result.ts";
import type { RuntimeAdapter } from "../probe/runtime-probe.ts";
import { strategyOf } from "../strategies/index.ts";
import { spin } from "../workloads/spin.ts";
import type { PerPreset } from "../workloads/types.ts";
import type { BenchWorkerApi } from "../bench-kit/worker-api.ts";

/**
 * Below this share of the cores' worth a row could use, the machine was busy with something else: the row is marked.
 * On a quiet 2-core VM the checks read 1.68–2.0× (a worker still exiting, a timer tick); with a CPU hog beside the
 * runner they read 1.01–1.15×, and the host's own load once took two bare threads to 1.37×.
 */
export const BUSY_BELOW = 0.8;

/**
 * When a runner checks, by preset (smoke, quick, default, full): both before its first parallel row and after its
 * last, or only after. A check costs 0.1-0.2 s and quick runs six runners a runtime: dropping the start checks took
 * quick from 75.6 s to 72.4 s over four runtimes (Node 15.8 s to 15.0 s).
 */
export const CHECKS_AT: PerPreset<MachineCheck["at"][]> = [
  ["end"],
  ["end"],
  ["start", "end"],
  ["start", "end"],
];

/** Long enough that a scheduler hiccup (0.2 ms every 7 ms here) is a few percent of a round, short enough that a check costs 0.1–0.2 s. */
const WORK_MS = 10;
const ROUNDS = 3;
/** A 10 ms spin that has not answered in this long has no figure worth waiting for. */
const CALL_LIMIT_MS = 5_000;
const START_LIMIT_MS = 20_000;

/** Spin iterations per µs on this thread, measured once per runner: an end check after a start check reuses its figure. */
let rate: number | undefined;

/**
 * How much parallel speed this machine gives right now: `cores` workers spin
 * the same work together, started at one gate, against one of them alone.
 * Nothing is shared and nothing waits once they start, so the ratio is the
 * most any strategy could reach. On a virtual machine it moves with the
 * host's load, which the guest cannot see (/proc/stat counted no steal
 * time): on the 2-core VM this was built on, two bare threads each computing
 * half of spectral-norm took 55 ms, and 75–81 ms a few minutes later, and
 * the pool's rows measured then were as much slower. Checked before a
 * runner's first parallel row and after its last (after the last only in
 * smoke and quick: CHECKS_AT), so such a run is told apart from a slow strategy. Undefined on one core, where there is no
 * parallel speed to check. Throws when the workers fail or answer wrongly.
 */
export async function machineCheck(adapter: RuntimeAdapter, at: MachineCheck["at"], workloads: string[]): Promise<MachineCheck | undefined> {
  const cores = adapter.cpuCount();
  if (cores < 2) return undefined;
  rate ??= calibrateSpin(adapter, 2);
  // One input for every worker: one answer to check them all against, computed once here.
  const input = { iterations: Math.round(WORK_MS * 1000 * rate), seed: 7 };
  const expected = spin(input);
  const digest = (n: number) => spinDigest(Array.from({ length: n }, () => expected));
  let records: TaskRecord[] = [];
  const pool = new Pool<BenchWorkerApi>(adapter, adapter.benchWorkerUrl, {
    size: cores,
    timeout: CALL_LIMIT_MS,
    startTimeout: START_LIMIT_MS,
    name: "threadlab-machine-check",
    onTask: (r) => records.push(r),
  });
  const shared = typeof SharedArrayBuffer === "function";
  const together = async (): Promise<number | undefined> => {
    // Without shared memory (a page that is not cross-origin isolated) there is no gate: a late worker then only lowers the figure.
    const gate = shared ? new SharedArrayBuffer(8) : undefined;
    if (gate) new Int32Array(gate)[1] = cores;
    records = [];
    const outcomes = await Promise.all(Array.from({ length: cores }, () => pool.api.timedSpin(input, gate)));
    checkSpin("machine check", digest(cores), outcomes.map((o) => o.answer));
    // A round where one worker took two calls (another was still waking) times the pool, not the machine.
    if (new Set(records.map((r) => r.workerId)).size < cores) return undefined;
    // From the first start to the last end, on the shared clock: threads taking turns on one core take as long as one doing it all.
    return Math.max(...outcomes.map((o) => o.end)) - Math.min(...outcomes.map((o) => o.start));
  };
  try {
    await pool.ready();
    await together(); // every worker's spin loop optimized before it is timed
    // The quickest of the rounds, alone and together: a passing hiccup must not mark a whole workload; a busy host slows every round.
    let soloMs = Number.POSITIVE_INFINITY;
    let parallelMs = Number.POSITIVE_INFINITY;
    let rounds = 0;
    for (let tries = 0; rounds < ROUNDS && tries < 2 * ROUNDS; tries++) {
      const alone = await pool.api.timedSpin(input);
      checkSpin("machine check", digest(1), [alone.answer]);
      const span = await together();
      if (span === undefined) continue;
      rounds++;
      soloMs = Math.min(soloMs, alone.end - alone.start);
      parallelMs = Math.min(parallelMs, span);
    }
    if (rounds === 0) throw new Error(`no round ran on all ${cores} workers at once in ${2 * ROUNDS} tries`);
    // Above `cores` only the solo round was slow (in Bun one check read 11.9 ms alone, 10.2 ms together): no machine gives more.
    return { at, workloads, threads: cores, soloMs, parallelMs, speedup: Math.min(cores, (cores * soloMs) / parallelMs) };
  } finally {
    await pool.close();
  }
}

/** Rows that run on several threads or processes: the ones a busy machine slows, and the checks are for. */
export function parallelRow(s: Pick<Scenario, "strategy" | "threads">): boolean {
  return s.threads >= 2 && strategyOf(s.strategy).runsOn !== "caller";
}

/**
 * Why a parallel row of `threads` measured beside these checks understates the strategy; undefined when every check
 * gave at least BUSY_BELOW of the cores the row could use (2 threads on a 64-core machine need 2 cores' worth, not 64).
 */
export function busyReason(checks: readonly MachineCheck[], threads: number): string | undefined {
  if (threads < 2) return undefined;
  const short = checks.filter((c) => c.speedup < BUSY_BELOW * Math.min(threads, c.threads));
  const worst = short.reduce<MachineCheck | undefined>((w, c) => (!w || c.speedup < w.speedup ? c : w), undefined);
  if (!worst) return undefined;
  return `the machine was busy: ${worst.threads} independent threads together ran only ${worst.speedup.toFixed(2)}× as fast as one (checked at the ${worst.at} of this workload's parallel rows), so this workload's parallel rows had fewer cores than the machine reports and understate what the strategy gets on a quiet machine`;
}

/** Marks every measured parallel row of `scenarios` that the checks found short of cores. */
export function markBusy(scenarios: Scenario[], checks: readonly MachineCheck[], cores: number): void {
  for (const s of scenarios) {
    if (!s.summary || !parallelRow(s)) continue;
    const busy = busyReason(checks, Math.min(s.threads, cores));
    if (busy) s.busy = busy;
  }
}
