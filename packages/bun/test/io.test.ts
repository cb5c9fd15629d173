import { expect, test } from "bun:test";
import { bunAdapter } from "../src/index.ts";

const io = bunAdapter.io!;

test("delayServer answers every request with 'ok' after the delay, and close() really stops it", async () => {
  const server = await io.delayServer(100);
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  const t0 = performance.now();
  const answers = await Promise.all([0, 1, 2].map(() => fetch(server.url).then((r) => r.text())));
  const ms = performance.now() - t0;
  expect(answers).toEqual(["ok", "ok", "ok"]);
  expect(ms).toBeGreaterThanOrEqual(95);
  expect(ms).toBeLessThan(1_000); // three concurrent requests: the delays overlap
  await server.close();
  await expect(fetch(server.url)).rejects.toThrow(); // connection refused: nothing listens any more
});

test("tempFile reads back its size, and remove() deletes it", async () => {
  const file = await io.tempFile!(256 * 1024 + 7);
  expect(await file.read()).toBe(256 * 1024 + 7);
  expect(await file.read()).toBe(256 * 1024 + 7);
  await file.remove();
  await expect(file.read()).rejects.toThrow();
});
