import type { ReportModel } from "../model.ts";
import { html, type SafeHtml } from "./template.ts";

/** The report's opening section: the findings, each sentence generated from the results. */
export function findingsSection(model: ReportModel): SafeHtml {
  if (model.findings.length === 0) return html``;
  return html`<section id="findings"><h2>Findings</h2><ul>${model.findings.map((f) => html`<li>${f.text}</li>`)}</ul>
<p class="meta">Each sentence is generated from this run's results; a concept whose figures are missing, failed or suspect here has none.</p></section>`;
}
