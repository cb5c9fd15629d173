import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { reportCommand } from "../src/report/report-command.ts";
import { findChromium } from "@threadlab/chromium";
import { scratch } from "./helpers.ts";
import { fixtureResult } from "./fixtures/results.ts";
import { fixtureService, fixtureServicePage } from "./fixtures/service.ts";

const browser = findChromium();

describe.skipIf(!("path" in browser))(`report.html in a real headless Chromium${"reason" in browser ? ` (skipped: ${browser.reason})` : ""}`, () => {
  it("opens from disk with no console errors or network requests; the verdict and overview first, the rest a click away", async () => {
    const dir = scratch("threadlab-html-");
    writeFileSync(join(dir, "node.json"), JSON.stringify(fixtureResult("node", { hostile: true })));
    for (const rt of ["deno", "bun", "chromium"] as const) writeFileSync(join(dir, `${rt}.json`), JSON.stringify(fixtureResult(rt, { scale: 1.5 })));
    for (const s of [fixtureService("node"), fixtureService("deno", 0.8), fixtureService("bun", 1.2), fixtureServicePage()]) {
      writeFileSync(join(dir, `service.${s.runtime.name}.json`), JSON.stringify(s));
    }
    const { summary } = await reportCommand(dir);

    const b = await chromium.launch({
      executablePath: (browser as { path: string }).path,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    try {
      const page = await b.newPage({ viewport: { width: 1440, height: 900 } });
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

      // The first screen holds the verdict and the whole overview; the page is a few screens until sections are opened.
      const fold = async (selector: string) => (await page.locator(selector).boundingBox())!;
      const verdict = await fold("#verdict");
      const overview = await fold("#overview table.heat");
      expect(verdict.y).toBeGreaterThanOrEqual(0);
      expect(overview.y + overview.height).toBeLessThanOrEqual(900);
      const height = Number(await page.evaluate("document.documentElement.scrollHeight"));
      expect(height / 900).toBeLessThanOrEqual(10);

      // A link opens the section it points at; opening every section draws the charts and timelines.
      await page.locator("nav a[href='#results']").click();
      expect(await page.locator("#results").getAttribute("open")).not.toBeNull();
      await page.locator("#open-all").click();
      await page.locator("details.timelines").evaluateAll((ds) => ds.forEach((d) => ((d as unknown as { open: boolean }).open = true)));
      await page.waitForSelector(".chart canvas");
      expect(await page.locator(".chart canvas").count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator("svg.gantt").count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator("td.failed").count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator("#concepts article.concept").count()).toBe(4);
      // "Used together": a latency chart per server runtime, and the overview's service row says what summary.json says.
      expect(await page.locator("#used-together .chart canvas").count()).toBe(3);
      const serviceRow = await page.locator("#overview tr.extra", { hasText: "service at 1 ms" }).innerText();
      const serviceFigures = (summary as { service: { overview: Record<string, string> } }).service.overview;
      for (const rt of ["node", "deno", "bun", "chromium"]) expect(serviceRow).toContain(serviceFigures[rt]);
      const serviceText = await page.locator("#used-together").innerText();
      for (const finding of (summary as { service: { findings: string[] } }).service.findings) expect(serviceText).toContain(finding);
      // The hostile workload name is on the page as text, not as markup.
      expect(await page.getByText('<script>alert("x")</script>').first().isVisible()).toBe(true);
      // Legends name their series rather than showing "--" until hovered.
      expect(await page.locator(".u-legend").first().innerText()).not.toContain("--");

      const shot = join(dir, "report.png");
      await page.screenshot({ path: shot, fullPage: true });
      expect(existsSync(shot) && statSync(shot).size).toBeGreaterThan(10_000);

      // On a 390 px phone the page is as wide as the screen: wide tables scroll in their own box, even with everything open.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.reload();
      for (const open of [false, true]) {
        if (open) await page.locator("#open-all").click();
        const width = Number(await page.evaluate("document.documentElement.scrollWidth"));
        expect(width, open ? "all sections open" : "closed").toBe(390);
      }

      expect(problems).toEqual([]);
      expect(requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"))).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
