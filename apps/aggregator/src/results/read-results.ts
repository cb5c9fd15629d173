import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { RESULT_SCHEMA, markSuspects, parseResult, runtimeRank, type Result, type RuntimeName } from "@threadlab/core";
import * as v from "valibot";
import { UsageError } from "../usage-error.ts";
import { FAILURE_SCHEMA, FailureSchema, type Failure } from "./failure.ts";
import { POOLS_FILE_SCHEMA, PoolsFileSchema, type PoolsFile } from "./pools-file.ts";
import { SERVICE_SCHEMA, ServiceFileSchema, type ServiceFile } from "./service-file.ts";

/** Pools files from before the race ran in every runtime name none: they were Node's. */
const UNNAMED_POOLS_RUNTIME: RuntimeName = "node";

/** The runtime a pools file's race ran in. */
export function poolsRuntimeName(p: PoolsFile): string {
  return p.runtime?.name ?? UNNAMED_POOLS_RUNTIME;
}

export interface ResultSet {
  dir: string;
  results: Result[];
  failures: Failure[];
  /** `threadlab pools` races found beside the results, one per runtime. */
  pools: PoolsFile[];
  /** `threadlab service` runs found beside the results, one per runtime. */
  service: ServiceFile[];
}

const OUTPUTS = new Set(["summary.json"]);

/**
 * Reads every `*.json` result in `dir`, validated. Any unreadable or invalid
 * file is a usage error naming that file: a report never silently drops data.
 */
export async function readResults(dir: string): Promise<ResultSet> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json") && !OUTPUTS.has(n)).sort();
  } catch (error) {
    throw new UsageError(`cannot read results folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const set: ResultSet = { dir, results: [], failures: [], pools: [], service: [] };
  for (const name of names) {
    const path = join(dir, name);
    let data: unknown;
    try {
      data = JSON.parse(await readFile(path, "utf8"));
    } catch (error) {
      throw new UsageError(`${path}: not readable as JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const schema = (data as { schema?: unknown } | null)?.schema;
    if (schema === FAILURE_SCHEMA) {
      const r = v.safeParse(FailureSchema, data);
      if (!r.success) throw new UsageError(`${path}: not a valid ${FAILURE_SCHEMA} file`);
      set.failures.push(r.output);
      continue;
    }
    if (schema === POOLS_FILE_SCHEMA) {
      const r = v.safeParse(PoolsFileSchema, data);
      if (!r.success) throw new UsageError(`${path}: not a valid ${POOLS_FILE_SCHEMA} file (${r.issues[0].message})`);
      set.pools.push(r.output);
      continue;
    }
    if (schema === SERVICE_SCHEMA) {
      const r = v.safeParse(ServiceFileSchema, data);
      if (!r.success) throw new UsageError(`${path}: not a valid ${SERVICE_SCHEMA} file (${v.getDotPath(r.issues[0]) ?? ""} ${r.issues[0].message})`);
      set.service.push(r.output as ServiceFile);
      continue;
    }
    try {
      const result = parseResult(data, path);
      // Files from before the self-check, or from before a rule was added, get the same flags a run gives today.
      markSuspects(result.scenarios, result.machine.cores);
      set.results.push(result);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  // In the order runs and reports list runtimes (core's), not file-name order.
  set.pools.sort((a, b) => runtimeRank(poolsRuntimeName(a)) - runtimeRank(poolsRuntimeName(b)));
  set.service.sort((a, b) => runtimeRank(a.runtime.name) - runtimeRank(b.runtime.name));
  if (set.results.length === 0 && set.failures.length === 0) {
    throw new UsageError(`no result files (*.json, schema ${RESULT_SCHEMA}) in ${dir}: run \`threadlab run --out ${dir}\` first`);
  }
  return set;
}
