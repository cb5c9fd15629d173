import assert from "node:assert/strict";
import { denoAdapter } from "../src/index.ts";

const io = denoAdapter.io!;

Deno.test("delayServer answers every request with 'ok' after the delay, and close() really stops it", async () => {
  const server = await io.delayServer(100);
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const t0 = performance.now();
  const answers = await Promise.all([0, 1, 2].map(() => fetch(server.url).then((r) => r.text())));
  const ms = performance.now() - t0;
  assert.deepEqual(answers, ["ok", "ok", "ok"]);
  assert.ok(ms >= 95, `answered after ${ms} ms`);
  assert.ok(ms < 1_000, `three concurrent requests took ${ms} ms: the delays should overlap`);
  await server.close();
  await assert.rejects(fetch(server.url), TypeError); // connection refused: nothing listens any more
});

Deno.test("tempFile reads back its size, and remove() deletes it", async () => {
  const file = await io.tempFile!(256 * 1024 + 7);
  assert.equal(await file.read(), 256 * 1024 + 7);
  assert.equal(await file.read(), 256 * 1024 + 7);
  await file.remove();
  await assert.rejects(file.read(), Deno.errors.NotFound);
});

Deno.test("serve answers with core's handler, and two servers with reusePort share one port", async () => {
  const first = await io.serve!(async (path) => ({ status: 200, body: JSON.stringify({ path, server: 1 }) }), { reusePort: true });
  const second = await io.serve!(async () => ({ status: 201, body: '{"server":2}' }), { port: first.port, reusePort: true });
  try {
    const response = await fetch(`http://127.0.0.1:${first.port}/work?i=3&s=1`);
    assert.equal(response.headers.get("content-type"), "application/json");
    const body = (await response.json()) as { server: number; path?: string };
    if (body.server === 1) assert.equal(body.path, "/work?i=3&s=1");
    assert.equal(second.port, first.port);
  } finally {
    await first.close();
    await second.close();
  }
  await assert.rejects(fetch(`http://127.0.0.1:${first.port}/`), TypeError);
});

Deno.test("serve answers 500 with the message when the handler throws", async () => {
  const server = await io.serve!(() => Promise.reject(new Error("kernel broke")));
  try {
    const response = await fetch(`http://127.0.0.1:${server.port}/`);
    assert.equal(response.status, 500);
    assert.equal(await response.text(), "kernel broke");
  } finally {
    await server.close();
  }
});
