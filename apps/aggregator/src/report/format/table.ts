import type { Result } from "@threadlab/core";
import type { ResultSet } from "../../results/read-results.ts";
import { columnKey, columns } from "../collate.ts";

/** A table as plain strings; markdown and HTML render it, each escaping in its own way. */
export interface Table {
  id: string;
  title: string;
  note: string;
  head: string[];
  rows: string[][];
}

/** A table's column: its name ("node", "node @ host") and the result it shows. */
export type Column = [name: string, result: Result];

/** The results as the tables' columns, in column order (see `columns`). */
export function byColumn(set: ResultSet): Column[] {
  const order = columns(set);
  return set.results
    .map((r) => [columnKey(r, set), r] as Column)
    .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
}
