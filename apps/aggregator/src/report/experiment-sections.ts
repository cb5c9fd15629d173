import type { ResultSet } from "../results/read-results.ts";
import { breakEvenTable } from "./break-even.ts";
import type { Table } from "./format/table.ts";
import { SECTION } from "./sections.ts";
import { singleCoreTable } from "./single-core.ts";

/** The break-even and single-core tables, in the order every rendering shows them. */
export function costTables(set: ResultSet): Table[] {
  return [breakEvenTable(set), singleCoreTable(set)].filter((t): t is Table => !!t);
}

/** Where the break-even and single-core tables go: one of the report's sections. */
export const COST_SECTION = SECTION.worthIt;
