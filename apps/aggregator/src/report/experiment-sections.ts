import type { ResultSet } from "../results/read-results.ts";
import { breakEvenTable } from "./break-even.ts";
import type { Table } from "./experiment-tables.ts";
import { singleCoreTable } from "./single-core.ts";

/** The break-even and single-core tables, in the order every rendering shows them. */
export function costTables(set: ResultSet): Table[] {
  return [breakEvenTable(set), singleCoreTable(set)].filter((t): t is Table => !!t);
}

export const COST_SECTION = { id: "worth-it", title: "When workers pay, and what one core costs" } as const;
