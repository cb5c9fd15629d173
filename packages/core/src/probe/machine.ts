import type { MachineInfo } from "./runtime-probe.ts";

/** The part of `node:os` that describes a machine; Node, Deno and Bun all provide it. */
export interface OsModule {
  hostname(): string;
  cpus(): Array<{ model: string }>;
  availableParallelism(): number;
  totalmem(): number;
  type(): string;
  release(): string;
  arch(): string;
}

function tryOr<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback; // e.g. Deno without the matching --allow-sys
  }
}

/**
 * Machine facts from a `node:os`-compatible module, passed in so core stays
 * free of `node:` imports. A fact the runtime may not read is left out.
 */
export function machineFromOs(os: OsModule): MachineInfo {
  const name = tryOr<string | undefined>(() => os.hostname(), undefined);
  const memoryBytes = tryOr<number | undefined>(() => os.totalmem(), undefined);
  const release = tryOr(() => os.release(), "");
  return {
    ...(name ? { name } : {}),
    cpuModel: tryOr(() => os.cpus()[0]?.model.trim(), undefined) || "unknown",
    cores: os.availableParallelism(),
    ...(memoryBytes ? { memoryBytes } : {}),
    os: `${os.type()} ${release}`.trim(),
    arch: os.arch(),
  };
}
