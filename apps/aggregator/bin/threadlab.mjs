#!/usr/bin/env node
// The CLI is TypeScript built by tsup; point at the fix when it has not been built.
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  console.error("threadlab: the CLI is not built yet. Run `npm run build` (or `pnpm build`) at the repository root.");
  process.exit(2);
}
await import(cli.href);
