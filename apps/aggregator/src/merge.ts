import { copyFile, mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { machineTag } from "./report/collate.ts";
import { slug } from "./report/html/escape.ts";
import { readResults } from "./results/read-results.ts";
import { writeAtomic } from "./results/write-atomic.ts";
import { UsageError } from "./usage-error.ts";

/**
 * `threadlab merge DIR... --out DIR`: every validated result (failure
 * record, pools race) from each folder, renamed `<machine>.<runtime>.json` so results from
 * several machines sit side by side and the report compares machines too.
 */
export async function mergeCommand(dirs: string[], out: string): Promise<string[]> {
  if (dirs.length === 0) throw new UsageError("merge needs at least one results folder");
  const sets = [];
  // Read and validate everything first: a bad input folder writes nothing.
  for (const dir of dirs) sets.push(await readResults(resolve(dir)));
  const target = resolve(out);
  try {
    await mkdir(target, { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot create output folder ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const used = new Set<string>();
  const unique = (base: string) => {
    let name = `${base}.json`;
    for (let i = 2; used.has(name); i++) name = `${base}-${i}.json`;
    used.add(name);
    return join(target, name);
  };
  const written: string[] = [];
  for (const set of sets) {
    for (const r of set.results) {
      const path = unique(`${slug(machineTag(r))}.${r.runtime.name}`);
      await writeAtomic(path, `${JSON.stringify(r, null, 2)}\n`);
      written.push(path);
    }
    for (const p of set.pools) {
      const machine = p.machine?.name ?? set.dir.split("/").at(-1) ?? "merged";
      const path = unique(`${slug(machine)}.pools.${p.runtime?.name ?? "node"}`);
      await writeAtomic(path, `${JSON.stringify(p, null, 2)}\n`);
      written.push(path);
    }
    for (const r of set.service) {
      const path = unique(`${slug(r.machine.name ?? set.dir.split("/").at(-1) ?? "merged")}.service.${r.runtime.name}`);
      await writeAtomic(path, `${JSON.stringify(r, null, 2)}\n`);
      written.push(path);
    }
    for (const f of set.failures) {
      const path = unique(`${slug(set.dir.split("/").at(-1) ?? "merged")}.${f.runtime}.failure`);
      await writeAtomic(path, `${JSON.stringify(f, null, 2)}\n`);
      written.push(path);
    }
  }
  return written;
}
