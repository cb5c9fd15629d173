import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * The files a README's example is made of: each fenced js/ts block whose
 * first line is `// <file name>`, and each html block whose first line is
 * `<!-- <file name> -->`, as pasted (that line included).
 */
export function readmeFiles(readmePath: string): Map<string, string> {
  const text = readFileSync(readmePath, "utf8");
  const files = new Map<string, string>();
  for (const [, body] of text.matchAll(/^```(?:js|ts|mjs|html)\n([\s\S]*?)^```$/gm)) {
    const name = /^(?:\/\/ ([\w.-]+\.(?:m?js|ts))|<!-- ([\w.-]+\.html) -->)\n/.exec(body!);
    if (name) files.set((name[1] ?? name[2])!, body!);
  }
  return files;
}

/**
 * What the example says it prints: the `// value` comment after each
 * `console.log(...)` line of `source`, in order.
 */
export function promisedOutput(source: string): string[] {
  return [...source.matchAll(/console\.log\(.*\/\/ (.+)$/gm)].map((m) => m[1]!.trim());
}

/** Writes an example's files into `dir` (created if missing), as a user pasting them would. */
export async function writeExample(dir: string, files: ReadonlyMap<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, body] of files) await writeFile(join(dir, name), body);
}
