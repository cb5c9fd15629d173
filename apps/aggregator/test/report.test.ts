import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { slug } from "../src/report/html/escape.ts";
import { reportCommand } from "../src/report/report-command.ts";
import { scratch } from "./helpers.ts";
import { fixturePools, fixtureResult } from "./fixtures/results.ts";

function folder(results: Record<string, unknown>): string {
  const dir = scratch("threadlab-report-");
  for (const [name, data] of Object.entries(results)) writeFileSync(join(dir, name), JSON.stringify(data));
  return dir;
}

describe("report from fixture results", () => {
  it("adds 'Choosing a pool' from pools.<runtime>.json: ratios generated from the race, errors escaped", async () => {
    const dir = folder({ "node.json": fixtureResult("node"), "pools.node.json": fixturePools("node", { hostileError: true }) });
    const outcome = await reportCommand(dir);
    const md = readFileSync(join(dir, "report.md"), "utf8");
    expect(md).toContain("## Choosing a pool");
    expect(md).toContain("node 20.0.0: threadlab ran tiny tasks at 600,000/s, 6.0× the fastest peer (poolifier, 100,000/s)");
    // Every comparison in it is made from the numbers it quotes (see the pools sentence's own test).
    // Prose in report.md is wrapped at 120 columns: read it as one line.
    expect(md.replace(/\s+/g, " ")).toContain("Per tiny task it used 2.70 µs of CPU over all threads, no more than the 13.4 µs of poolifier");
    expect(md).toContain("| threadlab (this project) | 1.0.0 | 600,000 | 6.00× | 0.80 / 1.60 | 90% | 2.70 / 5.40 | 0.10% |");
    expect(md).toContain("- **poolifier**:");
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain('<details class="section level-2" id="pools"><summary><h2>Choosing a pool</h2>');
    expect(html).toContain('href="#pools"');
    expect(html).not.toContain('<img src=x onerror="alert(1)">');
    expect(outcome.terminal).toContain("Choosing a pool");
    // The overview's last row and the verdict carry the race too.
    expect(md).toContain("| pools race: vs best peer | 6.0× |");
    expect(md).toContain("- **Which pool:** threadlab's pool ran tiny tasks at 6.0× (node) the fastest peer's rate.");
  });

  it("says a race of fewer than five rounds is indicative, not for comparing", async () => {
    const dir = folder({ "node.json": fixtureResult("node"), "pools.node.json": fixturePools("node", { rounds: 1 }) });
    await reportCommand(dir);
    expect(readFileSync(join(dir, "report.md"), "utf8")).toContain("node 20.0.0 (one round, no interval: indicative, not for comparing): threadlab ran tiny tasks at 600,000/s");
  });

  it("refuses a pools file that is not valid, naming it", async () => {
    const bad = { ...fixturePools(), contenders: [{ name: 1 }] };
    const dir = folder({ "node.json": fixtureResult("node"), "pools.node.json": bad });
    await expect(reportCommand(dir)).rejects.toThrow(/pools\.node\.json: not a valid threadlab\.pools\/v1 file/);
  });

  it("writes report.html, report.md and summary.json comparing runtimes", async () => {
    const dir = folder({ "node.json": fixtureResult("node"), "bun.json": fixtureResult("bun", { scale: 2 }) });
    const outcome = await reportCommand(dir);
    expect(outcome.files.map((f) => f.slice(dir.length + 1))).toEqual(["report.html", "report.md", "summary.json"]);
    expect(outcome.allOk).toBe(false); // n-body workers(2) failed verification in both

    const md = readFileSync(join(dir, "report.md"), "utf8");
    // A cell: the median and the speed-up; the interval and n sit in HTML's tooltip and, for a flagged cell, Markdown's footnote.
    expect(md).toContain("| strategy | node | bun |");
    expect(md).toContain("| workers(2) | 52.0 ms · 1.92× | 104 ms · 1.92× |");
    // A wrong answer is shown as failed, never as a time.
    expect(md).toContain("| workers(2) | FAILED: wrong answer | FAILED: wrong answer |");

    const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"));
    const row = summary.rows.find((r: any) => r.runtime === "bun" && r.workload === "mandelbrot" && r.threads === 2);
    expect(row).toMatchObject({ strategy: "workers", medianMs: 104, verified: true });
    expect(row.speedup).toBeCloseTo(100 / 52, 6);

    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html.length).toBeLessThan(1_000_000);
    expect(html).not.toMatch(/<(script|link|img)[^>]+src=["']?https?:/i); // nothing fetched from the network
    expect(html).toContain('id="chart-speedup-mandelbrot"');
    expect(html).toContain("FAILED: wrong answer");
    expect(html).toContain('title="median 52.0 ms, 95% interval 51.0 ms–53.0 ms, n 3; speed-up 1.92× (1.83×–2.02×); efficiency 96%; Karp–Flatt 0.040"');
    for (const section of ['id="verdict"', 'id="overview"', 'id="machine"', 'id="overheads"', 'id="concepts"', "Asynchronous processing", "Multithreading with shared memory"]) {
      expect(html).toContain(section);
    }
  });

  it("escapes every string that comes from a result file", async () => {
    const dir = folder({ "node.json": fixtureResult("node", { hostile: true }) });
    await reportCommand(dir);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).not.toContain('<script>alert("x")</script>');
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).not.toContain('<img src=x onerror="alert(1)">');
    // Inside the embedded chart data too: no closing tag can end the script element early.
    const data = /<script type="application\/json" id="chart-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    expect(data).not.toContain("</");
    const md = readFileSync(join(dir, "report.md"), "utf8");
    expect(md).not.toContain("<script>");
  });

  it("compares machines as well as runtimes when results come from several", async () => {
    const dir = folder({
      "a.node.json": fixtureResult("node", { machine: "laptop" }),
      "b.node.json": fixtureResult("node", { machine: "server", scale: 0.5 }),
    });
    await reportCommand(dir);
    const md = readFileSync(join(dir, "report.md"), "utf8");
    expect(md).toContain("| strategy | node @ laptop | node @ server |");
  });
});

