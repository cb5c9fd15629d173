import { RUNTIME_NAMES, RuntimeNameSchema, type RuntimeName } from "@threadlab/core";
import * as v from "valibot";
import { bunRuntime } from "./bun.ts";
import { chromiumRuntime } from "./chromium.ts";
import { denoRuntime } from "./deno.ts";
import { nodeRuntime } from "./node.ts";
import type { Probe, RuntimeSpec } from "./types.ts";
import { UsageError } from "../usage-error.ts";

const SPECS: Record<RuntimeName, RuntimeSpec> = { node: nodeRuntime, deno: denoRuntime, bun: bunRuntime, chromium: chromiumRuntime };

/** Every runtime the CLI knows, in core's order (the order runs and reports list them). */
export const RUNTIMES: readonly RuntimeSpec[] = RUNTIME_NAMES.map((name) => SPECS[name]);


export function probeAll(): Promise<Probe[]> {
  return Promise.all(RUNTIMES.map((r) => r.probe()));
}

export interface Selection {
  run: Array<{ spec: RuntimeSpec; found: Extract<Probe, { ok: true }> }>;
  skipped: Array<Extract<Probe, { ok: false }>>;
}

/**
 * With no names, every runtime found (the rest skipped with a reason). Named
 * explicitly, each must exist and be usable, or it is a usage error naming the fix.
 */
export async function selectRuntimes(names: string[] | undefined): Promise<Selection> {
  const wanted = (names ?? RUNTIME_NAMES).map((name) => {
    const r = v.safeParse(RuntimeNameSchema, name);
    if (!r.success) throw new UsageError(r.issues[0].message);
    return r.output;
  });
  const selection: Selection = { run: [], skipped: [] };
  for (const spec of RUNTIMES.filter((r) => wanted.includes(r.name))) {
    const probe = await spec.probe();
    if (probe.ok) selection.run.push({ spec, found: probe });
    else if (names) throw new UsageError(`runtime "${spec.name}" was asked for but cannot run: ${probe.reason}`);
    else selection.skipped.push(probe);
  }
  return selection;
}
