import pc from "picocolors";
import { probeAll } from "./runtimes/registry.ts";

/** `threadlab doctor`: every runtime, whether it was found, where, and why not. */
export async function doctorCommand(log = (s: string) => process.stdout.write(`${s}\n`)): Promise<number> {
  const probes = await probeAll();
  for (const p of probes) {
    if (p.ok) log(`${pc.green("✓")} ${p.name.padEnd(9)} ${p.version.padEnd(16)} ${p.path}${p.entry !== p.path ? `  (runner ${p.entry})` : ""}`);
    else log(`${pc.red("✗")} ${p.name.padEnd(9)} ${"-".padEnd(16)} ${p.reason}`);
  }
  const found = probes.filter((p) => p.ok).length;
  log(`${found} of ${probes.length} runtimes usable`);
  return found > 0 ? 0 : 1;
}
