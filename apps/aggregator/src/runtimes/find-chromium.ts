// placeholder until @threadlab/web's finder lands
import { existsSync } from "node:fs";
import { findExecutable } from "./find-executable.ts";

export function findChromium(): { path: string } | { reason: string } {
  const env = process.env.CHROMIUM_PATH;
  if (env && existsSync(env)) return { path: env };
  const found = ["chromium", "chromium-browser", "google-chrome"].map((n) => findExecutable(n)).find(Boolean);
  return found ? { path: found } : { reason: "no Chromium found: apt-get install -y chromium, or set CHROMIUM_PATH" };
}
