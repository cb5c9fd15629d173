import type { ReportModel } from "../model.ts";
import { SECTION } from "../sections.ts";
import { collapsible } from "./layout.ts";
import { html, type SafeHtml } from "./template.ts";

/** The findings in full: a sentence per concept, each generated from the results, behind the verdict's short answers. */
export function findingsSection(model: ReportModel): SafeHtml {
  if (model.findings.length === 0) return html``;
  return collapsible(
    SECTION.findings.id,
    SECTION.findings.title,
    html`<ul>${model.findings.map((f) => html`<li>${f.text}</li>`)}</ul>
<p class="meta">Each sentence is generated from this run's results; a concept whose figures are missing, failed or suspect here has none.</p>`,
    2,
    `${model.findings.length} sentences, each with its figures`,
  );
}
