/**
 * The one list this test works from: every published package (packed,
 * linted, installed) and every README example run from the install. A new
 * case (the web package's Vite-built page in Chromium, say) is one more
 * entry in EXAMPLES with its runtime's command.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { jsrStyle } from "./jsr-style.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Workspace folders of the published packages, relative to the repository root. */
export const PACKAGES = [
  // `programs`: entry points that are programs, not library API; arethetypeswrong does not look for their types.
  { name: "@threadlab/core", dir: "packages/core", programs: [] },
  { name: "@threadlab/node", dir: "packages/node", programs: ["./runner", "./service"] },
  { name: "@threadlab/deno", dir: "packages/deno", programs: ["./runner", "./service"] },
  { name: "@threadlab/bun", dir: "packages/bun", programs: ["./runner", "./service"] },
  { name: "@threadlab/web", dir: "packages/web", programs: [] },
] as const;

export interface Example {
  /** Folder name under the install's examples/. */
  id: string;
  /** README (relative to the repository root) whose code blocks make up the example. */
  readme: string;
  /** The program among the README's files. */
  main: string;
  /** The runtime's executable, or why it cannot run here. */
  runtime: () => { path: string } | { skip: string };
  /** How that runtime runs `main` (cwd: the example's folder). */
  args: (main: string) => string[];
  /** Whether each `console.log(...); // value` line of the program promises that output line. */
  promisesOutput: boolean;
  /** A type-check of the program against the installed types, where the runtime has one. */
  check?: (main: string) => string[];
  /** Anything the example's folder needs beside the README's files. */
  prepare?: (exampleDir: string, install: string) => Promise<void>;
}

/** The executable `name` as found on PATH (pnpm puts the workspace's node_modules/.bin there). */
function onPath(name: string): { path: string } | { skip: string } {
  try {
    execFileSync(name, ["--version"], { stdio: "ignore", timeout: 30_000 });
    return { path: name };
  } catch {
    return { skip: `${name} not found on PATH (it is a dev dependency: run pnpm install at the repository root)` };
  }
}

export const EXAMPLES: Example[] = [
  {
    id: "node",
    readme: "packages/node/README.md",
    main: "main.mjs",
    runtime: () => ({ path: process.execPath }),
    args: (main) => [main],
    promisesOutput: false, // its comments explain, they do not show output
  },
  {
    id: "deno-npm",
    readme: "packages/deno/README.md",
    main: "main.ts",
    runtime: () => onPath("deno"),
    // Installed under node_modules, the packages need no read flag; the example's own folder does.
    args: (main) => ["run", "--no-prompt", "--allow-read=.", main],
    promisesOutput: true,
    check: (main) => ["check", main],
  },
  {
    id: "deno-jsr",
    readme: "packages/deno/README.md",
    main: "main.ts",
    runtime: () => onPath("deno"),
    // The JSR copy is TypeScript outside node_modules: its folder must be readable too.
    args: (main) => ["run", "--no-prompt", "--allow-read=.,../../jsr", main],
    promisesOutput: true,
    check: (main) => ["check", main],
    prepare: (exampleDir, install) => jsrStyle(`${ROOT}packages/deno`, install, exampleDir),
  },
  {
    id: "bun",
    readme: "packages/bun/README.md",
    main: "main.ts",
    runtime: () => onPath("bun"),
    args: (main) => [main],
    promisesOutput: true,
  },
];
