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

test("serve answers with core's handler, and two servers with reusePort share one port", async () => {
  const first = await io.serve!(async (path) => ({ status: 200, body: JSON.stringify({ path, server: 1 }) }), { reusePort: true });
  const second = await io.serve!(async () => ({ status: 201, body: '{"server":2}' }), { port: first.port, reusePort: true });
  try {
    const response = await fetch(`http://127.0.0.1:${first.port}/work?i=3&s=1`);
    expect(response.headers.get("content-type")).toBe("application/json");
    const body = (await response.json()) as { server: number; path?: string };
    if (body.server === 1) expect(body.path).toBe("/work?i=3&s=1");
    expect(second.port).toBe(first.port);
  } finally {
    await first.close();
    await second.close();
  }
  await expect(fetch(`http://127.0.0.1:${first.port}/`)).rejects.toThrow();
});

test("serve answers 500 with the message when the handler throws", async () => {
  const server = await io.serve!(() => Promise.reject(new Error("kernel broke")));
  try {
    const response = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("kernel broke");
  } finally {
    await server.close();
  }
});
