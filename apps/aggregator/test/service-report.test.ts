import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readResults } from "../src/results/read-results.ts";
import { buildReportModel } from "../src/report/model.ts";
import { renderMarkdown } from "../src/report/markdown.ts";
import { serviceFindings, serviceTables, serviceVerdict } from "../src/report/service-tables.ts";
import { VERDICT_WORDS } from "../src/report/verdict.ts";
import { fixtureResult } from "./fixtures/results.ts";
import { fixtureService, fixtureServicePage } from "./fixtures/service.ts";
import { scratch } from "./helpers.ts";

async function folder(...service: ReturnType<typeof fixtureService>[]) {
  const dir = scratch("threadlab-service-report-");
  for (const rt of ["node", "deno", "bun", "chromium"] as const) writeFileSync(join(dir, `${rt}.json`), JSON.stringify(fixtureResult(rt)));
  for (const s of service) writeFileSync(join(dir, `service.${s.runtime.name}.json`), JSON.stringify(s));
  return readResults(dir);
}

describe("the service experiment in the report", () => {
  it("quotes in its findings, verdict and overview only figures its table shows", async () => {
    const set = await folder(fixtureService("node"), fixtureService("bun", 1.2), fixtureServicePage());
    const [table] = serviceTables(set);
    const cells = table!.rows.flat().join(" ");
    const findings = serviceFindings(set);
    expect(findings[0]).toContain("inline saturated at 700 req/s, pool(2) at 1,400 (2.00×), cluster(2) at 1,050");
    expect(findings[0]).toContain("the health check's p99 was 1.50 ms with the pool against 9.00 ms inline (6.0× lower)");
    // Held to 30 ms (10× the 3 ms a request needs): the pool up to 1,200 req/s, inline only 400 (800 took 300 ms at p99).
    expect(findings[0]).toContain("the pool served up to 1,200 req/s, inline up to 400 req/s");
    for (const figure of ["700", "1,400", "2.00×", "1,050", "1.50 ms", "9.00 ms"]) expect(cells).toContain(figure);
    const verdict = serviceVerdict(set)!;
    expect(verdict.answer.split(/\s+/).length).toBeLessThanOrEqual(VERDICT_WORDS);
    expect(verdict.answer).toContain("2.00× (node)");
    const model = buildReportModel(set);
    expect(model.service!.overview.get("node")).toBe("2.00× req/s");
    expect(model.service!.overview.get("chromium")).toBe("frames 40.0 ms → 17.0 ms");
    expect(findings.some((f) => f.includes("frames took 17.0 ms at p99 with the pool(2), against 40.0 ms with the kernel inline"))).toBe(true);
  });

  it("says so when the pool did not help, instead of claiming it did", async () => {
    const worse = fixtureService("deno");
    worse.runs[1]!.at80!.health.p99 = 12;
    worse.runs[1]!.at80!.latency.p99 = 40;
    const findings = serviceFindings(await folder(worse));
    expect(findings[0]).toContain("was 12.0 ms with the pool and 9.00 ms inline: no better");
  });

  it("decides the health claim from the two p99s' intervals, and names the generator's floor", async () => {
    const clear = fixtureService("node");
    const [inline, pool] = [clear.runs[0]!.at80!, clear.runs[1]!.at80!];
    inline.health.p99Ci = { low: 8, high: 12, level: 0.96, bounded: true };
    pool.health.p99Ci = { low: 1.2, high: 2, level: 0.96, bounded: true };
    pool.generatorLateMs = { p50: 0.6, p99: 1.1, p999: 2, max: 2, count: 960 };
    const [found] = serviceFindings(await folder(clear));
    // 9 ÷ 1.5 = 6.0×; the interval crosswise: 8 ÷ 2 = 4.0 to 12 ÷ 1.2 = 10.0.
    expect(found).toContain("p99 was 1.50 ms with the pool against 9.00 ms inline: 6.0× lower (4.0–10.0× from the two p99s' 95% intervals)");
    expect(found).toContain("The generator itself sent requests up to 1.10 ms late at p99 in that step");
    const [table] = serviceTables(await folder(clear));
    expect(table!.rows.flat()).toContain("1.50 ms (1.20 ms–2.00 ms)");

    // Medians 6× apart, but intervals that overlap: nothing is claimed.
    pool.health.p99Ci = { low: 1.2, high: 9.5, level: 0.96, bounded: true };
    expect(serviceFindings(await folder(clear))[0]).toContain("their 95% intervals overlap (the ratio 0.8–10.0×), so no difference is claimed");
    // A pool p99 whose top is no bound (too few probes) gives no interval: the plain comparison, as before intervals.
    pool.health.p99Ci = { low: 1.2, high: 2, level: 0.9, bounded: false };
    expect(serviceFindings(await folder(clear))[0]).toContain("(6.0× lower)");
  });

  it("names a failed mode and a failed runtime, and the run is not all ok", async () => {
    const failed = fixtureService("node");
    failed.runs[2] = { ...failed.runs[2]!, error: "3 of 100 answers were wrong", steps: [] };
    const set = await folder(failed, { ...fixtureService("bun"), error: "bun service did not listen", runs: [] });
    const md = renderMarkdown(buildReportModel(set));
    expect(md).toContain("## Used together: a service under load");
    expect(md).toContain("ERROR: 3 of 100 answers were wrong");
    expect(md).toContain("bun: the service experiment failed: bun service did not listen");
    expect(buildReportModel(set).allOk).toBe(false);
  });

  it("refuses a service file that is not one", async () => {
    const dir = scratch("threadlab-service-bad-");
    writeFileSync(join(dir, "node.json"), JSON.stringify(fixtureResult("node")));
    writeFileSync(join(dir, "service.node.json"), JSON.stringify({ ...fixtureService(), runs: "none" }));
    await expect(readResults(dir)).rejects.toThrow(/service\.node\.json: not a valid threadlab\.service\/v1 file/);
  });
});
