import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic, type StaticServer } from "../src/serve-static.ts";
import { rawGet, scratchDir } from "./helpers.ts";

// <tmp>/secret.txt sits beside the served folder <tmp>/site, and must never be reachable.
const tmp = scratchDir("server");
const site = join(tmp, "site");
const SECRET = "TOP-SECRET-CONTENT";
let server: StaticServer;

beforeAll(async () => {
  mkdirSync(join(site, "sub"), { recursive: true });
  writeFileSync(join(tmp, "secret.txt"), SECRET);
  writeFileSync(join(site, "index.html"), "<!doctype html><title>ok</title>");
  writeFileSync(join(site, "sub", "a.js"), "export const a = 1;");
  writeFileSync(join(site, ".env"), SECRET);
  symlinkSync(join(tmp, "secret.txt"), join(site, "link.txt"));
  server = await serveStatic(site);
});
afterAll(async () => {
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("the page server", () => {
  it("listens on 127.0.0.1 on a free port", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it("serves files with COOP/COEP/CORP so pages are cross-origin isolated", async () => {
    for (const path of ["/", "/index.html", "/sub/a.js", "/missing.js"]) {
      const r = await rawGet(server.port, path);
      expect(r.headers["cross-origin-opener-policy"], path).toBe("same-origin");
      expect(r.headers["cross-origin-embedder-policy"], path).toBe("require-corp");
      expect(r.headers["cross-origin-resource-policy"], path).toBe("same-origin");
    }
    const index = await rawGet(server.port, "/");
    expect(index.status).toBe(200);
    expect(index.headers["content-type"]).toMatch(/^text\/html/);
    expect(index.body).toContain("<title>ok</title>");
    const js = await rawGet(server.port, "/sub/a.js?v=1");
    expect(js.status).toBe(200);
    expect(js.headers["content-type"]).toMatch(/^text\/javascript/);
    expect(js.body).toBe("export const a = 1;");
    const head = await rawGet(server.port, "/sub/a.js", "HEAD");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
  });

  it("answers 404 for missing files and 405 for other methods", async () => {
    expect((await rawGet(server.port, "/nope.html")).status).toBe(404);
    expect((await rawGet(server.port, "/sub/")).status).toBe(404); // a folder without index.html
    expect((await rawGet(server.port, "/index.html", "POST")).status).toBe(405);
  });

  const traversals = [
    "/../secret.txt",
    "/sub/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/..%2fsecret.txt",
    "/..%2Fsecret.txt",
    "/%2e%2e%2fsecret.txt",
    "/sub/%2e%2e/%2e%2e/secret.txt",
    "/.%2e/secret.txt",
    "/..%5csecret.txt",
    "/..\\secret.txt",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
    `/${encodeURIComponent(join(tmp, "secret.txt"))}`,
    `${join(tmp, "secret.txt")}`,
    "http://127.0.0.1/../secret.txt",
    "/index.html%00",
    "/%00../secret.txt",
    "/..%00/secret.txt",
    "/%252e%252e/secret.txt",
    "/%c0%ae%c0%ae/secret.txt",
    "/.env",
    "/link.txt",
  ];

  it.each(traversals)("refuses %s with 403/404 and never leaks the file", async (path) => {
    const r = await rawGet(server.port, path);
    expect([400, 403, 404]).toContain(r.status);
    if (!path.includes("%00") && !path.includes("%c0")) expect([403, 404]).toContain(r.status);
    expect(r.body).not.toContain(SECRET);
  });

  it("refuses raw NUL bytes in the path", async () => {
    const r = await rawGet(server.port, "/index.html\0.txt");
    expect([400, 403, 404]).toContain(r.status);
    expect(r.body).not.toContain("<title>ok</title>");
  });

  it("answers the delay route after the delay, only when asked to", async () => {
    expect((await rawGet(server.port, "/__threadlab/delay?ms=10")).status).toBe(404);
    const delaying = await serveStatic(site, { delayRoute: true });
    try {
      const t0 = performance.now();
      const r = await rawGet(delaying.port, "/__threadlab/delay?ms=150");
      expect(r.status).toBe(200);
      expect(r.headers["cross-origin-resource-policy"]).toBe("same-origin");
      expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
      expect((await rawGet(delaying.port, "/index.html")).status).toBe(200);
    } finally {
      await delaying.close();
    }
  });

  it("serves nothing once closed", async () => {
    const other = await serveStatic(dirname(join(site, "index.html")));
    await other.close();
    await expect(rawGet(other.port, "/")).rejects.toThrow();
  });
});
