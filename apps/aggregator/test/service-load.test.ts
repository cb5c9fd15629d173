import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type RequestListener, type Server } from "node:http";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { measureCapacity, runStep, type StepOutcome, type StepSpec } from "../src/service/load.ts";

const servers: Server[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

async function serve(handler: RequestListener): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return { server, base: `http://127.0.0.1:${address.port}` };
}

const answerAtOnce: RequestListener = (_req, res) => res.end("ok");

function connections(server: Server): Promise<number> {
  return new Promise((done, fail) => server.getConnections((e, n) => (e ? fail(e) : done(n))));
}

/** Counts the connections a server accepts from now on. */
function countConnections(server: Server): () => number {
  let n = 0;
  server.on("connection", () => n++);
  return () => n;
}

/** The server notices a closed socket a moment after the client closes it. */
async function expectNoConnections(server: Server): Promise<void> {
  const until = Date.now() + 1000;
  while ((await connections(server)) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  expect(await connections(server)).toBe(0);
}

function spec(base: string, over: Partial<StepSpec> = {}): StepSpec {
  return { base, path: (i) => `/work?i=${i}`, verify: (body) => body === "ok", rateRps: 400, durationMs: 500, timeoutMs: 2000, connections: 8, ...over };
}

function expectBalanced(r: StepOutcome): void {
  expect(r.sent).toBe(r.ok + r.wrong + r.errors + r.timeouts);
}

describe("runStep", () => {
  it("holds the rate against a server that answers at once, and closes its sockets", async () => {
    const { server, base } = await serve(answerAtOnce);
    const r = await runStep(spec(base));
    expect(r.sent).toBeGreaterThanOrEqual(190);
    expect(r.sent).toBeLessThanOrEqual(210);
    expect(r.ok).toBe(r.sent);
    expect(r.wrong + r.errors + r.timeouts).toBe(0);
    expect(r.latency.count).toBe(r.ok);
    expect(r.latency.p50).toBeLessThan(50);
    expect(r.latency.max).toBeGreaterThanOrEqual(r.latency.p99);
    expect(r.offeredRps).toBe(400);
    expect(r.achievedRps).toBeGreaterThan(300);
    await expectNoConnections(server);
  });

  it("counts answers that fail verification as wrong", async () => {
    const { base } = await serve((req, res) => res.end(new URL(req.url!, "http://x").searchParams.get("i")!));
    const r = await runStep(spec(base, { verify: (body, i) => i % 2 === 0 && body === String(i) }));
    expectBalanced(r);
    expect(r.errors + r.timeouts).toBe(0);
    expect(Math.abs(r.wrong - r.sent / 2)).toBeLessThanOrEqual(1);
    expect(Math.abs(r.ok - r.sent / 2)).toBeLessThanOrEqual(1);
  });

  it("counts non-2xx answers as errors", async () => {
    const { base } = await serve((_req, res) => {
      res.statusCode = 500;
      res.end("no");
    });
    const r = await runStep(spec(base, { rateRps: 100, durationMs: 200 }));
    expect(r.errors).toBe(r.sent);
    expect(r.latency.count).toBe(0);
    expect(r.achievedRps).toBe(0);
  });

  it("keeps sending while the server stalls, so the stall shows in p99", async () => {
    // In another process, so the stall blocks the server and not the generator.
    const child = spawn(
      process.execPath,
      [
        "-e",
        `const http = require("node:http"); let n = 0;
         const s = http.createServer((req, res) => { if (++n === 10) { const t = Date.now(); while (Date.now() - t < 300); } res.end("ok"); });
         s.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: s.address().port })));`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    children.push(child);
    const line = await new Promise<string>((done) => createInterface({ input: child.stdout! }).once("line", done));
    const base = `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`;
    const r = await runStep(spec(base, { rateRps: 200, durationMs: 1000, connections: 4 }));
    expect(r.ok).toBe(r.sent);
    expect(r.sent).toBeGreaterThanOrEqual(190);
    expect(r.latency.p99).toBeGreaterThanOrEqual(200);
    expect(r.latency.p50).toBeLessThan(50);
  });

  it("aborts requests left unanswered past timeoutMs and closes their sockets", async () => {
    const { server, base } = await serve(() => {
      // Never answers.
    });
    const started = Date.now();
    const r = await runStep(spec(base, { path: () => "/slow", rateRps: 50, durationMs: 300, timeoutMs: 400, connections: 4 }));
    expect(Date.now() - started).toBeLessThan(400 + 300 + 1000);
    expect(r.sent).toBeGreaterThanOrEqual(14);
    expect(r.timeouts).toBe(r.sent);
    expect(r.ok + r.errors + r.wrong).toBe(0);
    expect(r.achievedRps).toBe(0);
    await expectNoConnections(server);
  });

  it("uses at most `connections` sockets, and the wait for one counts in latency", async () => {
    let open = 0;
    let most = 0;
    const { server, base } = await serve((_req, res) => {
      open++;
      most = Math.max(most, open);
      setTimeout(() => {
        open--;
        res.end("ok");
      }, 20);
    });
    const accepted = countConnections(server);
    // 100/s offered to one connection that serves 50/s: the queue, and the latency, grow.
    const r = await runStep(spec(base, { rateRps: 100, durationMs: 300, connections: 1 }));
    expect(r.ok).toBe(r.sent);
    expect(most).toBe(1);
    expect(accepted()).toBe(1);
    expect(r.latency.max).toBeGreaterThanOrEqual(200);
    expect(r.achievedRps).toBeLessThan(60);
    await expectNoConnections(server);
  });

  it("probes health on its own sockets, not queued behind stuck work requests", async () => {
    const { base } = await serve((req, res) => {
      if (req.url === "/health") res.end("up");
      // Work requests are never answered.
    });
    const r = await runStep(spec(base, { rateRps: 50, durationMs: 500, timeoutMs: 300, connections: 1, health: { path: "/health", rateRps: 20 } }));
    expect(r.timeouts).toBe(r.sent);
    expect(r.health.count).toBe(10);
    expect(r.health.p99).toBeLessThan(50);
  });

  it("probes health on its own stream and histogram, without spinning while idle", async () => {
    const { base } = await serve((req, res) => res.end(req.url === "/health" ? "up" : "ok"));
    const cpu = process.cpuUsage();
    const r = await runStep(spec(base, { rateRps: 20, durationMs: 1000, health: { path: "/health", rateRps: 20 } }));
    const used = process.cpuUsage(cpu);
    expect(r.ok).toBe(r.sent);
    expect(r.sent).toBe(20);
    expect(r.health.count).toBeGreaterThanOrEqual(19);
    expect(r.health.count).toBeLessThanOrEqual(21);
    // The health p99 comes with its interval; 20 probes are far too few for its top to be a bound.
    expect(r.health.p99Ci).toMatchObject({ bounded: false });
    expect(r.health.p99Ci!.low).toBeLessThanOrEqual(r.health.p99);
    // Every send's lateness behind its schedule, both streams: a timer-driven generator is never early.
    expect(r.generatorLateMs!.count).toBe(40);
    expect(r.generatorLateMs!.p50).toBeGreaterThanOrEqual(0);
    // 40 requests in a second: a spinning scheduler would burn most of that second.
    expect((used.user + used.system) / 1000).toBeLessThan(300);
  });

  it("ends early on an aborted signal, with nothing left in flight", async () => {
    const { server, base } = await serve(() => {
      // Never answers.
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const r = await runStep(spec(base, { rateRps: 100, durationMs: 3000, timeoutMs: 5000, connections: 4 }), controller.signal);
    expect(Date.now() - started).toBeLessThan(600);
    const late = countConnections(server);
    expect(r.sent).toBeGreaterThanOrEqual(20);
    expect(r.sent).toBeLessThanOrEqual(40);
    expectBalanced(r);
    expect(r.timeouts).toBe(r.sent);
    await expectNoConnections(server);
    // Nothing it left behind connects afterwards.
    await new Promise((done) => setTimeout(done, 100));
    expect(late()).toBe(0);
  });

  it("resolves at once on a signal aborted before it starts", async () => {
    const { base } = await serve(answerAtOnce);
    const r = await runStep(spec(base), AbortSignal.abort());
    expect(r.sent).toBe(0);
    expect(r.latency.count).toBe(0);
  });
});

describe("measureCapacity", () => {
  it("finds a positive ceiling against the sink and kills it", async () => {
    let pid = 0;
    const rps = await measureCapacity({ stepMs: 300, maxRps: 8000, onSink: (p) => (pid = p) });
    expect(rps).toBeGreaterThan(0);
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
