import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { parseResult, type MachineInfo, type Plan, type ProgressEvent, type Result } from "@threadlab/core";
import { nodeAdapter } from "@threadlab/node";
import { findChromium } from "./chromium.ts";
import { serveStatic, type StaticServer } from "./server.ts";

/** The flags the runner starts Chromium with (headless is added by Playwright). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  // performance.memory in exact bytes rather than coarse buckets.
  "--enable-precise-memory-info",
];

export interface ChromiumRunOptions {
  onProgress?(event: ProgressEvent): void;
  /** Whole-run deadline in ms; default from THREADLAB_PAGE_DEADLINE_MS or derived from the plan. */
  deadlineMs?: number;
  /** The folder holding index.html, page.js and bench-worker.js; default dist/page beside this file. */
  pageDir?: string;
  /** Default: findChromium(). */
  executablePath?: string;
  /** Aborting ends the run (the browser and server are closed) and rejects with the reason. */
  signal?: AbortSignal;
  /** Page to open inside pageDir (tests use others). */
  pagePath?: string;
}

/** A run that could not complete; the message is one line meant for the user. */
export class ChromiumRunError extends Error {
  override name = "ChromiumRunError";
}

/** THREADLAB_PAGE_DEADLINE_MS, or one task timeout per scenario plus a minute to start. */
export function pageDeadlineMs(plan: Plan, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.THREADLAB_PAGE_DEADLINE_MS);
  if (env.THREADLAB_PAGE_DEADLINE_MS && Number.isFinite(fromEnv) && fromEnv > 0) return fromEnv;
  const scenarios = plan.workloads.length * ((plan.strategies.includes("sequential") ? 1 : 0) + (plan.strategies.includes("workers") ? plan.threads.length : 0));
  return plan.taskTimeoutMs * Math.max(1, scenarios) + 60_000;
}

/** The host, from node:os: the browser runs on this same machine and sees less of it. */
/** The browser runs on this host: its machine facts are the Node adapter's, hostname included. */
export function hostMachine(): MachineInfo {
  return nodeAdapter.machine();
}

const oneLine = (s: string) => s.split("\n")[0]!.trim();

/**
 * Serves the page bundle on 127.0.0.1 with COOP/COEP, opens it in headless
 * Chromium, runs `plan` there and returns the validated result. Always closes
 * the browser and the server, on success, failure, deadline or abort.
 */
export async function runInChromium(plan: Plan, options: ChromiumRunOptions = {}): Promise<Result> {
  const executablePath = options.executablePath ?? pathOrThrow();
  const deadlineMs = options.deadlineMs ?? pageDeadlineMs(plan);
  const pageDir = options.pageDir ?? fileURLToPath(new URL("./page/", import.meta.url));
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  try {
    // Anything that goes wrong from here on settles `failed`; the run races it.
    let fail!: (error: Error) => void;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => undefined);
    timer = setTimeout(
      () => fail(new ChromiumRunError(`the page did not finish within ${Math.round(deadlineMs / 1000)} s (deadline; set THREADLAB_PAGE_DEADLINE_MS to change it)`)),
      deadlineMs,
    );
    if (options.signal) {
      onAbort = () => fail(new ChromiumRunError(`aborted: ${String(options.signal!.reason instanceof Error ? options.signal!.reason.message : options.signal!.reason)}`));
      if (options.signal.aborted) onAbort();
      options.signal.addEventListener("abort", onAbort, { once: true });
    }
    const race = <T>(p: Promise<T>) => Promise.race([p, failed]);

    server = await race(serveStatic(pageDir, { delayRoute: true }));
    browser = await race(
      chromium.launch({
        executablePath,
        headless: true,
        args: CHROMIUM_ARGS,
        // The runner handles signals itself and closes the browser on its way out.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        timeout: 60_000,
      }).catch((error: unknown) => {
        throw new ChromiumRunError(`could not start Chromium at ${executablePath}: ${oneLine(error instanceof Error ? error.message : String(error))}`);
      }),
    );
    const b = browser;
    b.on("disconnected", () => fail(new ChromiumRunError("the browser disconnected or crashed during the run")));
    const version = b.version();
    const cdp = await race(b.newBrowserCDPSession());
    const { jsVersion } = await race(cdp.send("Browser.getVersion"));
    const page = await race(b.newPage());
    page.on("pageerror", (error) => fail(new ChromiumRunError(`uncaught error in the page: ${oneLine(`${error.name}: ${error.message}`)}`)));
    page.on("crash", () => fail(new ChromiumRunError("the page crashed (renderer process died)")));

    let resolveResult!: (json: string) => void;
    const resultJson = new Promise<string>((ok) => (resolveResult = ok));
    await race(
      page.exposeFunction("__threadlabProgress", (json: string) => {
        try {
          options.onProgress?.(JSON.parse(json) as ProgressEvent);
        } catch {
          // a progress line that does not parse is dropped, never fatal
        }
      }),
    );
    await race(page.exposeFunction("__threadlabResult", (json: string) => resolveResult(json)));
    await race(page.exposeFunction("__threadlabFail", (message: string) => fail(new ChromiumRunError(`the plan failed in the page: ${oneLine(message)}`))));

    const response = await race(page.goto(new URL(options.pagePath ?? "index.html", server.url).href, { waitUntil: "load" }));
    if (!response?.ok()) throw new ChromiumRunError(`the page bundle did not load (HTTP ${response?.status() ?? "no response"}); run the package's build first`);
    const page0 = await race(
      page.evaluate(() => ({
        isolated: globalThis.crossOriginIsolated,
        cores: navigator.hardwareConcurrency,
        ready: typeof (globalThis as { __threadlabStart?: unknown }).__threadlabStart === "function",
      })),
    );
    if (!page0.isolated) throw new ChromiumRunError("the page is not cross-origin isolated (COOP/COEP headers missing)");
    if (!page0.ready) throw new ChromiumRunError("the page bundle did not start (no __threadlabStart)");
    await race(page.evaluate((json) => (globalThis as unknown as { __threadlabStart(p: string): void }).__threadlabStart(json), JSON.stringify(plan)));

    const raw = JSON.parse(await race(resultJson)) as Result;
    raw.runtime = {
      ...raw.runtime,
      name: "chromium",
      version,
      engine: "V8",
      ...(jsVersion ? { engineVersion: jsVersion } : {}),
      features: { ...raw.runtime.features, crossOriginIsolated: page0.isolated, hardwareConcurrency: page0.cores, headless: true },
    };
    raw.machine = hostMachine();
    return parseResult(raw, "chromium runner");
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener("abort", onAbort);
    await closeBrowser(browser);
    await server?.close();
  }
}

function pathOrThrow(): string {
  const found = findChromium();
  if ("reason" in found) throw new ChromiumRunError(found.reason);
  return found.path;
}

/** Closes the browser; Playwright kills its process group if it does not go quietly. */
async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    browser.close().catch(() => undefined),
    new Promise<void>((ok) => (timer = setTimeout(ok, 15_000))),
  ]);
  clearTimeout(timer);
}
