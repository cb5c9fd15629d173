/**
 * The pools race in Chromium (a Node program, dist/pools-chromium.js):
 * `node pools-chromium.js '<request JSON>'`. Serves dist/pools-page/
 * cross-origin isolated, opens it in headless Chromium (CHROMIUM_PATH, else
 * wherever findChromium looks), runs the race there, prints the page's
 * PoolsResult JSON on stdout and its progress on stderr. The browser and the
 * server are always closed; on SIGTERM too, so the CLI's deadline leaves no
 * browser behind.
 */
import { join } from "node:path";
import { drivePage, runProgram } from "@threadlab/chromium";
import { POOLS_BRIDGE } from "../page/bridge.ts";
import { PACKAGE_ROOT } from "../paths.ts";
import { parseRunnerRequest } from "../settings.ts";
import type { PoolsResult } from "../race-result.ts";

await runProgram({
  name: "threadlab pools chromium",
  parse(arg) {
    parseRunnerRequest(arg);
    return arg!;
  },
  async run(requestJson, signal): Promise<PoolsResult> {
    const { output, browserVersion } = await drivePage({
      root: join(PACKAGE_ROOT, "dist", "pools-page"),
      bridge: { ...POOLS_BRIDGE, listeners: { [POOLS_BRIDGE.log]: (line: string) => void process.stderr.write(`${line}\n`) } },
      input: requestJson,
      signal,
    });
    const result = JSON.parse(output) as PoolsResult;
    result.runtime = { name: "chromium", version: browserVersion };
    return result;
  },
});
