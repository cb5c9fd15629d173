/**
 * The service experiment in Chromium (a Node program, dist/service-chromium.js):
 * `node service-chromium.js '<request JSON>'` (see PageRequest). Serves
 * dist/service-page/ cross-origin isolated with the delay route on, opens it
 * in headless Chromium (CHROMIUM_PATH, else wherever findChromium looks),
 * runs each mode there, and prints one JSON line on stdout:
 * `{ runtime: { name: "chromium", version }, itersPerUs, page: PageRun[] }`;
 * progress goes to stderr. A wrong kernel answer fails the run (exit 1, one
 * line). The browser and the server are always closed, on SIGTERM too.
 */
import { join } from "node:path";
import { DELAY_PATH, drivePage, runProgram } from "@threadlab/chromium";
import { PACKAGE_ROOT } from "../../pools/paths.ts";
import { pageRunnerDeadlineMs, parsePageRequest, type PageRequest, type PageRunnerOutput } from "../page-request.ts";
import { SERVICE_BRIDGE, type ServicePageInput, type ServicePageOutput } from "../page/bridge.ts";

await runProgram<PageRequest>({
  name: "threadlab service chromium",
  parse: parsePageRequest,
  async run(request, signal): Promise<PageRunnerOutput> {
    const input: ServicePageInput = { request, delayPath: DELAY_PATH };
    const { output, browserVersion } = await drivePage({
      root: join(PACKAGE_ROOT, "dist", "service-page"),
      delayRoute: true,
      bridge: { ...SERVICE_BRIDGE, listeners: { [SERVICE_BRIDGE.log]: (line: string) => void process.stderr.write(`${line}\n`) } },
      input: JSON.stringify(input),
      deadlineMs: pageRunnerDeadlineMs(request),
      signal,
    });
    const { itersPerUs, page } = JSON.parse(output) as ServicePageOutput;
    return { runtime: { name: "chromium", version: browserVersion }, itersPerUs, page };
  },
});
