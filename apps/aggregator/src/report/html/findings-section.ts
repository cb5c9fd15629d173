import type { ResultSet } from "../../results/read-results.ts";
import { findingLine, findings } from "../findings.ts";
import { esc } from "./escape.ts";

/** The report's opening section: the findings, each sentence generated from the results. */
export function findingsSection(set: ResultSet): string {
  const list = findings(set);
  if (list.length === 0) return "";
  return `<section id="findings"><h2>Findings</h2><ul>${list.map((f) => `<li>${esc(findingLine(f))}</li>`).join("")}</ul>
<p class="meta">Each sentence is generated from this run's results; a concept whose figures are missing, failed or suspect here has none.</p></section>`;
}
