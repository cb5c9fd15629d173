import { execFile } from "node:child_process";
import { accessSync, constants, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";

export type ChromiumProbe = { path: string } | { reason: string };

export const CHROMIUM_FIX =
  "install Debian's `chromium` (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium/Chrome executable";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Chromium builds in a Playwright browser cache, newest revision first. */
function playwrightCache(env: NodeJS.ProcessEnv): string[] {
  const roots = [env.PLAYWRIGHT_BROWSERS_PATH, join(homedir(), ".cache", "ms-playwright")].filter(
    (r): r is string => !!r && r !== "0",
  );
  const out: string[] = [];
  for (const root of roots) {
    let dirs: string[];
    try {
      dirs = readdirSync(root).filter((d) => /^chromium-\d+$/.test(d));
    } catch {
      continue;
    }
    dirs.sort((a, b) => Number(b.split("-")[1]) - Number(a.split("-")[1]));
    for (const d of dirs) out.push(join(root, d, "chrome-linux", "chrome"), join(root, d, "chrome-linux64", "chrome"));
  }
  return out;
}

/** Where to look, in order: CHROMIUM_PATH, /usr/bin/chromium, PATH, a Playwright browser cache. */
export function chromiumCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const out = ["/usr/bin/chromium"];
  for (const name of ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]) {
    for (const dir of (env.PATH ?? "").split(delimiter)) if (dir) out.push(join(dir, name));
  }
  return [...out, ...playwrightCache(env)];
}

/**
 * Finds a Chromium to drive: `{ path }`, or `{ reason }` (one line naming the fix).
 * Never throws. A CHROMIUM_PATH that is set must point at an executable.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumProbe {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    return executable(fromEnv) ? { path: fromEnv } : { reason: `CHROMIUM_PATH=${fromEnv} is not an executable file: ${CHROMIUM_FIX}` };
  }
  const path = chromiumCandidates(env).find(executable);
  return path ? { path } : { reason: `no Chromium found: ${CHROMIUM_FIX}` };
}

/** `chromium --version` as a bare version ("156.0.8078.108"); rejects if it does not run. */
export function chromiumVersion(path: string): Promise<string> {
  return new Promise((ok, fail) => {
    execFile(path, ["--version"], { timeout: 15_000 }, (error, stdout) => {
      if (error) return fail(error);
      const m = /(\d+(?:\.\d+){1,3})/.exec(stdout);
      if (!m) return fail(new Error(`unexpected output from ${path} --version: ${stdout.trim()}`));
      ok(m[1]!);
    });
  });
}
