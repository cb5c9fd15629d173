// @ts-check
/**
 * Turns permissions.json into `deno run` / `deno test` flags. Plain
 * JavaScript with only `node:path`, so Node (the aggregator, the test
 * script) and Deno (the tests) share this one reading of the file.
 *
 * permissions.json maps a Deno permission name (read, write, net, sys, run,
 * env, ...) to a list of values; each entry becomes `--allow-<name>=<v1>,<v2>`.
 * - A value that is exactly `<deno>` becomes `context.deno`: the absolute,
 *   symlink-free path of the Deno executable that will run the program (what
 *   `Deno.execPath()` returns inside it). Deno matches `--allow-run` against
 *   that real path: `node_modules/.bin/deno` (a Node shim) or a symlink to the
 *   binary does not match.
 * - A value that is exactly `<tmp>` becomes `context.tmp`: the directory in
 *   which `Deno.makeTempDir()` creates its directories ($TMPDIR, else /tmp on
 *   Unix; Node's `os.tmpdir()` gives the same when TMPDIR is set or TMP/TEMP
 *   are not).
 * - Any other `read`/`write` value is a path relative to the directory that
 *   holds permissions.json (`context.base`), made absolute here; values of
 *   other permissions (hosts, sys names) are passed as they are.
 * - A permission with an empty list gets no flag at all: `--allow-env=`
 *   with nothing after it must never be produced.
 * Paths must not contain commas (Deno's list separator).
 */
import { resolve } from "node:path";

const PATH_PERMISSIONS = new Set(["read", "write"]);

/**
 * @param {Record<string, string[]>} permissions the parsed permissions.json
 * @param {{ base: string; deno: string; tmp: string }} context
 * @returns {string[]} `--allow-*` flags, in the file's order
 */
export function permissionFlags(permissions, context) {
  const flags = [];
  for (const [name, values] of Object.entries(permissions)) {
    if (!/^[a-z-]+$/.test(name) || !Array.isArray(values)) throw new Error(`permissions.json: bad entry "${name}"`);
    const resolved = values.map((value) => {
      if (value === "<deno>") return context.deno;
      if (value === "<tmp>") return context.tmp;
      if (/^<.*>$/.test(value)) throw new Error(`permissions.json: unknown placeholder ${value}`);
      return PATH_PERMISSIONS.has(name) ? resolve(context.base, value) : value;
    });
    if (resolved.length > 0) flags.push(`--allow-${name}=${resolved.join(",")}`);
  }
  return flags;
}
