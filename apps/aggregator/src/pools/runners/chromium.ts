/**
 * The pools race in Chromium (a Node program, dist/pools-chromium.js):
 * `node pools-chromium.js '<request JSON>'`. Serves dist/pools-page/ on
 * 127.0.0.1 with COOP/COEP (so the page is cross-origin isolated), opens it
 * in headless Chromium (CHROMIUM_PATH, else wherever findChromium looks),
 * runs the race there, prints the page's PoolsResult JSON on stdout and its
 * progress on stderr. Always closes the browser and the server; on SIGTERM
 * too, so the CLI's deadline leaves no browser behind.
 */
import { join } from "node:path";
import { CHROMIUM_ARGS, findChromium, serveStatic, type StaticServer } from "@threadlab/web/node";
import { chromium, type Browser } from "playwright-core";
import { PACKAGE_ROOT } from "../paths.ts";
import { parseRunnerRequest } from "../settings.ts";
import type { PoolsResult } from "../summary.ts";

const PREFIX = "threadlab pools chromium";
const PAGE_DIR = join(PACKAGE_ROOT, "dist", "pools-page");
const SIGNAL_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

const oneLine = (s: string) => s.split("\n")[0]!.trim();

let fail!: (error: Error) => void;
const failed = new Promise<never>((_, reject) => (fail = reject));
failed.catch(() => undefined);
/** Everything waits on `failed` too: a crash, a signal or a page error ends the run at once. */
const race = <T>(p: Promise<T>) => Promise.race([p, failed]);

let received: keyof typeof SIGNAL_CODES | undefined;
for (const sig of Object.keys(SIGNAL_CODES) as Array<keyof typeof SIGNAL_CODES>) {
  process.on(sig, () => {
    // First signal: close the browser and the server, then exit; a second one exits at once.
    if (received) process.exit(SIGNAL_CODES[sig]);
    received = sig;
    fail(new Error(`received ${sig}`));
  });
}

async function run(requestJson: string): Promise<PoolsResult> {
  const found = findChromium();
  if ("reason" in found) throw new Error(found.reason);
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await race(serveStatic(PAGE_DIR));
    browser = await race(
      chromium.launch({ executablePath: found.path, headless: true, args: CHROMIUM_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false, timeout: 60_000 }),
    );
    browser.on("disconnected", () => fail(new Error("the browser disconnected or crashed during the race")));
    const page = await race(browser.newPage());
    page.on("pageerror", (error) => fail(new Error(`uncaught error in the page: ${oneLine(`${error.name}: ${error.message}`)}`)));
    page.on("crash", () => fail(new Error("the page crashed (renderer process died)")));
    let resolveResult!: (json: string) => void;
    const resultJson = new Promise<string>((ok) => (resolveResult = ok));
    await race(page.exposeFunction("__poolsLog", (line: string) => void process.stderr.write(`${line}\n`)));
    await race(page.exposeFunction("__poolsResult", (json: string) => resolveResult(json)));
    await race(page.exposeFunction("__poolsFail", (message: string) => fail(new Error(`the race failed in the page: ${oneLine(message)}`))));
    const response = await race(page.goto(new URL("index.html", server.url).href, { waitUntil: "load" }));
    if (!response?.ok()) throw new Error(`the page bundle did not load (HTTP ${response?.status() ?? "no response"}): build the aggregator (pnpm exec tsup)`);
    const state = await race(
      page.evaluate(() => {
        const page = globalThis as { crossOriginIsolated?: boolean; __poolsStart?: unknown };
        return { isolated: page.crossOriginIsolated === true, ready: typeof page.__poolsStart === "function" };
      }),
    );
    if (!state.isolated) throw new Error("the page is not cross-origin isolated (COOP/COEP headers missing)");
    if (!state.ready) throw new Error("the page bundle did not start (no __poolsStart)");
    await race(page.evaluate((json) => (globalThis as unknown as { __poolsStart(j: string): void }).__poolsStart(json), requestJson));
    const result = JSON.parse(await race(resultJson)) as PoolsResult;
    // The browser's own version ("145.0.7632.116"), not the user agent's guess.
    result.runtime = { name: "chromium", version: browser.version() };
    return result;
  } finally {
    await closeBrowser(browser);
    await server?.close();
  }
}

/** Closes the browser; Playwright kills its process group if it does not go quietly. */
async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([browser.close().catch(() => undefined), new Promise<void>((ok) => (timer = setTimeout(ok, 15_000)))]);
  clearTimeout(timer);
}

async function main(): Promise<number> {
  const requestJson = process.argv.length > 2 ? process.argv.at(-1)! : undefined;
  try {
    parseRunnerRequest(requestJson);
  } catch (error) {
    process.stderr.write(`${PREFIX}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  try {
    const result = await run(requestJson!);
    await new Promise<void>((ok) => process.stdout.write(`${JSON.stringify(result)}\n`, () => ok()));
    return 0;
  } catch (error) {
    process.stderr.write(`${PREFIX}: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
    return received ? SIGNAL_CODES[received] : 1;
  }
}

// Nothing may keep the process alive once the browser and the server are closed.
process.exit(await main());
