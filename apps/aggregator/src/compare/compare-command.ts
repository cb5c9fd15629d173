import { resolve } from "node:path";
import { readResults } from "../results/read-results.ts";
import { compareResults } from "./compare-results.ts";
import { renderComparison } from "./compare-view.ts";

/** `threadlab compare BEFORE AFTER`: the terminal text, or the comparison as JSON. */
export async function compareCommand(before: string, after: string, options: { threshold?: number; json?: boolean } = {}): Promise<string> {
  const comparison = compareResults(await readResults(resolve(before)), await readResults(resolve(after)), options.threshold ?? 5);
  return options.json ? JSON.stringify(comparison, null, 2) : renderComparison(comparison, before, after);
}
