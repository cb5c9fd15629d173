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
