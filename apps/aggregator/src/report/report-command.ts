import { join, resolve } from "node:path";
import { readResults } from "../results/read-results.ts";
import { writeAtomic } from "../results/write-atomic.ts";
import { renderHtml } from "./html/render.ts";
import { renderMarkdown } from "./markdown.ts";
import { buildReportModel } from "./model.ts";
import { buildSummary } from "./summary-json.ts";
import { renderTerminal } from "./terminal.ts";

export interface ReportOutcome {
  files: string[];
  terminal: string;
  summary: ReturnType<typeof buildSummary>;
  /** True when every runtime ran and every scenario verified. */
  allOk: boolean;
}

/** `threadlab report DIR`: validates every result in DIR and writes report.html, report.md and summary.json. */
export async function reportCommand(dir: string): Promise<ReportOutcome> {
  const abs = resolve(dir);
  const set = await readResults(abs);
  const model = buildReportModel(set);
  const summary = buildSummary(model);
  const files = [join(abs, "report.html"), join(abs, "report.md"), join(abs, "summary.json")];
  await writeAtomic(files[0]!, renderHtml(model));
  await writeAtomic(files[1]!, renderMarkdown(model));
  await writeAtomic(files[2]!, `${JSON.stringify(summary, null, 2)}\n`);
  return { files, terminal: renderTerminal(model, files[1]), summary, allOk: model.allOk };
}
