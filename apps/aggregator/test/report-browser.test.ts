import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { reportCommand } from "../src/report/report-command.ts";
import { findChromium } from "@threadlab/chromium";
import { scratch } from "./helpers.ts";
import { fixtureResult } from "./fixtures/results.ts";

const browser = findChromium();

describe.skipIf(!("path" in browser))(`report.html in a real headless Chromium${"reason" in browser ? ` (skipped: ${browser.reason})` : ""}`, () => {
  it("opens from disk with no console errors, no network requests, charts and timelines drawn", async () => {
    const dir = scratch("threadlab-html-");
    writeFileSync(join(dir, "node.json"), JSON.stringify(fixtureResult("node", { hostile: true })));
    writeFileSync(join(dir, "chromium.json"), JSON.stringify(fixtureResult("chromium", { scale: 1.5 })));
    await reportCommand(dir);

    const b = await chromium.launch({
      executablePath: (browser as { path: string }).path,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    try {
      const page = await b.newPage({ viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
      page.on("pageerror", (e) => problems.push(e.message));
      page.on("dialog", (d) => {
        problems.push(`dialog: ${d.message()}`); // an injected alert() would land here
        void d.dismiss();
      });
      page.on("request", (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(join(dir, "report.html")).href);
      await page.waitForSelector(".chart canvas");

      expect(problems).toEqual([]);
      expect(requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"))).toEqual([]);
      expect(await page.locator(".chart canvas").count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator("svg.gantt").count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator("td.failed").count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator("#concepts article.concept").count()).toBe(4);
      // The hostile workload name is on the page as text, not as markup.
      expect(await page.getByText('<script>alert("x")</script>').first().isVisible()).toBe(true);

      const shot = join(dir, "report.png");
      await page.screenshot({ path: shot, fullPage: true });
      expect(existsSync(shot) && statSync(shot).size).toBeGreaterThan(10_000);
    } finally {
      await b.close();
    }
  });
});
