import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The workspace root: three levels above this package's dist/ or src/runtimes/. */
function workspaceBin(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "node_modules", ".bin");
    try {
      accessSync(join(dir, "pnpm-workspace.yaml"));
      return candidate;
    } catch {
      dir = dirname(dir);
    }
  }
  return join(process.cwd(), "node_modules", ".bin");
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where to look for `name`, in order: the workspace's node_modules/.bin
 * (where `pnpm install` puts deno and bun), then PATH, then `envVar`.
 */
export function candidates(name: string, envVar?: string): string[] {
  const out = [join(workspaceBin(), name)];
  for (const dir of (process.env.PATH ?? "").split(delimiter)) if (dir) out.push(join(dir, name));
  const fromEnv = envVar ? process.env[envVar] : undefined;
  if (fromEnv) out.push(fromEnv);
  return out;
}

export function findExecutable(name: string, envVar?: string): string | undefined {
  return candidates(name, envVar).find(executable);
}

/** Runs `path args` and returns its trimmed stdout, or throws with its stderr. */
export async function versionOf(path: string, args: string[]): Promise<string> {
  const { stdout } = await run(path, args, { timeout: 15_000 });
  return stdout.trim();
}