describe("sampling flags, suspect rows and meaningless figures", () => {
  it("shows n, noisy and outliers; a suspect row never as a speed-up, with its reason, in every rendering and summary.json", async () => {
    const dir = folder({ "node.json": fixtureResult("node", { artefacts: true }) });
    const outcome = await reportCommand(dir);
    const md = readFileSync(join(dir, "report.md"), "utf8");
    const html = readFileSync(join(dir, "report.html"), "utf8");
    const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"));

    // The stalled row: noisy (its interval wider than ±10%), two outliers counted (and kept: the median is still of all 9),
    // on the cell as a mark with a footnote in Markdown, in the tooltip in HTML.
    expect(md).toContain("| workers(4) | 60.0 ms · 1.67×~[^1] |");
    const flat = md.replace(/\n {4}/g, " ");
    expect(flat).toMatch(/\n\[\^1\]: node mandelbrot workers\(4\): median 60\.0 ms, 95% interval [^;]+, n 9; speed-up 1\.67×[^;]*;[^\n]*; noisy: its interval spans ±\d+\.\d%; 2 outliers \(kept\)/);
    expect(html).toMatch(/title="median 60\.0 ms, 95% interval [^"]*, n 9; [^"]*noisy: its interval spans ±[^"]*2 outliers \(kept\)"/);
    const stalled = summary.rows.find((r: any) => r.workload === "mandelbrot" && r.threads === 4);
    expect(stalled).toMatchObject({ samples: 9, noisy: true, outliers: [4, 7], stop: "budget" });

    // n-body workers(1) at 1.38× sequential: suspect, the ratio never shown as a speed-up, the reason in the footnote and tooltip.
    expect(md).toContain("| workers(1) | 7.25 ms · suspect[^2] |");
    expect(flat).toMatch(/\n\[\^2\]: node n-body workers\(1\): median 7\.25 ms[^\n]*; suspect: workers\(1\) ran 1\.38× as fast as sequential/);
    expect(html).toMatch(/<td title="median 7\.25 ms[^"]*suspect: workers\(1\) ran 1\.38× as fast as sequential[^"]*"><b>7\.25 ms<\/b> <span class="suspect">suspect<\/span>/);
    // The terminal's overview (n = cores) never shows a suspect ratio.
    expect(outcome.terminal).not.toMatch(/1\.38×/);
    const suspect = summary.rows.find((r: any) => r.workload === "n-body" && r.strategy === "workers" && r.threads === 1);
    expect(suspect.speedup).toBeUndefined();
    expect(suspect.suspect.reason).toMatch(/^workers\(1\) ran 1\.38×/);
    expect(suspect.suspect.ratioToSequential).toBeCloseTo(1.38, 6);
    // The speed-up chart leaves it out too: with no fair row left, n-body has no speed-up chart, and the page says why.
    const { charts } = JSON.parse(/<script type="application\/json" id="chart-data">([\s\S]*?)<\/script>/.exec(html)![1]!);
    expect(charts.find((c: any) => c.id === "chart-speedup-n-body")).toBeUndefined();
    expect(html).toContain("No speed-up chart: no fair row of n-body has one (suspect or failed rows only).");

    // noop: no efficiency, no Karp–Flatt (the file carries one; it means nothing).
    const noop = summary.rows.find((r: any) => r.workload === "noop" && r.strategy === "workers");
    expect(noop).toMatchObject({ efficiency: null, karpFlatt: null });
    // A ratio below 0.01 as a fraction, never "0.00×".
    expect(md).toMatch(/### noop[\s\S]*\| workers\(2\) \| 16\.0 ms · ×1\/160 \|/);
    // The parallelism table agrees: no KF 319 for noop, no speed-up for the suspect row.
    expect(md).toContain("| noop · 2 | ×1/160 |");
    expect(md).toContain("| n-body · 1 | suspect: 1.38× sequential |");
  });
});

describe("report.html stays small", () => {
  it("draws thousands of back-to-back calls as a few bars, well under 1 MB", async () => {
    const heavy = fixtureResult("node");
    for (const s of heavy.scenarios) {
      if (s.status === "ok") {
        s.timeline = Array.from({ length: 2000 }, (_, i) => ({ workerId: i % 2, method: "echo", start: i * 0.01, end: i * 0.01 + 0.009, ok: true }));
      }
    }
    const dir = folder({ "node.json": heavy, "bun.json": { ...heavy, runtime: { ...heavy.runtime, name: "bun" } } });
    await reportCommand(dir);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html.length).toBeLessThan(1_000_000);
    expect((html.match(/<rect/g) ?? []).length).toBeLessThan(200);
  });
});

