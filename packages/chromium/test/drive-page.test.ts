import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { drivePage, type DrivePageOptions } from "../src/drive-page.ts";
import { ChromiumRunError } from "../src/launch-chromium.ts";
import { chromiumPath, noChromium, standInPage } from "./helpers.ts";

const root = standInPage("echo-page.js");
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.skipIf(noChromium)("drivePage (real headless Chromium)", () => {
  const drive = (input: string, more: Partial<DrivePageOptions> = {}) => {
    const log: string[] = [];
    const run = drivePage({
      root,
      executablePath: chromiumPath,
      bridge: { start: "__start", result: "__result", fail: "__fail", listeners: { __log: (line) => log.push(line) } },
      input,
      ...more,
    });
    return { run, log };
  };

  it("starts the page with the input, hears its listeners in order, returns its answer and the browser's versions", async () => {
    const { run, log } = drive("hello");
    const outcome = await run;
    expect(outcome.output).toBe("HELLO");
    expect(log).toEqual(["got hello"]);
    expect(outcome.browserVersion).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(outcome.jsVersion).toMatch(/^\d+\.\d+/);
    expect(outcome.hardwareConcurrency).toBeGreaterThanOrEqual(1);
  });

  it("rejects with the first line of what the page reports", async () => {
    await expect(drive("fail").run).rejects.toThrow(new ChromiumRunError("failed in the page: no good"));
  });

  it("names the page that did not load, and one that never defines its start function", async () => {
    await expect(drive("x", { page: "missing.html" }).run).rejects.toThrow(/missing\.html did not load \(HTTP 404\); build it first$/);
    await expect(drive("x", { bridge: { start: "__nope", result: "__r", fail: "__f" } }).run).rejects.toThrow("the page bundle did not start (no __nope)");
  });

  it("ends at once when aborted, with the reason", async () => {
    await expect(drive("x", { signal: AbortSignal.abort(new Error("user gave up")) }).run).rejects.toThrow("aborted: user gave up");
  });
});
