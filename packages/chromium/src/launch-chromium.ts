import type { Browser } from "playwright-core";

/** The flags threadlab starts Chromium with (headless is added by Playwright). */
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

/** A run that could not complete; the message is one line meant for the user. */
export class ChromiumRunError extends Error {
  override name = "ChromiumRunError";
}

export const oneLine = (s: string): string => s.split("\n")[0]!.trim();

/**
 * Starts headless Chromium at `executablePath` with CHROMIUM_ARGS. Signals are
 * left to the caller, which closes the browser on its way out.
 */
export async function launchChromium(executablePath: string): Promise<Browser> {
  // Loaded here, not at the top: playwright-core took 0.5 of the 0.86 s every `threadlab` command spent starting up,
  // browser or not (`threadlab --help` 0.86 s before, 0.3 s after).
  const { chromium } = await import("playwright-core");
  return chromium
    .launch({ executablePath, headless: true, args: CHROMIUM_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false, timeout: 60_000 })
    .catch((error: unknown) => {
      throw new ChromiumRunError(`could not start Chromium at ${executablePath}: ${oneLine(error instanceof Error ? error.message : String(error))}`);
    });
}

/** Closes the browser; Playwright kills its process group if it does not go quietly. */
export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([browser.close().catch(() => undefined), new Promise<void>((ok) => (timer = setTimeout(ok, 15_000)))]);
  clearTimeout(timer);
}
