import { join } from "node:path";
import type { Browser } from "playwright-core";
import { findChromium } from "./find-chromium.ts";
import { ChromiumRunError, closeBrowser, launchChromium, oneLine } from "./launch-chromium.ts";
import type { BridgeNames } from "./page-bridge.ts";
import { serveStatic, type StaticServer } from "./serve-static.ts";

/** The page's functions by name (see `answerDriver`), and the driver's listeners for what the page tells as it goes. */
export interface PageBridge extends BridgeNames {
  listeners?: Record<string, (text: string) => void>;
}

export interface DrivePageOptions {
  /** The folder served on 127.0.0.1 with COOP/COEP; nothing outside it is reachable. */
  root: string;
  /** The page inside `root` to open; default index.html. */
  page?: string;
  /** Also serve the delay route (see `ServeOptions.delayRoute`). */
  delayRoute?: boolean;
  bridge: PageBridge;
  /** Passed to the page's start function. */
  input: string;
  /** Default: findChromium(). */
  executablePath?: string;
  /** The whole run's deadline in ms; none by default. */
  deadlineMs?: number;
  /** Added to the deadline's message, e.g. how to change it. */
  deadlineHint?: string;
  /** Aborting ends the run (the browser and server are closed) and rejects with the reason. */
  signal?: AbortSignal;
}

export interface DrivePagesOptions extends Omit<DrivePageOptions, "input"> {
  /** One page per input, one after another, each in its own browser context (so its own renderer process). */
  inputs: readonly string[];
  /** Page `index` answered with `output` (before the next page opens). */
  onOutput?(index: number, output: string): void;
}

export interface PagesOutcome extends Omit<PageOutcome, "output"> {
  outputs: string[];
}

export interface PageOutcome {
  /** What the page passed to its result function. */
  output: string;
  /** The browser's own version ("145.0.7632.116"), not the user agent's guess. */
  browserVersion: string;
  /** V8's version, from the DevTools protocol. */
  jsVersion: string | undefined;
  /** `navigator.hardwareConcurrency` as the page saw it. */
  hardwareConcurrency: number;
}

/**
 * Serves `root` cross-origin isolated, opens its page in headless Chromium,
 * calls the page's start function and waits for its answer. A page error, a
 * renderer crash, a browser that goes away, the deadline or the signal end
 * the run with a one-line ChromiumRunError. The browser and the server are
 * always closed.
 */
export async function drivePage(options: DrivePageOptions): Promise<PageOutcome> {
  const { input, ...rest } = options;
  const { outputs, ...outcome } = await drivePages({ ...rest, inputs: [input] });
  return { ...outcome, output: outputs[0]! };
}

/**
 * drivePage for several inputs in one browser: each gets a fresh page in a
 * fresh context, so nothing one page's JIT learnt is there for the next, at
 * the cost of a page load rather than a browser launch.
 */
export async function drivePages(options: DrivePagesOptions): Promise<PagesOutcome> {
  const { bridge } = options;
  const executablePath = options.executablePath ?? pathOrThrow();
  // Kept as promises: a step that loses the race to a failure still finishes, and must be closed then.
  let serving: Promise<StaticServer> | undefined;
  let launching: Promise<Browser> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  try {
    // Anything that goes wrong from here on settles `failed`; every step races it.
    let fail!: (error: Error) => void;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => undefined);
    if (options.deadlineMs !== undefined) {
      const hint = options.deadlineHint ? `; ${options.deadlineHint}` : "";
      timer = setTimeout(() => fail(new ChromiumRunError(`the page did not finish within ${Math.round(options.deadlineMs! / 1000)} s (deadline${hint})`)), options.deadlineMs);
    }
    const { signal } = options;
    if (signal) {
      onAbort = () => fail(new ChromiumRunError(`aborted: ${signal.reason instanceof Error ? signal.reason.message : String(signal.reason)}`));
      if (signal.aborted) onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
    }
    const race = <T>(p: Promise<T>) => Promise.race([p, failed]);

    const server = await race((serving = serveStatic(options.root, { delayRoute: options.delayRoute ?? false })));
    const b = await race((launching = launchChromium(executablePath)));
    const browserVersion = b.version();
    b.on("disconnected", () => fail(new ChromiumRunError("the browser disconnected or crashed during the run")));
    const cdp = await race(b.newBrowserCDPSession());
    const { jsVersion } = await race(cdp.send("Browser.getVersion"));
    const outputs: string[] = [];
    let hardwareConcurrency = 0;
    for (const [index, input] of options.inputs.entries()) {
      // browser.newPage() opens it in a context of its own, closed with it.
      const page = await race(b.newPage());
      try {
        page.on("pageerror", (error) => fail(new ChromiumRunError(`uncaught error in the page: ${oneLine(`${error.name}: ${error.message}`)}`)));
        page.on("crash", () => fail(new ChromiumRunError("the page crashed (renderer process died)")));

        let resolveOutput!: (text: string) => void;
        const output = new Promise<string>((ok) => (resolveOutput = ok));
        for (const [name, listener] of Object.entries(bridge.listeners ?? {})) await race(page.exposeFunction(name, listener));
        await race(page.exposeFunction(bridge.result, (text: string) => resolveOutput(text)));
        await race(page.exposeFunction(bridge.fail, (message: string) => fail(new ChromiumRunError(`failed in the page: ${oneLine(message)}`))));

        const pagePath = options.page ?? "index.html";
        const response = await race(page.goto(new URL(pagePath, server.url).href, { waitUntil: "load" }));
        if (!response?.ok()) {
          throw new ChromiumRunError(`${join(options.root, pagePath)} did not load (HTTP ${response?.status() ?? "no response"}); build it first`);
        }
        const state = await race(
          page.evaluate(
            (start) => ({
              isolated: globalThis.crossOriginIsolated,
              cores: navigator.hardwareConcurrency,
              ready: typeof (globalThis as Record<string, unknown>)[start] === "function",
            }),
            bridge.start,
          ),
        );
        if (!state.isolated) throw new ChromiumRunError("the page is not cross-origin isolated (COOP/COEP headers missing)");
        if (!state.ready) throw new ChromiumRunError(`the page bundle did not start (no ${bridge.start})`);
        hardwareConcurrency = state.cores;
        await race(page.evaluate(([start, text]) => (globalThis as unknown as Record<string, (text: string) => void>)[start]!(text), [bridge.start, input] as const));
        const text = await race(output);
        outputs.push(text);
        options.onOutput?.(index, text);
      } finally {
        await page.close().catch(() => undefined);
      }
    }
    return { outputs, browserVersion, jsVersion, hardwareConcurrency };
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener("abort", onAbort);
    await closeBrowser(await launching?.catch(() => undefined));
    await (await serving?.catch(() => undefined))?.close();
  }
}

function pathOrThrow(): string {
  const found = findChromium();
  if ("reason" in found) throw new ChromiumRunError(found.reason);
  return found.path;
}
