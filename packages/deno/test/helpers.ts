import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import permissions from "../permissions.json" with { type: "json" };
import { permissionFlags } from "../scripts/permission-flags.mjs";

/** packages/deno: the directory permissions.json's relative paths start from. */
export const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

/** The directory Deno.makeTempDir() uses: what `<tmp>` stands for. */
export async function tempRoot(): Promise<string> {
  const probe = await Deno.makeTempDir();
  await Deno.remove(probe);
  return dirname(probe);
}

/** `--allow-*` flags built from `perms` (default: permissions.json) exactly as a consumer builds them. */
export async function flagsFor(perms: Record<string, string[]> = permissions): Promise<string[]> {
  return permissionFlags(perms, { base: PACKAGE_DIR, deno: Deno.execPath(), tmp: await tempRoot() });
}

export interface Finished {
  code: number;
  signal: Deno.Signal | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a Deno program to completion; if it has not ended by itself after
 * `deadlineMs`, kills it and throws: "it exits by itself" is what is tested.
 */
export async function runDeno(args: string[], deadlineMs: number, stderr: "piped" | "inherit" = "piped"): Promise<Finished> {
  const child = new Deno.Command(Deno.execPath(), { args, stdout: "piped", stderr, cwd: PACKAGE_DIR }).spawn();
  const text = (s: ReadableStream<Uint8Array> | null) => (s ? new Response(s).text() : Promise.resolve(""));
  const out = Promise.all([text(child.stdout), stderr === "piped" ? text(child.stderr) : Promise.resolve("")]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), deadlineMs)));
  const first = await Promise.race([child.status, deadline]);
  clearTimeout(timer);
  if (first === "late") {
    child.kill("SIGKILL");
    await child.status;
    await out;
    throw new Error(`deno ${args.slice(0, 3).join(" ")} … did not exit by itself within ${deadlineMs} ms`);
  }
  const [stdout, err] = await out;
  return { code: first.code, signal: first.signal, stdout, stderr: err };
}
