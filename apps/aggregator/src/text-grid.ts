const ANSI = /\x1b\[[0-9;]*m/g;
const width = (s: string) => s.replace(ANSI, "").length;
const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - width(s)));

/**
 * Rows as aligned columns for a terminal; colour codes take no width. A row
 * shorter than the first is ragged: its last cell (an error row's reason)
 * runs on to the right instead of widening a column.
 */
export function grid(rows: string[][]): string {
  const columns = rows[0]!.length;
  const sizes = (r: string[], i: number) => (r.length === columns || i < r.length - 1 ? width(r[i] ?? "") : 0);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => sizes(r, i))));
  return rows.map((r) => r.map((c, i) => (i < r.length - 1 ? pad(c, widths[i]!) : c)).join("  ").trimEnd()).join("\n");
}

/**
 * `text` as lines of at most `columns` columns, broken at spaces: the first
 * line starts with `first`, the rest with `rest` (a word longer than a line
 * stays whole). For prose in a terminal of 100 columns.
 */
export function wrap(text: string, columns = 100, first = "", rest = first.replace(/\S/g, " ")): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && width(line) + 1 + width(word) > columns) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  if (!empty || lines.length === 0) lines.push(line);
  return lines;
}