describe("threadlab merge", () => {
  it("tags each result by machine so the report compares machines", async () => {
    const { mergeCommand } = await import("../src/merge.ts");
    const a = folder({ "node.json": fixtureResult("node", { machine: "laptop" }) });
    const b = folder({ "node.json": fixtureResult("node", { machine: "server" }), "bun.json": fixtureResult("bun", { machine: "server" }) });
    const out = scratch("threadlab-merged-");
    const written = await mergeCommand([a, b], out);
    expect(written.map((p) => p.slice(out.length + 1)).sort()).toEqual(["laptop.node.json", "server.bun.json", "server.node.json"]);
    await reportCommand(out);
    expect(readFileSync(join(out, "report.md"), "utf8")).toContain("| bun @ server |");
  });

  it("names a pools race by the machine it ran on, or by its folder where the file names none", async () => {
    const { mergeCommand } = await import("../src/merge.ts");
    const machine = { name: "laptop", cpuModel: "Test CPU", cores: 2, os: "Linux 6", arch: "x64" };
    const a = folder({ "node.json": fixtureResult("node", { machine: "laptop" }), "pools.node.json": { ...fixturePools("node"), machine } });
    const b = folder({ "node.json": fixtureResult("node", { machine: "server" }), "pools.deno.json": fixturePools("deno") });
    const out = scratch("threadlab-merged-");
    const written = (await mergeCommand([a, b], out)).map((p) => p.slice(out.length + 1));
    expect(written.sort()).toEqual(["laptop.node.json", "laptop.pools.node.json", "server.node.json", `${slug(basename(b))}.pools.deno.json`].sort());
    expect(JSON.parse(readFileSync(join(out, "laptop.pools.node.json"), "utf8")).machine).toEqual(machine);
  });

  it("writes nothing when an input folder holds an invalid file", async () => {
    const { mergeCommand } = await import("../src/merge.ts");
    const good = folder({ "node.json": fixtureResult("node") });
    const bad = folder({ "deno.json": { schema: "nope" } });
    const out = join(scratch("threadlab-merged-"), "out");
    await expect(mergeCommand([good, bad], out)).rejects.toThrow(/deno\.json/);
    expect(() => readFileSync(join(out, "ci-box.node.json"))).toThrow();
  });
});
