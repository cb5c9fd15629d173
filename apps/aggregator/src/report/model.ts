import type { Plan, Result, Scenario } from "@threadlab/core";
import type { ResultSet } from "../results/read-results.ts";
import { collate, columnCores, columnKey, columns, machineTag, type Row, type WorkloadTable } from "./collate.ts";
import { CONCEPTS, type Concept } from "./concepts.ts";
import { costTables } from "./experiment-sections.ts";
import { conceptTables, experimentErrors, overheadsTable, payloadTable } from "./experiment-tables.ts";
import { findingLine, findings } from "./findings.ts";
import type { Table } from "./format/table.ts";
import { buildOverview, type Overview } from "./overview.ts";
import { POOL_PROFILES, poolFindings, poolsTables, poolsVerdicts, type PoolsVerdict } from "./pools-tables.ts";
import { verdicts, type Verdict } from "./verdict.ts";
import { serviceCharts, serviceFindings, serviceOverview, serviceOverviewLabel, serviceTables, type ServiceChart } from "./service-tables.ts";
import { viewScenario, type ScenarioView } from "./scenario-view.ts";

/** A result with its column and how many of its scenarios verified. */
export interface RuntimeEntry {
  column: string;
  result: Result;
  ok: number;
  ran: number;
}

/** A row of a workload table with each cell's view next to its scenario. */
export interface ViewedRow extends Row {
  views: Map<string, ScenarioView>;
}

export interface ViewedTable extends Omit<WorkloadTable, "rows"> {
  rows: ViewedRow[];
}

/** One scenario of one result, with its view: summary.json's rows and the per-scenario overheads. */
export interface ScenarioEntry {
  column: string;
  result: Result;
  scenario: Scenario;
  view: ScenarioView;
}

/** The service experiment (`threadlab service`), where it wrote files beside the results. */
export interface ServiceModel {
  findings: string[];
  tables: Table[];
  charts: ServiceChart[];
  /** The overview's row: one short figure per runtime, and the row's name. */
  overview: Map<string, string>;
  overviewLabel: string;
}

export interface PoolsModel {
  findings: string[];
  tables: Table[];
  /** Profiles of the pools that ran in this set. */
  profiles: ReadonlyArray<[string, string]>;
}

/**
 * Everything the renderings (HTML, Markdown, terminal, summary.json) read,
 * computed once from a result set: each renderer only lays it out.
 */
export interface ReportModel {
  generatedAt: Date;
  resultCount: number;
  columns: string[];
  /** In the order of the result files. */
  runtimes: RuntimeEntry[];
  /** The same in column order (core's runtime order, machine by machine). */
  runtimesByColumn: RuntimeEntry[];
  /** One result per machine, for the machine table. */
  machines: Result[];
  /** Runtime names that have a result here. */
  present: Set<string>;
  failures: ResultSet["failures"];
  /** The distinct plans, the first result's first. */
  plans: Plan[];
  /** The first lines: one short answer per question, each pointing at its section. */
  verdicts: Verdict[];
  /** Per runtime that raced, threadlab's tiny-task rate against the fastest peer's (the overview's last row). */
  poolsRace: PoolsVerdict[];
  findings: Array<{ concept: string; text: string }>;
  workloads: ViewedTable[];
  /** Runtime × workload: the thread pool's speed-up at n = cores (see `buildOverview`). */
  overview: Overview;
  scenarios: ScenarioEntry[];
  experimentErrors: string[];
  concepts: ReadonlyArray<{ concept: Concept; tables: Table[] }>;
  costTables: Table[];
  overheadTables: Table[];
  pools?: PoolsModel;
  service?: ServiceModel;
  /** Every runtime ran and every scenario verified. */
  allOk: boolean;
}

export function buildReportModel(set: ResultSet, generatedAt = new Date()): ReportModel {
  const cols = columns(set);
  const cores = columnCores(set);
  const coresOf = (c: string) => cores.get(c) ?? Number.POSITIVE_INFINITY;
  const byMachine = new Map<string, Result>();
  for (const r of set.results) byMachine.set(machineTag(r), r);
  const byConcept = conceptTables(set);
  const poolNames = new Set(set.pools.flatMap((p) => p.contenders.map((c) => c.name.split("@")[0]!)));
  const workloads: ViewedTable[] = collate(set).map((t) => ({
    ...t,
    rows: t.rows.map((row) => ({
      ...row,
      views: new Map([...row.cells].map(([c, s]) => [c, viewScenario(s, coresOf(c))])),
    })),
  }));
  const overview = buildOverview(workloads, cols, coresOf);
  const poolsRace = poolsVerdicts(set);
  const runtimes = set.results.map((result) => ({
    column: columnKey(result, set),
    result,
    ok: result.scenarios.filter((s) => s.status === "ok").length,
    ran: result.scenarios.filter((s) => s.status !== "skipped").length,
  }));
  return {
    generatedAt,
    resultCount: set.results.length,
    columns: cols,
    runtimes,
    runtimesByColumn: [...runtimes].sort((a, b) => cols.indexOf(a.column) - cols.indexOf(b.column)),
    machines: [...byMachine.values()],
    present: new Set(set.results.map((r) => r.runtime.name as string)),
    failures: set.failures,
    plans: [...new Set(set.results.map((r) => JSON.stringify(r.plan)))].map((p) => JSON.parse(p) as Plan),
    verdicts: verdicts(set, overview, poolsRace),
    poolsRace,
    findings: findings(set).map((f) => ({ concept: f.concept, text: findingLine(f) })),
    workloads,
    overview,
    scenarios: runtimes.flatMap(({ column, result }) =>
      result.scenarios.map((scenario) => ({ column, result, scenario, view: viewScenario(scenario, result.machine.cores) })),
    ),
    experimentErrors: experimentErrors(set),
    concepts: CONCEPTS.map((concept) => ({ concept, tables: byConcept[concept.id] ?? [] })),
    costTables: costTables(set),
    overheadTables: [overheadsTable(set), payloadTable(set)].filter((t): t is Table => !!t),
    ...(set.pools.length
      ? { pools: { findings: poolFindings(set), tables: poolsTables(set), profiles: POOL_PROFILES.filter(([name]) => poolNames.has(name)) } }
      : {}),
    ...(set.service.length
      ? { service: { findings: serviceFindings(set), tables: serviceTables(set), charts: serviceCharts(set), overview: serviceOverview(set), overviewLabel: serviceOverviewLabel(set) } }
      : {}),
    allOk:
      set.failures.length === 0 &&
      set.service.every((s) => !s.error && s.runs.every((r) => !r.error)) &&
      set.results.every((r) => r.scenarios.every((s) => s.status !== "failed") && !r.experiments?.errors),
  };
}
